// A table wider than its place scrolls in its own box (Material's .md-typeset__scrollwrap, or the table); a reader
// without a mouse or touch screen scrolls it with the keyboard once it can take focus (WCAG 2.1.1;
// axe-core: scrollable-region-focusable). Only boxes that do scroll are made focusable.
(function () {
  function focusable() {
    document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset table:not([class])").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }
  // Material wraps the tables as it shows a page (document$): look once it has, and when the width changes.
  function soon() {
    window.requestAnimationFrame(focusable);
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(soon);
  window.addEventListener("load", soon);
  window.addEventListener("resize", soon);
})();
