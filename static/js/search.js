/* Search page: filters folded away on phones, focus to the results after a search. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-filter-panel]");
  if (panel && window.matchMedia("(max-width: 47.99rem)").matches) panel.open = false;
  var heading = document.querySelector("[data-results-heading][data-focus-on-load]");
  if (heading) heading.focus({ preventScroll: false });
})();
