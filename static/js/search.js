/* Search page: filters folded away on phones, focus to the results after a search. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-filter-panel]");
  // Folded on a phone, unless a filter needs fixing (its message must stay in sight).
  if (panel && !panel.querySelector(".field--error") && window.matchMedia("(max-width: 47.99rem)").matches) {
    panel.open = false;
  }
  // After a search: focus on the results heading, or on the location box when it needs fixing.
  var target = document.querySelector("[data-focus-on-load]");
  if (target) target.focus();
})();
