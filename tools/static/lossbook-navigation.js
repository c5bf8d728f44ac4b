// The menu and Contents buttons of the book's pages, made to work.
//
// pydata-sphinx-theme 0.17 listens only to the FIRST .primary-toggle and
// .secondary-toggle of a page, which are hidden header buttons; the visible
// ones (sphinx-book-theme's, in the article header) do nothing
// (pydata-sphinx-theme#2451, sphinx-book-theme#988). Here every toggle works:
// on a narrow screen it opens the theme's drawer (its keyboard and Escape
// handling included); on a wide screen the menu button hides or shows the
// left sidebar, as sphinx-book-theme intends.
(() => {
  const wide = window.matchMedia("(min-width: 960px)");
  const root = document.documentElement;

  function repair() {
    for (const kind of ["primary", "secondary"]) {
      const buttons = Array.from(document.querySelectorAll(`.${kind}-toggle`));
      const themed = buttons[0]; // the one the theme's handler is bound to
      for (const button of buttons) {
        button.addEventListener(
          "click",
          (event) => {
            if (kind === "primary" && wide.matches) {
              event.preventDefault();
              event.stopImmediatePropagation();
              const shown = root.dataset.lossbookSidebar !== "hidden";
              root.dataset.lossbookSidebar = shown ? "hidden" : "shown";
              buttons.forEach((b) => b.setAttribute("aria-expanded", String(!shown)));
            } else if (button !== themed) {
              event.preventDefault();
              event.stopImmediatePropagation();
              themed.click();
            }
          },
          true, // before the theme's own listener
        );
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", repair);
  } else {
    repair();
  }
})();
