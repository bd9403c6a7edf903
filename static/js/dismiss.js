// Explanations shown on hover or focus (the "≈" of an inferred date): Escape hides the one
// open without moving the focus or the pointer (WCAG 1.4.13); it shows again once the
// pointer or the focus has left its mark and come back.
(function () {
  "use strict";
  var SHOWN_ON = ".inferred-mark";
  var DISMISSED = "is-dismissed";

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") {
      return;
    }
    var open = document.querySelectorAll(
      SHOWN_ON + ":hover:not(." + DISMISSED + "), " + SHOWN_ON + ":focus:not(." + DISMISSED + ")"
    );
    open.forEach(function (mark) {
      mark.classList.add(DISMISSED);
      mark.addEventListener("mouseleave", restore);
      mark.addEventListener("blur", restore);
    });
  });

  function restore(event) {
    var mark = event.currentTarget;
    // Both pointer and focus must have left: hovering away from a focused mark keeps it hidden.
    if (mark.matches(":hover") || mark === document.activeElement) {
      return;
    }
    mark.classList.remove(DISMISSED);
    mark.removeEventListener("mouseleave", restore);
    mark.removeEventListener("blur", restore);
  }
})();
