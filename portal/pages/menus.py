"""The editable header and footer links: one query per page (public pages are cached whole)."""

from django.conf import settings
from django.db.models import Q
from django.urls import translate_url
from django.utils.translation import get_language, override

from portal.i18n import localized

from .models import MenuItem, Page


def site_links():
    """{"header": [(label, url)], "footer": [...]} in the active language (links to offline pages left out)."""
    language = get_language() or settings.LANGUAGE_CODE
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
