"""The school picker: one lookup and one label for every place a school is chosen.

The search page's location box, the booking form and the API endpoint behind the JavaScript
combobox (`/api/v1/schools/?q=`) all use `find_schools` and `school_label`. A label names the
branch (vestiging), not only the school board, and for secondary schools what it teaches:
"Name, Street 12, Place — havo/vwo (15KR11)". The vestigingscode in brackets makes it unique and
is what `campuses.location` and the booking form recognise.
"""

import re

from django.db.models import Prefetch, Q

from .geo import normalize_name
from .models import Place, PlaceAlias, School, VmboProfileOffer

MAX_SCHOOL_CANDIDATES = 12
# A label typed back (or kept by the browser): the branch code in brackets at the end.
LABEL_CODE_RE = re.compile(r"\((\d{2}[a-zA-Z]{2}\d{2})\)\s*$")
# vmbo learning tracks as teachers say them (DUO's BL/KL/GL/TL), in this order.
VMBO_TRACK_WORDS = {"BL": "basis", "KL": "kader", "GL": "gl/tl", "TL": "gl/tl"}
# Words for the kind of school: "Den Haag basisschool" finds primary schools whatever their name.
KIND_WORDS = {"basisschool": School.Kind.PO, "basisscholen": School.Kind.PO, "basisonderwijs": School.Kind.PO}
# The longest place name or alias looked for in the typed words, in words ("Nieuwerkerk aan den IJssel").
MAX_PLACE_WORDS = 5


def school_levels(school):
    """What a secondary branch teaches, from DUO's onderwijsstructuur and the vmbo tracks it offers:
    "vmbo basis/kader, havo/vwo", "praktijkonderwijs", "brugjaar". Empty for primary schools."""
    if school.kind != School.Kind.VO:
        return ""
    parts = []
    if school.has_pro:
        parts.append("praktijkonderwijs")
    if school.has_vmbo:
        offers = school.vmbo_offers.all()  # prefetched by find_schools
        words = list(dict.fromkeys(VMBO_TRACK_WORDS[o.track] for o in offers if o.track in VMBO_TRACK_WORDS))
        order = list(dict.fromkeys(VMBO_TRACK_WORDS.values()))
        words.sort(key=order.index)
        parts.append(f"vmbo {'/'.join(words)}" if words else "vmbo")
    academic = [name for name, has in (("havo", school.has_havo), ("vwo", school.has_vwo)) if has]
    if academic:
        parts.append("/".join(academic))
    if not parts and "BRUGJAAR" in (school.structure or "").upper():
        parts.append("brugjaar")
    return ", ".join(parts)


def school_label(school):
    """How a branch is offered and typed back: name, street and number, place, levels, branch code."""
    street = f"{school.street} {school.house_number}".strip()
    parts = [school.name, street, school.place_name]
    label = ", ".join(part for part in parts if part)
    levels = school_levels(school)
    if levels:
        label = f"{label} — {levels}"
    return f"{label} ({school.code})"


def school_by_code(code):
    return School.objects.filter(code=(code or "").strip().upper()).first() if code else None


def _with_tracks(queryset):
    tracks = VmboProfileOffer.objects.only("school_id", "track").order_by("track")
    return queryset.prefetch_related(Prefetch("vmbo_offers", queryset=tracks))


def find_schools(query, near=None, *, suggest=False, everywhere=False):
    """Branches matching a label, a name (every word), a place, a street, a BRIN or branch code.

    Only branches in the MRDH region when any match there (the portal's region), unless
    `everywhere`; otherwise Zuid-Holland, otherwise the whole country. A place name or alias among
    the words ("Den Haag", "'s-Gravenhage", "Scheveningen") means the schools in that place (or
    with those words together in their name or street), the other words narrow it; "basisschool"
    also means a primary school of any name. Within that, nearest to
    `near` first when given, otherwise by name. Whole-word matches win: "De Boog Rotterdam" means
    De Boog, not De Regenboog. Suggestions (`suggest=True`) list the partial matches after them
    instead of dropping them. A branch or BRIN code is always found, wherever the school is.
    """
    text = (query or "").strip()[:250]
    if len(text) < 2:
        return []
    picked = LABEL_CODE_RE.search(text)
    if picked:
        school = _with_tracks(School.objects.filter(code=picked[1].upper())).first()
        if school is not None:
            return [school]
    compact = text.replace(" ", "")
    exact = list(_with_tracks(School.objects.filter(Q(code__iexact=compact) | Q(brin__iexact=text)))[:2])
    if len(exact) == 1:
        return exact
    words = normalize_name(text).split()
    if not words:
        return []
    places, rest = _places_in(words)
    matches = School.objects.all()
    for phrase, pairs in places:
        where = Q()
        for name, municipality_id in pairs:
            where |= Q(place_name=name, municipality_id=municipality_id)
        matches = matches.filter(where | _phrase_q(phrase))
    for word in rest:
        matches = matches.filter(_word_q(word))
    if not everywhere:
        for region in (Q(municipality__is_mrdh=True), Q(municipality__is_zuid_holland=True)):
            if matches.filter(region).exists():
                matches = matches.filter(region)
                break
    ordered = matches.order_by("-municipality__is_mrdh", "-municipality__is_zuid_holland", "name", "place_name", "code")
    candidates = list(_with_tracks(ordered)[:200])
    if near is not None:
        candidates.sort(key=lambda school: school.point.distance_km(near))
    whole = [school for school in candidates if _has_whole_words(school, rest, places)]
    partial = [school for school in candidates if school not in whole]
    found = whole + partial if suggest else (whole or partial)
    return found[: MAX_SCHOOL_CANDIDATES + 1]


def _word_q(word):
    q = (
        Q(search_name__contains=word)
        | Q(place_name__icontains=word)
        | Q(street__icontains=word)
        | Q(house_number__iexact=word)
        | Q(brin__iexact=word)
    )
    if word in KIND_WORDS:
        q |= Q(kind=KIND_WORDS[word])
    return q


def _phrase_q(phrase):
    """The words of a place name as they were matched before: all of them, or together in name or street."""
    words = phrase.split()
    if len(words) == 1:
        return _word_q(phrase)
    return Q(search_name__contains=phrase) | Q(street__icontains=phrase)


def _places_in(words):
    """([(phrase, {(place name, municipality id)})], other words): the longest place names or aliases
    among the words, in one query over places and aliases; the words they use are taken out."""
    spans = {
        " ".join(words[start:end])
        for start in range(len(words))
        for end in range(start + 1, min(len(words), start + MAX_PLACE_WORDS) + 1)
    }
    by_name = (
        Place.objects.filter(search_name__in=spans).order_by().values_list("search_name", "name", "municipality_id")
    )
    by_alias = (
        PlaceAlias.objects.filter(search_name__in=spans)
        .order_by()
        .values_list("search_name", "place__name", "place__municipality_id")
    )
    found = {}
    for key, name, municipality_id in by_name.union(by_alias):
        found.setdefault(key, set()).add((name, municipality_id))
    places, rest, start = [], [], 0
    while start < len(words):
        for end in range(min(len(words), start + MAX_PLACE_WORDS), start, -1):
            phrase = " ".join(words[start:end])
            if phrase in found:
                places.append((phrase, found[phrase]))
                start = end
                break
        else:
            rest.append(words[start])
            start += 1
    return places, rest


def _has_whole_words(school, words, places=()):
    """Every word is one of the school's (or its kind), and it lies in each place named (or has its words)."""
    own = set(_words_of(school))
    in_places = all(
        (school.place_name, school.municipality_id) in pairs or set(phrase.split()) <= own for phrase, pairs in places
    )
    return in_places and all(word in own or KIND_WORDS.get(word) == school.kind for word in words)


def _words_of(school):
    street = normalize_name(f"{school.street} {school.house_number}")
    return f"{school.search_name} {normalize_name(school.place_name)} {street} {school.brin.lower()}".split()
