"""The editable header and footer links: one query, then kept in the cache until a link or page changes."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.urls import translate_url
from django.utils.translation import get_language, override

from portal.i18n import localized

from .models import MenuItem, Page

CACHE_KEY = "pages:site-links:{language}"
CACHE_SECONDS = 300  # bounds how long a link to a page that went offline on schedule can linger


def site_links():
    """{"header": [(label, url)], "footer": [...]} in the active language."""
    language = get_language() or "nl"
    key = CACHE_KEY.format(language=language)
    links = cache.get(key)
    if links is None:
        links = _compute(language)
        cache.set(key, links, CACHE_SECONDS)
    return links


def localize_path(path, language):
    """A Dutch site path in `language` ("/nieuws/" is "/en/nieuws/" in English)."""
    with override(settings.LANGUAGE_CODE):
        return translate_url(path, language)


def forget_site_links(**_signal_kwargs):
    cache.delete_many([CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES])


def _compute(language):
    online = Page.objects.online()
    items = MenuItem.objects.filter(Q(page__isnull=True) | Q(page__in=online)).select_related("page")
    links = {location: [] for location in MenuItem.Location.values}
    for item in items:
        url = item.get_absolute_url()
        if url.startswith("/") and not url.startswith("//"):
            url = localize_path(url, language)
        links[item.location].append((localized(item, "label", language), url))
    return links
