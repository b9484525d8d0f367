/* Search page: filters folded away on phones, focus to the results after a search. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-filter-panel]");
  // Folded on a phone, unless a filter needs fixing (its message must stay in sight).
  if (panel && !panel.querySelector(".field--error") && window.matchMedia("(max-width: 47.99rem)").matches) {
    panel.open = false;
  }
  // After a search: focus on the error summary when a filter needs fixing, else on the results heading.
  var target = document.querySelector("[data-focus-on-load]");
  if (target) target.focus();
  // A link in the error summary puts focus in its field, opening the folded filter panel first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      var folded = field.closest("details");
      if (folded) folded.open = true;
      field.focus();
    });
  }
})();
