"""Small presentation helpers for result cards and detail pages (Dutch formats)."""

from django import template
from django.utils.formats import date_format, number_format
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from campuses.location import display_place_name

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
    """5000 -> "€ 5.000,00" ("€ 5,000.00" in English): the one money format, public pages and admin alike."""
    if value is None or value == "":
        return ""
    return f"€ {number_format(value, decimal_pos=2, force_grouping=True)}"


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
            name
            for name, flag in (("vmbo", "for_vmbo"), ("havo", "for_havo"), ("vwo", "for_vwo"))
            if getattr(initiative, flag)
        ]
        years = _range(_("leerjaar"), initiative.vo_year_from, initiative.vo_year_to)
        parts.append(f"{', '.join(tracks)} {years}" if tracks else f"{_('voortgezet onderwijs')} {years}")
    return " · ".join(parts)


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
