"""Small presentation helpers for result cards and detail pages (Dutch formats)."""

import datetime

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import floatformat
from django.template.loader import get_template
from django.utils.formats import date_format, get_format, number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone, localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from campuses.location import display_place_name
from portal.i18n import is_fallback, localized
from portal.pages.templatetags.pages_tags import picture

from ..bookings.bus_reach import bus_possible
from ..search import escape_text, loaded_terms

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
    return _km(value, _card_words())


@register.filter
def euro(value):
    """5000 -> "€ 5.000,00" ("€ 5,000.00" in English): the one money format, public pages and admin alike."""
    if value is None or value == "":
        return ""
    return f"€ {number_format(value, decimal_pos=2, force_grouping=True)}"


@register.simple_tag
def cost(initiative):
    """ "gratis", "€ 7,50", or "prijs: navragen bij de aanbieder" when the cost is not known (never "gratis")."""
    return _cost(initiative, _card_words())


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
def when(session):
    """A session as "za 14 mrt 2027, 10.00–12.00"."""
    starts, ends = localtime(session.starts_at), localtime(session.ends_at)
    day = date_format(starts, "D j M Y")
    day = day.lower() if get_language().startswith("nl") else day
    return f"{day}, {starts:%H.%M}–{ends:%H.%M}"


@register.simple_tag
def content_lang(obj, field):
    """' lang="nl"' on an element showing Dutch text for want of the visitor's language (/en/)."""
    return mark_safe(_lang_attribute(obj, field, get_language()))  # noqa: S308 - a fixed attribute


@register.simple_tag
def dutch_only(obj, *fields):
    """True when a text among fields is shown in Dutch for want of the visitor's language (the note)."""
    return any(getattr(obj, field, "") and is_fallback(obj, field) for field in fields)


@register.simple_tag
def localized_text(obj, field):
    """The field in the visitor's language when it has one (`<field>_en`), else the Dutch."""
    return localized(obj, field)


@register.simple_tag
def result_list(items):
    """The <li> of every result (initiatives with `result_url`), each a result card (<article class="result">:
    title, photo, summary, language note, facts). Written in Python rather than as an include per card: a
    search page shows up to 100 cards, and an include with its tags per card cost more than the search
    itself. The language, its words and the time zone are looked up once for the list. Data is escaped."""
    words, zone = _card_words(), get_current_timezone()
    return mark_safe(  # noqa: S308 - data escaped, translations trusted
        "".join(f"\n  <li>{_card(item, item.result_url, words, zone)}</li>\n  " for item in items)
    )


def _card(initiative, url, words, zone):
    language = words["language"]
    image = initiative.image
    title_lang = _lang_attribute(initiative, "title", language)
    summary_lang = _lang_attribute(initiative, "summary", language)
    note = ""
    if title_lang or summary_lang:
        note = f'<p class="language-note language-note--small">{words["dutch_only"]}</p>'
    photo = "\n"  # what includes/picture.html renders without a photo
    if image:
        photo = get_template("includes/picture.html").render(
            picture(image, sizes="8rem", width=320, css_class="result__image")
        )
    return (
        f'<article class="result{" result--image" if image else ""}" aria-labelledby="result-{initiative.pk}">\n'
        f'  <h3 id="result-{initiative.pk}" class="result__title"><a href="{_escape(url)}"{title_lang}>'
        f"{_escape(localized(initiative, 'title', language))}</a></h3>\n"
        f"  {photo}\n"
        f'  <p class="result__summary"{summary_lang}>{_escape(localized(initiative, "summary", language))}</p>\n'
        f"  {note}\n"
        f"  {_facts(initiative, words, zone)}\n"
        "</article>\n"
    )


_escape = escape_text  # this module's values are never lazy


def _lang_attribute(obj, field, language):
    """' lang="nl"' when field is shown in Dutch for want of the language (content_lang, the cards)."""
    return ' lang="nl"' if getattr(obj, field, "") and is_fallback(obj, field, language) else ""


def _facts(initiative, words, zone):
    """A result card's facts (<dl class="facts">): for whom, where, when, cost, provider, booking.
    Translations are trusted (as {% translate %} output is); data is escaped."""
    language = words["language"]
    levels = _school_levels(initiative, language)
    levels = _escape(levels) if levels else words["all_ages"]
    groups = ", ".join(
        _escape(localized(group, "name", language).lower()) for group in loaded_terms(initiative, "target_groups")
    )
    where = _where(initiative, words)
    if getattr(initiative, "distance_km", None) is not None and initiative.location_type == "venue":
        where += f" · <strong>{_escape(_km(initiative.distance_km, words))}</strong>"
    next_session_at = getattr(initiative, "next_session_at", None)
    if next_session_at:
        when = f"{words['next']} {_escape(_short_day(next_session_at, words, zone))}"
    else:
        when = words["by_appointment"]
    booking = words.get(f"booking_{initiative.booking_mode}", words["booking_contact"])
    if bus_possible(initiative):
        booking += f' · <span class="badge badge--bus">{words["bus"]}</span>'
    facts = (
        (words["for_whom"], levels + (f" · {groups}" if groups else "")),
        (words["where"], where),
        (words["when"], when),
        (words["cost"], _escape(_cost(initiative, words))),
        (words["provider"], _escape(initiative.provider.name)),
        (words["booking"], booking),
    )
    rows = "".join(f"\n    <div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in facts)
    return f'<dl class="facts">{rows}\n  </dl>'


def _km(value, words):
    """3.24 -> "3,2 km" with the words' decimal separator (distances never reach a thousands separator)."""
    return words["km"] % {"distance": f"{round(float(value), 1):.1f}".replace(".", words["decimal"])}


def _short_day(value, words, zone):
    """A datetime as "za 14 mrt" (Dutch style, lower case) or "Sat 14 Mar": date_format "D j M", with the
    day and month names from the words."""
    local = value.astimezone(zone)
    return f"{words['days'][local.weekday()]} {local.day} {words['months'][local.month - 1]}"


def _cost(initiative, words):
    if initiative.is_free:
        return words["free"]
    if initiative.price:
        return euro(initiative.price)
    if initiative.is_free is False and initiative.price is not None:
        return words["free"]  # a price of € 0 entered as paid
    return words["ask_price"]


# school_levels() per language and audience: a card's "groep 5–8 · vmbo leerjaar 1–2" costs
# several translations; the audiences on a page repeat.
_LEVEL_FIELDS = (
    "levels_unknown", "po_group_from", "po_group_to", "vo_year_from", "vo_year_to", "for_vmbo", "for_havo",
    "for_vwo", "for_vmbo_bl", "for_vmbo_kl", "for_vmbo_gt",
)  # fmt: skip
_levels_memo = {}
MAX_LEVELS_MEMO = 4096


def _school_levels(initiative, language):
    key = (language, *(getattr(initiative, name, None) for name in _LEVEL_FIELDS))
    found = _levels_memo.get(key)
    if found is None:
        if len(_levels_memo) >= MAX_LEVELS_MEMO:
            _levels_memo.clear()
        found = _levels_memo[key] = school_levels(initiative)
    return found


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
    language = get_language() or ""
    monday = datetime.date(2024, 1, 1)
    days = [date_format(monday + datetime.timedelta(days=offset), "D") for offset in range(7)]
    months = [date_format(datetime.date(2024, month, 1), "M") for month in range(1, 13)]
    if language.startswith("nl"):  # _short_day(): "za 14 mrt"
        days, months = [day.lower() for day in days], [month.lower() for month in months]
    return {
        "language": language,
        "days": days,
        "months": months,
        "decimal": get_format("DECIMAL_SEPARATOR"),
        "km": _("%(distance)s km"),
        "free": _("gratis"),
        "ask_price": _("prijs: navragen bij de aanbieder"),
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
    """The card's fixed words (and day and month names, decimal separator) in the active language,
    translated once per language and process."""
    language = get_language()
    words = _words_by_language.get(language)
    if words is None:
        words = _words_by_language[language] = _card_word_msgids()
    return words


@receiver(setting_changed)
def _forget_card_words(setting, **kwargs):
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        _words_by_language.clear()
        _levels_memo.clear()
