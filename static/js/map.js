/* Maps with the same results as the list. Markers come from a json_script block; tiles are a
   background only (the list is the real content). data-clickable: a click searches there. */
(function () {
  "use strict";
  if (!window.L) return;

  // The popup is built from DOM nodes (never HTML strings): titles and alt texts are text.
  function popupContent(item) {
    var box = document.createElement("div");
    box.className = "map-popup";
    if (item.image) {
      var img = document.createElement("img");
      img.src = item.image.url;
      img.width = item.image.width;
      img.height = item.image.height;
      img.alt = item.image.alt;
      img.className = "map-popup__image";
      box.appendChild(img);
    }
    var link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.title;
    link.className = "map-popup__title";
    box.appendChild(link);
    if (item.place) {
      var place = document.createElement("p");
      place.textContent = item.place;
      box.appendChild(place);
    }
    return box;
  }

  function initMap(element) {
    var markers = JSON.parse(document.getElementById(element.dataset.markers).textContent);
    element.hidden = false;
    var map = L.map(element, { scrollWheelZoom: false, keyboard: true });
    map.attributionControl.setPrefix("");
    L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 19 }).addTo(map);
    var points = markers.map(function (item) {
      var marker = L.marker([item.lat, item.lon], { title: item.label || item.title, alt: item.label || item.title, keyboard: true });
      if (item.url) {
        marker.bindPopup(function () { return popupContent(item); }, { minWidth: 160, maxWidth: 240 });
      }
      marker.addTo(map);
      return [item.lat, item.lon];
    });
    if (points.length > 1) map.fitBounds(points, { padding: [30, 30], maxZoom: 14 });
    else if (points.length === 1) map.setView(points[0], 13);
    else map.setView([51.95, 4.4], 10);
    if (element.dataset.clickable !== undefined) {
      map.on("click", function (event) {
        var form = document.getElementById(element.dataset.clickable);
        // Search around the clicked point with every typed filter kept; the box says "Punt op de kaart".
        form.querySelector("[name=near]").value = element.dataset.pointLabel;
        form.querySelector("[data-point]").value = event.latlng.lat.toFixed(5) + "," + event.latlng.lng.toFixed(5);
        form.submit();
      });
    }
    return map;
  }

  document.querySelectorAll("[data-map]").forEach(function (element) {
    var toggle = document.querySelector("[data-map-toggle][aria-controls='" + element.id + "']");
    var hint = element.parentNode.querySelector("[data-map-hint]");
    var map = null;
    function show() {
      if (!map) map = initMap(element);
      element.hidden = false;
      if (hint) hint.hidden = false;
      map.invalidateSize();
    }
    var narrow = window.matchMedia("(max-width: 47.99rem)");
    if (!toggle || !narrow.matches) {
      show();
      return;
    }
    // Phones: the map is a toggle, never in the way of the list or of scrolling.
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      toggle.textContent = open ? toggle.dataset.show : toggle.dataset.hide;
      if (open) {
        element.hidden = true;
        if (hint) hint.hidden = true;
      } else {
        show();
      }
    });
  });
})();
