"""Resolve what people type in the "Waar zoek je?" box to a point on the map.

Understands, in this order: "lat,lon"; a 4-digit or full postcode (a full postcode uses its
PC4 centre), also with the place before or after it ("2611 AB Delft", "Delft 2611"); a school's
BRIN or vestigingscode; a district alias with its own postcode ("Scheveningen"); a place name or
alias; a campus; a school name; a street with a place ("Kerkenbos, Zoetermeer", where a school's
address in the reference data names the street); the words of a school's name typed without
picking from the suggestions ("Zuiderpark", "Wolfert van Borselen"): one branch (in the region
first) is the location, several give "Bedoelde je ...?" choices. Used by the search page, the API and the campus
pages alike.
"""

import difflib
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.cache import catalog_stamp, versioned

from .geo import Point, normalize_name
from .models import Campus, Municipality, Place, PlaceAlias, PostcodeArea, School
from .schools import find_schools, school_label

COORDINATES_RE = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([a-zA-Z]{2})?\s*$")
# "2611 AB Delft", "2611AB, Delft", "Delft 2611", "Delft, 2611 AB".
POSTCODE_THEN_PLACE_RE = re.compile(r"^\s*(\d{4})\s*([a-zA-Z]{2})?(?:\s*,\s*|\s+)(\D.*?)\s*$")
PLACE_THEN_POSTCODE_RE = re.compile(r"^\s*(\D.*?)(?:\s*,\s*|\s+)(\d{4})\s*([a-zA-Z]{2})?\s*$")
DIGITS_RE = re.compile(r"^\s*[\d\s]+\s*$")
# A house number after a street name: "Kerkenbos 28", "Laan 12a".
HOUSE_NUMBER_RE = re.compile(r"\s+\d+\s*[a-zA-Z]?(?:-\d+)?$")
SCHOOL_CODE_RE = re.compile(r"^\s*(\d{2}[a-zA-Z]{2})(\d{2})?\s*$")
# The school picker fills in "Name, Place (00AP00)": the code in brackets identifies the branch.
PICKED_SCHOOL_RE = re.compile(r"\((\d{2}[a-zA-Z]{2}\d{2})\)\s*$")


@dataclass(frozen=True)
class Location:
    """A resolved location: where, and how to say it back to the visitor."""

    point: Point
    label: str
    kind: str  # coordinates, postcode, place, school, campus
    in_region: bool | None = None  # inside the MRDH; None when unknown (coordinates)
    # The branch chosen in the school picker (or typed as its code): carried on to the booking form.
    school_code: str = ""


@dataclass
class LocationNotFound(Exception):
    """Nothing matched; `message` says what to do and `suggestions` are texts that would match."""

    message: str
    suggestions: list = field(default_factory=list)

    def __str__(self):
        return self.message


def resolve_location(text):
    """The Location for text, or None when text is empty. Raises LocationNotFound."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > MAX_LENGTH:
        raise LocationNotFound(_("Dit is te lang voor een plaats of postcode. Typ alleen je postcode of plaats."))
    resolvers = (
        _coordinates, _postcode, _postcode_and_place, _digits, _school_code, _picked_school, _district_or_place,
        _campus, _school_name, _street, _school_words,
    )  # fmt: skip
    for resolver in resolvers:
        location = resolver(text)
        if location is not None:
            return location
    raise _not_found(text)


MAX_LENGTH = 200


def _coordinates(text):
    match = COORDINATES_RE.match(text)
    if not match:
        return None
    point = Point(float(match[1]), float(match[2]))
    if not point.is_in_netherlands():
        raise LocationNotFound(_("Deze coördinaten liggen niet in Nederland. Zoek op postcode of plaats."))
    return Location(point, _("jouw locatie"), "coordinates")


def _postcode(text):
    match = POSTCODE_RE.match(text)
    if not match:
        return None
    pc4 = match[1]
    return _postcode_location(pc4, match[2])


def _postcode_location(pc4, letters):
    found = _postcode_values(pc4) if pc4.isascii() else None  # \d also matches other scripts' digits
    if found is None:
        raise _unknown_postcode(pc4)
    latitude, longitude, place_name, in_region = found
    label = f"{pc4} {letters.upper()}" if letters else pc4
    point = Point(float(latitude), float(longitude)) if latitude is not None and longitude is not None else None
    return Location(point, f"{label} {display_place_name(place_name)}", "postcode", in_region)


def _postcode_values(pc4):
    """(latitude, longitude, place name, in the region) of a postcode, or None: four values, not two
    model instances, as the search resolves a postcode on every request. Memoized per catalogue
    version (at most the 10,000 four-digit keys): postcodes change only through load_reference_data,
    which raises the version."""

    def lookup():
        found = PostcodeArea.objects.filter(pc4=pc4).values_list(
            "latitude", "longitude", "place_name", "municipality__is_mrdh"
        )[:1]
        return tuple(found[0]) if found else None

    return versioned("postcode", lookup, pc4)


def _postcode_and_place(text):
    """A postcode with the place before or after it: the postcode decides (it is the more precise)."""
    match = POSTCODE_THEN_PLACE_RE.match(text)
    if match:
        return _postcode_location(match[1], match[2])
    match = PLACE_THEN_POSTCODE_RE.match(text)
    if match:
        return _postcode_location(match[2], match[3])
    return None


def _digits(text):
    """Digits that are no postcode ("12345"): say what a postcode looks like."""
    if not DIGITS_RE.match(text):
        return None
    raise LocationNotFound(
        _("Een postcode heeft 4 cijfers, eventueel met 2 letters: bijvoorbeeld 2611 of 2611 AB. Of typ een plaats.")
    )


def _district_or_place(text):
    """_district(text), else _place(text): memoized per catalogue version, as postcodes are (the place and alias
    tables change through load_reference_data and the admin, both of which raise the version), for the 4,096
    most recent texts (any text: a miss is remembered too, within the bound)."""
    return _named_place(text.strip(), catalog_stamp())


@functools.lru_cache(maxsize=4096)
def _named_place(text, _stamp):
    return _district(text) or _place(text)


def _district(text):
    """A district or neighbourhood alias with its own postcode ("Scheveningen" -> 2586)."""
    alias = (
        PlaceAlias.objects.filter(search_name=normalize_name(text))
        .exclude(pc4="")
        .select_related("place__municipality")
        .first()
    )
    if alias is None:
        return None
    area = PostcodeArea.objects.filter(pc4=alias.pc4).first()
    point = area.point if area is not None else alias.place.point
    return Location(point, alias.name, "place", alias.place.municipality.is_mrdh)


def _street(text):
    """A street and a place, found through the school addresses in the reference data."""
    if "," in text:
        splits = [tuple(part.strip() for part in text.rsplit(",", 1))]
    else:
        words = text.split()
        splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))][:6]
    for street_text, place_text in splits:
        street = HOUSE_NUMBER_RE.sub("", street_text).strip()
        if not street or not place_text:
            continue
        place = Place.objects.matching(place_text).best_first().select_related("municipality").first()
        if place is None:
            continue
        school = School.objects.filter(street__iexact=street, municipality=place.municipality).first()
        if school is not None:
            label = f"{street}, {display_place_name(place.name)}"
            return Location(school.point, label, "street", place.municipality.is_mrdh)
    return None


def _unknown_postcode(pc4):
    areas = PostcodeArea.objects.select_related("municipality")
    below = areas.filter(pc4__lt=pc4).order_by("-pc4")[:2]
    above = areas.filter(pc4__gt=pc4).order_by("pc4")[:2]
    nearest = sorted([*below, *above], key=lambda area: abs(int(area.pc4) - int(pc4)))[:2]
    # Only a neighbour in the region (a typo in a postcode here) is worth suggesting: 9999 -> Rottum or
    # 0000 -> Amsterdam would send people far away.
    nearest = [
        area
        for area in nearest
        if abs(int(area.pc4) - int(pc4)) <= 10 and (area.municipality.is_mrdh or area.municipality.is_zuid_holland)
    ]
    suggestions = [f"{area.pc4} ({display_place_name(area.place_name)})" for area in nearest]
    if suggestions:
        message = _("We kennen postcode %(pc4)s niet. Bedoelde je %(suggestion)s?") % {
            "pc4": pc4,
            "suggestion": _(" of ").join(suggestions),
        }
    else:
        message = _("Postcode %(pc4)s bestaat niet. Controleer de cijfers of typ de naam van je plaats.") % {"pc4": pc4}
    return LocationNotFound(message, [area.pc4 for area in nearest])


def _school_code(text):
    match = SCHOOL_CODE_RE.match(text)
    if not match:
        return None
    code = text.strip().upper()
    schools = School.objects.filter(code=code) if match[2] else School.objects.filter(brin=code)
    return _school_location(
        _prefer_region(schools, "municipality__").select_related("municipality").first(), branch_known=bool(match[2])
    )


def _picked_school(text):
    match = PICKED_SCHOOL_RE.search(text)
    if not match:
        return None
    return _school_location(
        School.objects.filter(code=match[1].upper()).select_related("municipality").first(), branch_known=True
    )


def _school_name(text):
    key = normalize_name(text)
    schools = list(
        _prefer_region(School.objects.filter(search_name=key), "municipality__").select_related("municipality")[:2]
    )
    # One branch of that name is the school (and goes on to the booking form); several are choices (_school_words).
    return _school_location(schools[0], branch_known=True) if len(schools) == 1 else None


MAX_SCHOOL_CHOICES = 6


def _school_words(text):
    """Branches whose name holds (or begins) every typed word (a word may also be the place): the one branch in
    the region, else the one branch anywhere; several branches are choices to pick from."""
    words = normalize_name(text).split()
    if not words:
        return None
    found = []
    # A typed word that begins a name word counts too: "Houtrust" is both "Maris College locatie Houtrust"
    # and "Houtrustschool", so it is ambiguous even though one name holds the whole word.
    for school in find_schools(text, suggest=True):
        name_words = school.search_name.split()
        place_words = set(normalize_name(school.place_name).split())

        def in_name(word, name_words=name_words):
            return any(name_word.startswith(word) for name_word in name_words)

        if all(word in place_words or in_name(word) for word in words) and any(in_name(word) for word in words):
            found.append(school)
    region = set(
        Municipality.objects.filter(pk__in={school.municipality_id for school in found}, is_mrdh=True).values_list(
            "pk", flat=True
        )
    )
    in_region = [school for school in found if school.municipality_id in region]
    chosen = in_region or found
    if not chosen:
        return None
    if len(chosen) == 1:
        return _school_location(chosen[0], branch_known=True)
    raise LocationNotFound(
        _("Er zijn meerdere scholen die passen bij ‘%(text)s’. Bedoelde je een van deze?") % {"text": text.strip()},
        [school_label(school) for school in chosen[:MAX_SCHOOL_CHOICES]],
    )


def _school_location(school, *, branch_known=False):
    if school is None:
        return None
    return Location(
        school.point,
        f"{school.name} ({display_place_name(school.place_name)})",
        "school",
        school.municipality.is_mrdh,
        school_code=school.code if branch_known else "",
    )


def _place(text):
    """A place by name or alias; else a place whose official name continues the text ("Bergen" ->
    "Bergen (NH.)", "Alphen" -> "Alphen aan den Rijn"); the region and size decide between several."""
    key = normalize_name(text)
    exact = Place.objects.matching(text).select_related("municipality")
    place = _prefer_region(exact, "municipality__", population=True).first()
    if place is None or not place.municipality.is_zuid_holland:
        longer = Place.objects.filter(search_name__startswith=f"{key} ").select_related("municipality")
        candidates = [
            item for item in (place, _prefer_region(longer, "municipality__", population=True).first()) if item
        ]
        # Exact names first, unless only the longer name lies in Zuid-Holland.
        candidates.sort(key=lambda item: not item.municipality.is_zuid_holland)
        place = candidates[0] if candidates else None
    if place is None:
        return _municipality(text)
    typed = normalize_name(place.name) != key and not place.search_name.startswith(f"{key} ")
    alias = PlaceAlias.objects.filter(search_name=key).values_list("name", flat=True).first() if typed else None
    label = (alias or text.strip()) if typed else display_place_name(place.name)
    return Location(place.point, label, "place", place.municipality.is_mrdh)


def _municipality(text):
    """A municipality by name ("Voorne aan Zee"), at its centre."""
    municipality = Municipality.objects.filter(name__iexact=text.strip(), latitude__isnull=False).first()
    if municipality is None:
        return None
    return Location(Point.of(municipality), display_place_name(municipality.name), "place", municipality.is_mrdh)


def _campus(text):
    campus = Campus.objects.filter(is_active=True).filter(Q(slug=slugify(text)) | Q(name__iexact=text.strip())).first()
    if campus is None:
        return None
    return Location(campus.point, campus.name, "campus", True)


def _prefer_region(queryset, prefix, population=False):
    """Ambiguous names: MRDH first, then the rest of Zuid-Holland, then the most inhabitants."""
    ordering = [F(f"{prefix}is_mrdh").desc(), F(f"{prefix}is_zuid_holland").desc()]
    if population:
        ordering.append(F("population").desc(nulls_last=True))
    return queryset.order_by(*ordering, "pk")


def _not_found(text):
    suggestions = similar_place_names(text)
    if suggestions:
        message = _("We kennen ‘%(text)s’ niet. Bedoelde je %(suggestion)s?") % {
            "text": text,
            "suggestion": _(" of ").join(suggestions),
        }
    else:
        message = _(
            "We kennen ‘%(text)s’ niet. Probeer een postcode (bijvoorbeeld 3011), een plaats of een school."
        ) % {"text": text}
    return LocationNotFound(message, suggestions)


def similar_place_names(text, limit=2):
    """Place names (or aliases, or schools) that look like text, ranked by similarity."""
    key = normalize_name(text)
    if len(key) < 2:
        return []
    candidates = {}
    places = _prefer_region(Place.objects.filter(search_name__startswith=key[:3]), "municipality__", population=True)
    for name, search_name in places.values_list("name", "search_name")[:300]:
        candidates.setdefault(search_name, name)
    aliases = PlaceAlias.objects.filter(search_name__startswith=key[:3]).values_list("name", "search_name")[:100]
    for name, search_name in aliases:
        candidates.setdefault(search_name, name)
    schools = (
        School.objects.filter(search_name__contains=key)
        .order_by(F("municipality__is_mrdh").desc(), "name")
        .values_list("name", "search_name")[:5]
    )
    for name, search_name in schools:
        candidates.setdefault(search_name, name)
    close = difflib.get_close_matches(key, candidates, n=limit, cutoff=0.75)
    close += [search_name for search_name in candidates if search_name.startswith(key) and search_name not in close]
    return [candidates[search_name] for search_name in close[:limit]]


# --- where an entry lies: its point from the address, and its campus ---------------------------


def pc4_of(postcode):
    """The four digits of a Dutch postcode ("3011 AB" -> "3011"), or "" when there are none."""
    return "".join(ch for ch in postcode or "" if ch.isdigit())[:4]


def fill_point_from_postcode(entry, *, point_given=False):
    """Give entry the centre of its PC4 area, marked approximate, when it has no exact point.

    entry is anything with latitude, longitude, postcode and is_point_approximate (an initiative,
    a row being imported). point_given: the person typed coordinates now, so the point is exact.
    An exact point from earlier stays; an approximate one follows the postcode. Returns a message
    for the postcode field when the postcode is unknown, else None. Used by the admin form and
    the spreadsheet import alike.
    """
    if point_given:
        entry.is_point_approximate = False
        return None
    if entry.latitude is not None and not entry.is_point_approximate:
        return None
    pc4 = pc4_of(entry.postcode)
    if not pc4:
        return None
    area = PostcodeArea.objects.filter(pc4=pc4).only("latitude", "longitude").first()
    if area is None:
        return _("Postcode “%(postcode)s” kennen we niet.") % {"postcode": entry.postcode}
    entry.latitude, entry.longitude = area.latitude, area.longitude
    entry.is_point_approximate = True
    return None


def fill_point_from_place(entry):
    """Give entry the centre of its place ("plaats"), marked approximate, when it has no point at all.

    For an entry without a postcode (fill_point_from_postcode comes first): the place is resolved
    as the search's location box resolves a place name or district ("Den Haag", "Scheveningen").
    Returns the message for the place field when the place is unknown (with "Bedoelde je ...?"
    for a near miss), else None.
    """
    if entry.latitude is not None and not entry.is_point_approximate:
        return None
    text = (entry.place_name or "").strip()
    if not text or pc4_of(entry.postcode):
        return None
    location = None
    if len(text) <= MAX_LENGTH:
        location = _district(text) or _place(text)
    if location is None:
        return _not_found(text).message
    entry.latitude = Decimal(f"{location.point.latitude:.6f}")
    entry.longitude = Decimal(f"{location.point.longitude:.6f}")
    entry.is_point_approximate = True
    return None


def nearest_campus(point, campuses=None):
    """The nearest active campus whose radius contains point, or None (also for no point).

    The one rule for the admin form, the import and Initiative.save. campuses: the active
    campuses when the caller holds them already (an import of thousands of rows).
    """
    if point is None:
        return None
    if campuses is None:
        campuses = Campus.objects.filter(is_active=True)
    reaching = []
    for campus in campuses:
        distance = point.distance_km(Point.of(campus))
        if distance <= float(campus.radius_km):
            reaching.append((distance, campus.slug, campus))
    # Slug breaks ties: two campuses may share a point (RDM Campus and IT Campus Rotterdam).
    return min(reaching, key=lambda item: item[:2])[2] if reaching else None


# Official names people do not say: shown as people say them (the official name stays in addresses).
SPOKEN_NAMES = {"'s-Gravenhage": "Den Haag", "Rijswijk (ZH.)": "Rijswijk", "Hoogvliet Rotterdam": "Hoogvliet"}


def display_place_name(name):
    """The name people use for a place: "Den Haag" for 's-Gravenhage."""
    return SPOKEN_NAMES.get(name, name)
