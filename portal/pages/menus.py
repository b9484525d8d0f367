"""The editable header and footer links: one query per catalogue version, language and scheduled
moment (portal.cache.versioned), none on most pages."""

from django.conf import settings
from django.db.models import Q
from django.urls import translate_url
from django.utils.translation import get_language, override

from portal.cache import catalog_version, versioned
from portal.i18n import localized

from .models import MenuItem, Page
from .scheduling import schedule_epoch


def site_links():
    """{"header": [(label, url)], "footer": [...]} in the active language (links to offline pages left out).
    Read again when the catalogue version changes (a menu item or page saved) or a page's scheduled
    moment passes (it goes offline). Shared between requests: only read, never changed."""
    language = get_language() or settings.LANGUAGE_CODE
    epoch = schedule_epoch(catalog_version())
    return versioned("site_links", lambda: _site_links(language), language, epoch)


def _site_links(language):
    online = Page.objects.online()
    items = MenuItem.objects.filter(Q(page__isnull=True) | Q(page__in=online)).select_related("page")
    links = {location: [] for location in MenuItem.Location.values}
    for item in items:
        url = item.get_absolute_url()
        if url.startswith("/") and not url.startswith("//"):
            url = localize_path(url, language)
        links[item.location].append((localized(item, "label", language), url))
    return links


def localize_path(path, language):
    """A Dutch site path in `language` ("/nieuws/" is "/en/nieuws/" in English)."""
    with override(settings.LANGUAGE_CODE):
        return translate_url(path, language)
