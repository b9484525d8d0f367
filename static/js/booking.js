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

  // A full date puts the booker on the waitlist: the button and the note above the dates say so.
  var submit = document.getElementById("booking-submit");
  var waitlistNote = document.getElementById("waitlist-note");

  function updateWaitlist() {
    var dates = form.querySelectorAll("input[name='sessions']");
    if (!submit || !dates.length) { return; }
    var picked = form.querySelectorAll("input[name='sessions']:checked");
    var chosen = picked.length ? picked : dates;
    var full = Array.prototype.every.call(chosen, function (input) { return input.dataset.full === "true"; });
    submit.textContent = full ? submit.dataset.waitlistText : submit.dataset.bookText;
    var title = document.getElementById("booking-title");
    if (title) { title.textContent = full ? title.dataset.waitlistText : title.dataset.bookText; }
    if (waitlistNote) { waitlistNote.hidden = !full; }
  }

  form.addEventListener("change", update);
  form.addEventListener("change", updateWaitlist);
  update();
  updateWaitlist();

  // The school picker (static/js/school-picker.js) fires "schoolpicked": the level follows from the
  // school, and the free-bus answer is fetched at once (before submitting).
  var busAnswer = document.getElementById("bus-answer");
  var schoolInput = form.querySelector("input[data-school-picker]");

  function schoolCode() {
    var hidden = form.querySelector("input[name='picked_school']");
    var checked = form.querySelector("input[type=radio][name=school]:checked");
    return (hidden && hidden.value) || (checked && checked.value) || "";
  }

  function askBus() {
    var code = schoolCode();
    if (!busAnswer || !schoolInput || !schoolInput.dataset.busUrl || !code || !window.fetch) { return; }
    var params = new URLSearchParams({ school: code });
    ["po_group", "vo_year", "vo_track"].forEach(function (name) {
      var field = form.querySelector("[name='" + name + "']");
      if (field && field.value) { params.set(name, field.value); }
    });
    fetch(schoolInput.dataset.busUrl + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.message) { return; }
        var paragraph = document.createElement("p");
        var label = document.createElement("strong");
        label.textContent = busAnswer.dataset.label + " ";
        paragraph.appendChild(label);
        paragraph.appendChild(document.createTextNode(data.message + " "));
        var link = document.createElement("a");
        link.href = busAnswer.dataset.rulesUrl;
        link.textContent = busAnswer.dataset.rulesText;
        paragraph.appendChild(link);
        busAnswer.className = "bus-answer bus-answer--" + data.status;
        busAnswer.replaceChildren(paragraph);
      })
      .catch(function () { /* the server answers again after submitting */ });
  }

  form.addEventListener("schoolpicked", function (event) {
    var school = event.detail;
    var candidates = form.querySelector(".school-candidates");
    if (candidates) { candidates.remove(); }
    var hidden = form.querySelector("input[name='picked_school']");
    if (hidden) { hidden.value = school.code; }
    var level = form.querySelector("input[name='school_level'][value='" + school.kind + "']");
    if (level) { level.checked = true; }
    update();
    askBus();
  });
  form.addEventListener("change", function (event) {
    if (["po_group", "vo_year", "vo_track", "school"].indexOf(event.target.name) !== -1) { askBus(); }
  });
})();
