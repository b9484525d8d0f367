/* Admin change form of an initiative: a small Leaflet map next to the latitude/longitude fields.
   Click the map or drag the marker to set the point; typing in the fields moves the marker.
   The fields stay the source of truth and keep working without this script. */
(function () {
  "use strict";

  // ModelAdmin.Media puts this script in <head>: wait for the form.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  function start() {
    var container = document.getElementById("initiative-map");
    var latitude = document.getElementById("id_latitude");
    var longitude = document.getElementById("id_longitude");
    if (!container || !latitude || !longitude || typeof L === "undefined") {
      return;
    }
    var approximate = document.getElementById("id_is_point_approximate");
    var row = latitude.closest(".form-row");
    if (row) {
      row.after(container);
    }
    container.hidden = false;
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", container.dataset.label || "");

    function parse(value) {
      var number = parseFloat((value || "").trim().replace(",", "."));
      return isNaN(number) ? null : number;
    }

    var map = L.map(container, { scrollWheelZoom: false }).setView([51.95, 4.4], 10);
    if (container.dataset.tiles) {
      L.tileLayer(container.dataset.tiles, {
        maxZoom: 19,
        attribution: "&copy; OpenStreetMap-bijdragers",
      }).addTo(map);
    }
    var marker = null;

    function writeFields(latlng) {
      latitude.value = latlng.lat.toFixed(6);
      longitude.value = latlng.lng.toFixed(6);
      if (approximate) {
        approximate.checked = false; // a point set by hand is no longer the postcode's centre
      }
    }

    function place(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
        return;
      }
      marker = L.marker(latlng, {
        draggable: true,
        keyboard: true,
        title: container.dataset.markerTitle || "",
        alt: container.dataset.markerTitle || "",
      }).addTo(map);
      marker.on("dragend", function () {
        writeFields(marker.getLatLng());
      });
    }

    function readFields() {
      var lat = parse(latitude.value);
      var lng = parse(longitude.value);
      if (lat === null || lng === null) {
        return;
      }
      place([lat, lng]);
      map.setView([lat, lng], Math.max(map.getZoom(), 14));
    }

    map.on("click", function (event) {
      place(event.latlng);
      writeFields(event.latlng);
    });
    latitude.addEventListener("change", readFields);
    longitude.addEventListener("change", readFields);
    readFields();
  }
})();
