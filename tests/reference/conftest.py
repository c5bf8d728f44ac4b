"""The generator script needs PyTorch, which the book's environment does not
have; it is run by hand (see its docstring), never collected by pytest."""

collect_ignore = ["make_torch_reference.py"]
