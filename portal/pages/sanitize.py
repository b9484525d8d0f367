"""Rich text is cleaned with nh3 twice: when it is saved and when it is shown.

The allow-list is what the editor can make (headings h2-h4, lists, links, images, quotes):
no scripts, no event handlers, no styles, links only to http(s), mailto and tel, images only
from this site's media.
"""

import re

import nh3
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "ListItem": True,
    "OrderedList": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "Image": True,
    "History": True,
    "Menu": True,
}

TAGS = {"p", "br", "strong", "em", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a", "img"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _attribute_filter(tag, attribute, value):
    # Images only from our own media (no tracking pixels, no mixed content); lazy-loaded below.
    if tag == "img" and attribute == "src" and not value.startswith(settings.MEDIA_URL):
        return None
    if attribute in ("width", "height") and not value.isdigit():
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=TAGS,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    attribute_filter=_attribute_filter,
    link_rel="noopener",
    strip_comments=True,
)
_EMPTY = re.compile(r"^\s*(<p>\s*(<br>)?\s*</p>\s*)*$")


def clean_html(html):
    """The HTML with everything outside the allow-list removed; '' for an empty editor."""
    cleaned = _cleaner.clean(html or "")
    return "" if _EMPTY.match(cleaned) else cleaned


def render_html(html):
    """Clean again on output (the database is not trusted) and add lazy loading to images."""
    cleaned = clean_html(html).replace("<img ", '<img loading="lazy" decoding="async" ')
    return fill_facts(mark_safe(cleaned))  # noqa: S308 - cleaned by nh3


# Facts that live in settings, written into the text where a coordinator puts the placeholder.
RETENTION_PLACEHOLDER = "[bewaartermijn]"


def fill_facts(html):
    """Replace placeholders with the current values (the privacy statement's retention period)."""
    if RETENTION_PLACEHOLDER not in html:
        return html
    months = settings.BOOKING_RETENTION_MONTHS
    period = ngettext("%(count)s maand", "%(count)s maanden", months) % {"count": months}
    return mark_safe(html.replace(RETENTION_PLACEHOLDER, escape(period)))  # noqa: S308 - html is cleaned, period escaped
