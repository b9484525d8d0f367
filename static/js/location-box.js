/* The "Waar zoek je?" box: "Gebruik mijn locatie" and school suggestions. An enhancement:
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

  function schoolPicker(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var lastQuery = "";
    if (!list || !window.fetch) return;
    input.addEventListener("input", function () {
      var query = input.value.trim();
      clearTimeout(timer);
      // Postcodes, coordinates and very short input need no school suggestions.
      if (query.length < 3 || /^[\d\s.,;-]+[a-zA-Z]{0,2}$/.test(query) || query === lastQuery) return;
      timer = setTimeout(function () {
        lastQuery = query;
        fetch(input.dataset.schoolsUrl + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, (data.results || []).map(function (school) {
              var option = document.createElement("option");
              option.value = school.label;
              return option;
            }));
          })
          .catch(function () { /* suggestions are optional */ });
      }, 200);
    });
  }

  document.querySelectorAll("[data-use-location]").forEach(useMyLocation);
  document.querySelectorAll("[data-school-picker]").forEach(forgetPointWhenTyping);
  document.querySelectorAll("[data-school-picker]").forEach(schoolPicker);
})();
