/* Coverage dashboard: the map of white spots with the offer around the campus as a second layer.
   The tables on the page are the full, accessible lists; popups are built from text nodes only. */
(function () {
  "use strict";
  var element = document.getElementById("white-spot-map");
  if (!element || typeof L === "undefined") {
    return;
  }
  function read(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }
  function popup(title, place) {
    var box = document.createElement("div");
    var strong = document.createElement("strong");
    strong.appendChild(document.createTextNode(title));
    box.appendChild(strong);
    if (place) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(place));
    }
    return box;
  }
  var config = read("white-spot-map-config");
  var schools = read("white-spot-data");
  var offers = read("offer-data");
  // A view first: the campus circle needs a zoom level to be projected.
  var map = L.map(element, { scrollWheelZoom: false }).setView([config.campus.lat, config.campus.lon], 11);
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  var area = L.circle([config.campus.lat, config.campus.lon], {
    radius: config.campus.radius_km * 1000,
    color: "#1f5fa8",
    weight: 2,
    fill: false,
    interactive: false
  }).addTo(map);
  L.marker([config.campus.lat, config.campus.lon], {
    title: config.campus.name,
    alt: config.campus.name,
    keyboard: true
  }).bindPopup(popup(config.campus.name, "")).addTo(map);
  var offerLayer = L.layerGroup(offers.map(function (offer) {
    return L.circleMarker([offer.lat, offer.lon], {
      radius: 5, color: "#ffffff", weight: 1, fillColor: "#1f5fa8", fillOpacity: 0.8
    }).bindPopup(popup(offer.name, offer.place));
  })).addTo(map);
  var spotLayer = L.layerGroup(schools.map(function (school) {
    var name = school.name + " (" + school.place + ")";
    // Markers (not circles) for the white spots: they are focusable and have an accessible name.
    return L.marker([school.lat, school.lon], {
      title: name,
      alt: name,
      keyboard: true,
      icon: L.divIcon({ className: "white-spot-icon", iconSize: [16, 16] })
    }).bindPopup(popup(school.name, school.place));
  })).addTo(map);
  var layers = {};
  layers[element.dataset.spotsLabel || "Witte vlekken"] = spotLayer;
  layers[element.dataset.offersLabel || "Aanbod"] = offerLayer;
  L.control.layers(null, layers, { collapsed: false }).addTo(map);
  map.fitBounds(area.getBounds());
})();
