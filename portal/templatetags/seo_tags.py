"""What search engines and link previews read in the <head>: canonical link, hreflang alternates,
Open Graph and Twitter-card tags, and JSON-LD blocks. Absolute URLs use SITE_URL (the canonical host)."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from initiatives.structured_data import absolute, social_image_url
from portal.i18n import translated_url
from portal.templatetags.portal_tags import script_safe

register = template.Library()

OG_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


@register.inclusion_tag("includes/seo_head.html", takes_context=True)
def seo_head(context, title="", description="", og_type="website"):
    request = context["request"]
    path = request.path
    current = get_language()
    alternates = [(code, absolute(translated_url(path, code))) for code, _name in settings.LANGUAGES]
    return {
        "canonical_url": absolute(path),
        "alternates": alternates,
        "default_url": dict(alternates)[settings.LANGUAGE_CODE],
        "title": title,
        "description": description,
        "og_type": og_type,
        "og_locale": OG_LOCALES.get(current, current),
        "og_alternate_locales": [OG_LOCALES[code] for code, _name in settings.LANGUAGES if code != current],
        "image_url": social_image_url(),
    }


@register.filter
def json_ld(data):
    """A <script type="application/ld+json"> block (a data block: no nonce needed, the CSP does not apply)."""
    text = script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 (escaped above)


@register.simple_tag(takes_context=True)
def webcal_url(context, url):
    """The webcal:// address of a calendar feed on this host (calendar apps subscribe to it)."""
    absolute_url = context["request"].build_absolute_uri(url)
    return "webcal://" + absolute_url.split("://", 1)[1]
