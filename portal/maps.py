"""What static/js/map.js needs from the settings: one place for the tile source."""

from django.conf import settings
from django.utils.translation import gettext as _

# The attribution of the default tiles (settings.LEAFLET_CONFIG), in the visitor's language.
OSM_ATTRIBUTION = "&copy; OpenStreetMap-bijdragers"


def map_context():
    """Tile URL and attribution for the page's maps (from LEAFLET_CONFIG)."""
    _name, url, options = settings.LEAFLET_CONFIG["TILES"][0]
    return {"tiles_url": url, "tiles_attribution": attribution(options.get("attribution", ""))}


def attribution(text):
    """The tiles' attribution; OpenStreetMap's own in the active language."""
    return _("© OpenStreetMap-bijdragers") if text == OSM_ATTRIBUTION else text
