// The articles list: on a wide screen the filters (form and facets) are a column beside the
// results, so they open at once; on a phone they stay folded above the results, which then
// start on the first screen. Without this script they are folded everywhere, one tap away.
(function () {
  "use strict";
  var filters = document.getElementById("filters");
  if (filters && window.matchMedia("(min-width: 60rem)").matches) {
    filters.open = true;
  }
})();
