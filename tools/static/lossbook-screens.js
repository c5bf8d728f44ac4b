// Formulas wider than their column scroll inside their own box
// (lossbook-screens.css); a keyboard user reaches such a box with Tab and
// scrolls it with the arrow keys. Boxes that fit get no tab stop.
(function () {
  "use strict";
  function markScrollable() {
    var boxes = document.querySelectorAll(
      ".bd-article mjx-container, .bd-article span.math"
    );
    boxes.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(markScrollable, 200);
  });
  window.addEventListener("load", function () {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      MathJax.startup.promise.then(markScrollable);
    }
  });
})();
