"""Small presentation helpers for result cards and detail pages (Dutch formats)."""

from django import template
from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from campuses.location import display_place_name
from portal.i18n import is_fallback, localized

register = template.Library()


@register.filter
def spoken_place(name):
    """ "Den Haag" for 's-Gravenhage: the name people say (addresses keep the official name)."""
    return display_place_name(name or "")


@register.filter
def km(value):
    """3.24 -> "3,2 km" (localised)."""
    if value is None:
        return ""
    return _("%(distance)s km") % {"distance": number_format(round(float(value), 1), decimal_pos=1)}


@register.filter
def euro(value):
    """5 -> "€ 5,00" (localised)."""
    return f"€ {number_format(value, decimal_pos=2)}"


@register.simple_tag
def cost(initiative):
    """ "gratis", "€ 7,50", or "prijs: navragen bij de aanbieder" when the cost is not known (never "gratis")."""
    if initiative.is_free:
        return _("gratis")
    if initiative.price:
        return euro(initiative.price)
    if initiative.is_free is False and initiative.price is not None:
        return _("gratis")  # a price of € 0 entered as paid
    return _("prijs: navragen bij de aanbieder")


@register.simple_tag
def school_levels(initiative):
    """For whom, in school terms: "groep 5-8 · vmbo, havo leerjaar 1-3"."""
    if (
        getattr(initiative, "levels_unknown", False)
        and initiative.po_group_from is None
        and initiative.vo_year_from is None
    ):
        return _("schoolniveau: navragen bij de aanbieder")
    parts = []
    if initiative.po_group_from is not None:
        parts.append(_range(_("groep"), initiative.po_group_from, initiative.po_group_to))
    if initiative.vo_year_from is not None:
        tracks = [
            vmbo_tracks(initiative) if name == "vmbo" else name
            for name, flag in (("vmbo", "for_vmbo"), ("havo", "for_havo"), ("vwo", "for_vwo"))
            if getattr(initiative, flag)
        ]
        years = _range(_("leerjaar"), initiative.vo_year_from, initiative.vo_year_to)
        parts.append(f"{', '.join(tracks)} {years}" if tracks else f"{_('voortgezet onderwijs')} {years}")
    return " · ".join(parts)


VMBO_TRACK_NAMES = (
    ("for_vmbo_bl", _lazy("basis")),
    ("for_vmbo_kl", _lazy("kader")),
    ("for_vmbo_gt", _lazy("gemengd/theoretisch")),
)


def vmbo_tracks(initiative):
    """ "vmbo" for every track, else the tracks it is for: "vmbo basis en kader"."""
    names = [str(name) for flag, name in VMBO_TRACK_NAMES if getattr(initiative, flag, True)]
    if len(names) in (0, len(VMBO_TRACK_NAMES)):
        return "vmbo"
    listed = names[0] if len(names) == 1 else _("%(first)s en %(last)s") % {"first": names[0], "last": names[1]}
    return f"vmbo {listed}"


def _range(word, start, end):
    return f"{word} {start}" if start == end else f"{word} {start}–{end}"


@register.filter
def short_day(value):
    """A datetime as "za 14 mrt" (Dutch style, lower case) or "Sat 14 Mar"."""
    if not value:
        return ""
    text = date_format(localtime(value), "D j M")
    return text.lower() if get_language().startswith("nl") else text


@register.filter
def when(session):
    """A session as "za 14 mrt 2027, 10.00–12.00"."""
    starts, ends = localtime(session.starts_at), localtime(session.ends_at)
    day = date_format(starts, "D j M Y")
    day = day.lower() if get_language().startswith("nl") else day
    return f"{day}, {starts:%H.%M}–{ends:%H.%M}"


@register.simple_tag
def content_lang(obj, field):
    """' lang="nl"' on an element showing Dutch text for want of the visitor's language (/en/)."""
    return mark_safe(' lang="nl"') if getattr(obj, field, "") and is_fallback(obj, field) else ""


@register.simple_tag
def dutch_only(obj, *fields):
    """True when a text among fields is shown in Dutch for want of the visitor's language (the note)."""
    return any(getattr(obj, field, "") and is_fallback(obj, field) for field in fields)


@register.simple_tag
def localized_text(obj, field):
    """The field in the visitor's language when it has one (`<field>_en`), else the Dutch."""
    return localized(obj, field)
