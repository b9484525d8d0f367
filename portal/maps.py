"""What static/js/map.js needs from the settings: one place for the tile source."""

from django.conf import settings


def map_context():
    """Tile URL and attribution for the page's maps (from LEAFLET_CONFIG)."""
    _name, url, options = settings.LEAFLET_CONFIG["TILES"][0]
    return {"tiles_url": url, "tiles_attribution": options.get("attribution", "")}
