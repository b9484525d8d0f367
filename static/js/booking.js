// Booking form enhancements. The form works without this file: every field is visible then.
(function () {
  "use strict";
  var form = document.querySelector(".booking-form");
  if (!form) { return; }

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  function toggle(selector, show) {
    var block = form.querySelector(selector);
    if (block) { block.hidden = !show; }
  }

  function level() {
    var checked = form.querySelector("input[name='school_level']:checked");
    return checked ? checked.value : "";
  }

  function update() {
    var current = level();
    toggle(".group-po", current !== "vo");
    toggle(".group-vo", current !== "po");
    var notListed = form.querySelector("input[name='school_not_listed']");
    toggle(".school-fallback", !notListed || notListed.checked);
    var bus = form.querySelector("input[name='bus_requested']");
    toggle("#field-pickup_address", !bus || bus.checked);
  }

  form.addEventListener("change", update);
  update();
})();
