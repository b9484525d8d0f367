/* The "Waar zoek je?" box: "Gebruik mijn locatie" (school suggestions: school-picker.js). An enhancement:
   the form works without it (type a postcode, place or school and submit). */
(function () {
  "use strict";

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
          input.value = position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
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

  document.querySelectorAll("[data-use-location]").forEach(useMyLocation);
})();
