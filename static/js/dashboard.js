/* Coverage dashboard: the map of white spots. The table beside it is the full, accessible list. */
(function () {
  "use strict";
  var element = document.getElementById("white-spot-map");
  if (!element || typeof L === "undefined") {
    return;
  }
  var config = JSON.parse(document.getElementById("white-spot-map-config").textContent);
  var schools = JSON.parse(document.getElementById("white-spot-data").textContent);
  // A view first: the campus circle needs a zoom level to be projected.
  var map = L.map(element, { scrollWheelZoom: false }).setView([config.campus.lat, config.campus.lon], 11);
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  var area = L.circle([config.campus.lat, config.campus.lon], {
    radius: config.campus.radius_km * 1000,
    weight: 2,
    fill: false,
    interactive: false
  }).addTo(map);
  L.marker([config.campus.lat, config.campus.lon], {
    title: config.campus.name,
    alt: config.campus.name,
    keyboard: true
  }).bindPopup(document.createTextNode(config.campus.name)).addTo(map); // a text node: never parsed as HTML
  schools.forEach(function (school) {
    var name = school.name + " (" + school.place + ")";
    L.marker([school.lat, school.lon], { title: name, alt: name, keyboard: true, opacity: 0.85 })
      .bindPopup(document.createTextNode(name))
      .addTo(map);
  });
  map.fitBounds(area.getBounds());
})();
