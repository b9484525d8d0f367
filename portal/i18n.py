"""Bilingual content: Dutch fields are required, English ones (`<field>_en`) optional."""

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
