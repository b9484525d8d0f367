"""Small presentation helpers for result cards and detail pages (Dutch formats)."""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import floatformat
from django.template.loader import get_template
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from campuses.location import display_place_name
from portal.i18n import is_fallback, localized
from portal.pages.templatetags.pages_tags import picture

from ..bookings.bus_reach import bus_possible
from ..search import loaded_terms

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
    parts = [po_levels(initiative), vo_levels(initiative)]
    return " · ".join(part for part in parts if part)


def po_levels(initiative):
    """The basisonderwijs part of school_levels: "groep 5–8" ("" when it is not for po)."""
    if initiative.po_group_from is None:
        return ""
    return _range(_("groep"), initiative.po_group_from, initiative.po_group_to)


def vo_levels(initiative):
    """The voortgezet part of school_levels: "vmbo, havo leerjaar 1–3" ("" when it is not for vo)."""
    if initiative.vo_year_from is None:
        return ""
    tracks = [
        vmbo_tracks(initiative) if name == "vmbo" else name
        for name, flag in (("vmbo", "for_vmbo"), ("havo", "for_havo"), ("vwo", "for_vwo"))
        if getattr(initiative, flag)
    ]
    years = _range(_("leerjaar"), initiative.vo_year_from, initiative.vo_year_to)
    return f"{', '.join(tracks)} {years}" if tracks else f"{_('voortgezet onderwijs')} {years}"


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


@register.simple_tag
def result_card(initiative, url):
    """A result card (<article class="result">): title, photo, summary, language note, facts.
    Written here rather than as an include: a search page shows up to 100 cards, and an include
    with its tags per card costs more than the search itself. Data is escaped."""
    image = initiative.image
    title_lang = content_lang(initiative, "title")
    summary_lang = content_lang(initiative, "summary")
    note = ""
    if dutch_only(initiative, "title", "summary"):
        note = f'<p class="language-note language-note--small">{_card_words()["dutch_only"]}</p>'
    photo = "\n"  # what includes/picture.html renders without a photo
    if image:
        photo = get_template("includes/picture.html").render(
            picture(image, sizes="8rem", width=320, css_class="result__image")
        )
    return mark_safe(  # noqa: S308 - data escaped, translations trusted
        f'<article class="result{" result--image" if image else ""}" aria-labelledby="result-{initiative.pk}">\n'
        f'  <h3 id="result-{initiative.pk}" class="result__title"><a href="{escape(url)}"{title_lang}>'
        f"{escape(localized(initiative, 'title'))}</a></h3>\n"
        f"  {photo}\n"
        f'  <p class="result__summary"{summary_lang}>{escape(localized(initiative, "summary"))}</p>\n'
        f"  {note}\n"
        f"  {result_facts(initiative)}\n"
        "</article>\n"
    )


@register.simple_tag
def result_facts(initiative):
    """A result card's facts (<dl class="facts">): for whom, where, when, cost, provider, booking.
    Written here rather than in a template: a search page shows up to 100 cards, and template
    tags per fact cost more than the search itself. Translations are trusted (as
    {% translate %} output is); data is escaped."""
    words = _card_words()
    levels = school_levels(initiative)
    levels = escape(levels) if levels else words["all_ages"]
    groups = ", ".join(escape(str(group).lower()) for group in loaded_terms(initiative, "target_groups"))
    where = _where(initiative, words)
    if getattr(initiative, "distance_km", None) is not None and initiative.location_type == "venue":
        where += f" · <strong>{escape(km(initiative.distance_km))}</strong>"
    next_session_at = getattr(initiative, "next_session_at", None)
    when = f"{words['next']} {escape(short_day(next_session_at))}" if next_session_at else words["by_appointment"]
    booking = words.get(f"booking_{initiative.booking_mode}", words["booking_contact"])
    if bus_possible(initiative):
        booking += f' · <span class="badge badge--bus">{words["bus"]}</span>'
    facts = (
        (words["for_whom"], levels + (f" · {groups}" if groups else "")),
        (words["where"], where),
        (words["when"], when),
        (words["cost"], escape(cost(initiative))),
        (words["provider"], escape(initiative.provider.name)),
        (words["booking"], booking),
    )
    rows = "".join(f"\n    <div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in facts)
    return mark_safe(f'<dl class="facts">{rows}\n  </dl>')  # noqa: S308 - data escaped, translations trusted


def _where(initiative, words):
    if initiative.location_type == "online":
        return words["online"]
    if initiative.location_type == "at_school":
        return comes_to_school(initiative)
    return escape(spoken_place(initiative.place_name) or initiative.venue_name)


def comes_to_school(initiative):
    """Where a school visit takes place, as the card and the map say it: "komt naar school (binnen 15 km)"."""
    words = _card_words()
    text = words["at_school"]
    if initiative.service_radius_km:
        text += " (" + words["within"] % {"radius": floatformat(initiative.service_radius_km, "0")} + ")"
    return text


def _card_word_msgids():
    return {
        "all_ages": _("alle leeftijden"),
        "next": _("eerstvolgende"),
        "by_appointment": _("op afspraak"),
        "booking_book_here": _("boeken via dit portaal"),
        "booking_external": _("via de website van de aanbieder"),
        "booking_contact": _("contact opnemen met de aanbieder"),
        "bus": _("gratis bus mogelijk"),
        "for_whom": _("Voor wie"),
        "where": _("Waar"),
        "when": _("Wanneer"),
        "cost": _("Kosten"),
        "provider": _("Aanbieder"),
        "booking": _("Boeken"),
        "online": _("online"),
        "at_school": _("komt naar school"),
        "within": _("binnen %(radius)s km"),
        "dutch_only": _("Deze tekst is alleen in het Nederlands beschikbaar."),
    }


_words_by_language = {}


def _card_words():
    """The card's fixed words in the active language, translated once per language and process."""
    language = get_language()
    words = _words_by_language.get(language)
    if words is None:
        words = _words_by_language[language] = _card_word_msgids()
    return words


@receiver(setting_changed)
def _forget_card_words(setting, **kwargs):
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        _words_by_language.clear()
