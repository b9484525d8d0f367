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

  // School suggestions: a native <datalist> filled from the server as the teacher types.
  var schoolInput = form.querySelector("input[data-suggest-url]");
  if (schoolInput && window.fetch) {
    var list = document.createElement("datalist");
    list.id = "school-suggestions";
    form.appendChild(list);
    schoolInput.setAttribute("list", list.id);
    schoolInput.setAttribute("autocomplete", "off");
    var timer = null;
    schoolInput.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = schoolInput.value.trim();
      if (query.length < 3) { return; }
      timer = window.setTimeout(function () {
        var url = schoolInput.getAttribute("data-suggest-url") + "&q=" + encodeURIComponent(query);
        fetch(url, { headers: { "Accept": "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { schools: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.schools.forEach(function (label) {
              var option = document.createElement("option");
              option.value = label;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are optional */ });
      }, 250);
    });
  }
})();
