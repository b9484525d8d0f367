/* The "Waar zoek je?" box: "Gebruik mijn locatie" (school suggestions: school-picker.js). An enhancement:
   the form works without it (type a postcode, place or school and submit). */
(function () {
  "use strict";

  function setPoint(form, lat, lon, label) {
    form.querySelector("[name=near]").value = label;
    form.querySelector("[data-point]").value = lat.toFixed(5) + "," + lon.toFixed(5);
  }

  function forgetPointWhenTyping(input) {
    var point = input.form && input.form.querySelector("[data-point]");
    if (!point) return;
    input.addEventListener("input", function () { point.value = ""; });
  }

  function useMyLocation(button) {
    var form = button.form;
    var input = form.querySelector("[name=near]");
    var status = form.querySelector("[data-location-status]");
    if (!("geolocation" in navigator)) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.dataset.busy;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          // The box shows a readable label; the coordinates travel in the hidden field.
          setPoint(form, position.coords.latitude, position.coords.longitude, button.dataset.label);
          form.submit();
        },
        function (error) {
          status.textContent = error.code === 1 ? button.dataset.denied : button.dataset.unavailable;
          status.classList.add("error-message");
          input.focus();
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 }
      );
    });
  }

  // A search sends only the fields that say something: "?near=3011&radius_km=10", not "&q=&vo_year=&track=..."
  // for every empty one (a shorter address to share). The formdata event also comes with form.submit().
  function dropEmptyFields(form) {
    form.addEventListener("formdata", function (event) {
      var data = event.formData;
      var kept = [];
      data.forEach(function (value, name) { if (value !== "") kept.push([name, value]); });
      Array.from(new Set(Array.from(data.keys()))).forEach(function (name) { data.delete(name); });
      kept.forEach(function (entry) { data.append(entry[0], entry[1]); });
    });
  }

  document.querySelectorAll("[data-use-location]").forEach(useMyLocation);
  document.querySelectorAll("form[method=get] [name=near]").forEach(function (input) { dropEmptyFields(input.form); });
  document.querySelectorAll("[data-school-picker]").forEach(forgetPointWhenTyping);
})();
