"""Bilingual content: Dutch fields are required, English ones (`<field>_en`) optional."""

import functools
from urllib.parse import urlsplit

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, translate_url
from django.utils.translation import get_language


def localized(obj, field, language=None):
    """The value of `field` in the active language: `<field>_en` on /en/ when filled, else Dutch."""
    language = (language or get_language() or "nl")[:2]
    if language != "nl":
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, field)


def is_fallback(obj, field, language=None):
    """True when `localized()` falls back to Dutch for a non-Dutch language (to show a note)."""
    language = (language or get_language() or "nl")[:2]
    return language != "nl" and not getattr(obj, f"{field}_{language}", "")


def translated_url(url, language):
    """django.urls.translate_url(url, language): the same page under another language's prefix, with the
    url's query string. The path is resolved and reversed once per path and language pair (every page
    does it for its hreflang alternates and its language switch)."""
    parts = urlsplit(url)
    path = _translated_path(parts.path, get_language(), language, get_script_prefix())
    return f"{path}?{parts.query}" if parts.query else path


@functools.lru_cache(maxsize=4096)
def _translated_path(path, current, language, _script_prefix):
    # current: the active language decides which language prefix resolve() accepts; reverse() puts the
    # script prefix (the site's mount point) in front.
    return translate_url(path, language)


@receiver(setting_changed)
def _forget_translated_paths(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _translated_path.cache_clear()
