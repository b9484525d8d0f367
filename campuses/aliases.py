"""The names people type for places: "Den Haag" for 's-Gravenhage, "Hoogvliet" for "Hoogvliet Rotterdam".

Postal data disambiguates place names with suffixes: a municipality for city districts ("Hoogvliet
Rotterdam", "Spaarndam gem. Haarlem") or a province code ("Beers NB", "Rijswijk (GLD)"). The bare
name becomes an alias when that is unambiguous, i.e. no place is called so already and no other
place would claim the same alias. A name that stays ambiguous ("Rozenburg", in Rotterdam and in
Haarlemmermeer) gives several places in Place.objects.matching(); callers rank them with
Place.objects.matching(name).best_first() (MRDH first, then Zuid-Holland, then population). Where
exactly one of several same-named places lies in Zuid-Holland it also gets "<name> ZH"
("Rijswijk ZH", "Rozenburg ZH").

Aliases are only ever created: coordinators may add, change or delete them in the admin.
"""

import re
from collections import defaultdict

from .geo import normalize_name
from .models import Place, PlaceAlias
from .upsert import Counts

# (alias, official place name, CBS municipality code)
SEED_ALIASES = (
    ("Den Haag", "'s-Gravenhage", "GM0518"),
    ("The Hague", "'s-Gravenhage", "GM0518"),
    ("Rijswijk (ZH.)", "Rijswijk", "GM0603"),
    ("Hoogvliet", "Hoogvliet Rotterdam", "GM0599"),
)
# Districts and neighbourhoods people name as their place, at one of their postcodes:
# (name, official place name, CBS municipality code, pc4). The postal data has no districts.
DISTRICT_ALIASES = (
    ("Scheveningen", "'s-Gravenhage", "GM0518", "2586"),
    ("Ypenburg", "'s-Gravenhage", "GM0518", "2497"),
    ("Leidschenveen", "'s-Gravenhage", "GM0518", "2492"),
    ("Loosduinen", "'s-Gravenhage", "GM0518", "2553"),
    ("Kijkduin", "'s-Gravenhage", "GM0518", "2554"),
    ("Kralingen", "Rotterdam", "GM0599", "3062"),
    ("Delfshaven", "Rotterdam", "GM0599", "3024"),
    ("Hillegersberg", "Rotterdam", "GM0599", "3054"),
    ("Overschie", "Rotterdam", "GM0599", "3042"),
    ("IJsselmonde", "Rotterdam", "GM0599", "3078"),
    ("Ommoord", "Rotterdam", "GM0599", "3068"),
    ("Feijenoord", "Rotterdam", "GM0599", "3071"),
)
# Province codes of postal place names: "Beers NB", "Loo Gld", "Rijswijk (GLD)", "Bergen L", "Bavel AC".
PROVINCE_SUFFIX_RE = re.compile(r"^(?P<base>.+?)\s+\(?(?:NB|NH|ZH|ZL|Gld|GLD|Gn|GN|Ut|UT|Fr|FR|Ov|Dr|L|AC|ca)\.?\)?$")
# "Alteveer gem Hoogeveen", "Spaarndam gem. Haarlem".
GEM_SUFFIX_RE = re.compile(r"^(?P<base>.+?)\s+gem\.?\s+\S.*$")
# Municipality names with a province in brackets: "Rijswijk (ZH.)", "Hengelo (O.)".
BRACKETED_RE = re.compile(r"^(?P<base>.+?)\s*\([^)]*\)$")
# Words that start a real name rather than a district: "Nieuwe Pekela", "Klein Zundert".
NAME_PREFIXES = {"nieuw", "nieuwe", "oud", "oude", "klein", "groot", "grote", "noord", "zuid", "oost", "west"}


def seed_place_aliases():
    """Create the missing aliases (seeds and derived ones); returns Counts. Call inside a transaction."""
    places = list(Place.objects.select_related("municipality"))
    place_names = {place.search_name for place in places}
    existing = set(PlaceAlias.objects.values_list("search_name", flat=True))
    counts, new, seen = Counts(), {}, set()
    for name, place in _candidates(places):
        key = normalize_name(name)
        if not key or key in place_names or key in seen:
            continue
        seen.add(key)
        if key in existing:
            counts.unchanged += 1
            continue
        new[key] = PlaceAlias(place=place, name=name, search_name=key)
    new.update(_district_aliases(places, place_names, existing | set(new) | seen, counts))
    PlaceAlias.objects.bulk_create(new.values())
    counts.created = len(new)
    return counts


def _district_aliases(places, place_names, taken, counts):
    """The missing district aliases whose place and postcode are in the reference data."""
    by_key = {(place.name, place.municipality.code): place for place in places}
    new = {}
    for name, place_name, code, pc4 in DISTRICT_ALIASES:
        key, place = normalize_name(name), by_key.get((place_name, code))
        if place is None or key in place_names or pc4 not in re.split(r"[,|\s]+", place.pc4_list):
            continue
        if key in taken:
            counts.unchanged += 1
            continue
        new[key] = PlaceAlias(place=place, name=name, search_name=key, pc4=pc4)
    return new


def _candidates(places):
    """(alias, place) pairs, most deliberate first: seeds, municipality names, bare names, "<name> ZH"."""
    by_key = {(place.name, place.municipality.code): place for place in places}
    for name, place_name, code in SEED_ALIASES:
        if (place_name, code) in by_key:
            yield name, by_key[(place_name, code)]
    yield from _municipality_names(places)
    bare = defaultdict(set)
    for place in places:
        base = bare_name(place)
        if base:
            bare[normalize_name(base)].add((base, place))
    for claims in bare.values():
        if len(claims) == 1:  # two places claiming one bare name: leave it to matching() and ranking
            yield next(iter(claims))
    yield from _zuid_holland_names(places)


def bare_name(place):
    """The name without a municipality or province suffix, or None when there is none."""
    name = place.name
    for pattern in (GEM_SUFFIX_RE, PROVINCE_SUFFIX_RE):
        match = pattern.match(name)
        if match:
            return match["base"]
    suffix = " " + place.municipality.name
    if name.endswith(suffix):
        base = name[: -len(suffix)]
        last_word = base.split()[-1] if base.split() else ""
        if last_word[:1].isupper() and last_word.lower() not in NAME_PREFIXES and base.lower() not in NAME_PREFIXES:
            return base
    return None


def _municipality_names(places):
    """ "Rijswijk (ZH.)" for the place Rijswijk in the municipality of that name."""
    for place in places:
        match = BRACKETED_RE.match(place.municipality.name)
        if match and normalize_name(bare_name(place) or place.name) == normalize_name(match["base"]):
            yield place.municipality.name, place


def _zuid_holland_names(places):
    groups = defaultdict(list)
    for place in places:
        groups[normalize_name(bare_name(place) or place.name)].append(place)
    for group in groups.values():
        in_zh = [place for place in group if place.municipality.is_zuid_holland]
        if len(group) > 1 and len(in_zh) == 1:
            place = in_zh[0]
            yield f"{bare_name(place) or place.name} ZH", place
