"""Load the reference data (../shared/data, see its SOURCES.md) into the geography models.

One loader per file, run in dependency order by load_all(). Each loader first validates every row
(raising ReferenceDataError with file, line and column), then writes in one transaction, upserting
by natural key, so a second run changes nothing. Campuses and the editable flags of vmbo profiles
are only ever created, never overwritten: coordinators own them.
"""

import datetime
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.db import transaction

from .aliases import seed_place_aliases
from .csvdata import MUNICIPALITY_CODE_RE, POSTCODE_RE, ReferenceDataError, read_rows
from .geo import normalize_name
from .models import Campus, Municipality, Place, PostcodeArea, School, VmboProfile, VmboProfileOffer
from .upsert import upsert

__all__ = ["ReferenceDataError", "FileResult", "load_all", "LOADERS"]

VMBO_REFERENCE_DATE = datetime.date(2019, 10, 1)
VMBO_OFFER_KEY = ("branch_code", "track", "sector", "programme")
# MISSION.md: the technical profiles, and the default "hard" ones (MVI is the doubtful one).
TECHNICAL_PROFILES = {"BWI", "PIE", "MOBT", "MaT", "MVI"}
HARD_PROFILES = {"BWI", "PIE", "MOBT", "MaT"}
CAMPUS_PRECISION = {
    "pc4": Campus.Precision.PC4,
    "woonplaats": Campus.Precision.PLACE,
    "adres": Campus.Precision.ADDRESS,
}
SCHOOL_COLUMNS = (
    *("vestigingscode", "brin", "naam", "denominatie", "straat", "huisnummer", "postcode", "pc4", "woonplaats"),
    *("gemeente_code", "website", "lat", "lon", "coord_bron"),
)


@dataclass
class FileResult:
    file: str
    counts: dict = field(default_factory=dict)  # label -> Counts
    seconds: float = 0.0


def load_all(*, data_dir, on_result=None):
    """Load every reference file in data_dir; returns the FileResults (also passed to on_result as they come)."""
    data_dir = Path(data_dir)
    results = []
    for file, loader in LOADERS:
        started = time.perf_counter()
        result = FileResult(file, loader(data_dir / file))
        result.seconds = time.perf_counter() - started
        results.append(result)
        if on_result:
            on_result(result)
    return results


def _municipality_ids():
    return dict(Municipality.objects.values_list("code", "id"))


def _field_length(model, name):
    return model._meta.get_field(name).max_length


def load_municipalities(path):
    rows = read_rows(path, ("gemeente_code", "gemeente", "provincie", "lat", "lon", "in_zuid_holland", "in_mrdh"))
    values = [_municipality(row) for row in rows]
    _reject_duplicates(rows, values, ("code",), "gemeente_code")
    with transaction.atomic():
        return {"municipalities": upsert(Municipality, values, key=("code",))}


def _municipality(row):
    latitude, longitude = row.point()
    return {
        "code": row.matching("gemeente_code", MUNICIPALITY_CODE_RE, "a CBS municipality code such as GM0599"),
        "name": row.text("gemeente", max_length=_field_length(Municipality, "name")),
        "province": row.text("provincie", max_length=_field_length(Municipality, "province")),
        "is_zuid_holland": row.flag("in_zuid_holland"),
        "is_mrdh": row.flag("in_mrdh"),
        "latitude": latitude,
        "longitude": longitude,
    }


def load_postcode_areas(path):
    rows = read_rows(path, ("pc4", "woonplaats", "woonplaatsen", "gemeente_code", "lat", "lon", "coord_bron"))
    municipalities = _municipality_ids()
    values = [_postcode_area(row, municipalities) for row in rows]
    _reject_duplicates(rows, values, ("pc4",), "pc4")
    with transaction.atomic():
        return {"postcode areas": upsert(PostcodeArea, values, key=("pc4",))}


def _postcode_area(row, municipalities):
    latitude, longitude = row.point()
    places = row.text("woonplaatsen", max_length=1000, required=False)
    place_names = ", ".join(name.strip() for name in places.split("|") if name.strip())
    if len(place_names) > _field_length(PostcodeArea, "place_names"):
        raise row.error("woonplaatsen", "too many places")
    return {
        "pc4": row.pc4(),
        "place_name": row.text("woonplaats", max_length=_field_length(PostcodeArea, "place_name")),
        "place_names": place_names,
        "municipality_id": row.municipality_id(municipalities),
        "latitude": latitude,
        "longitude": longitude,
        "coordinate_source": row.text("coord_bron", max_length=30, required=False),
    }


def load_places(path):
    columns = ("woonplaats", "gemeente_code", "lat", "lon", "pc4_lijst", "inwoners_geonames", "geonameid")
    rows = read_rows(path, columns)
    municipalities = _municipality_ids()
    values = [_place(row, municipalities) for row in rows]
    _reject_duplicates(rows, values, ("name", "municipality_id"), "woonplaats")
    with transaction.atomic():
        places = upsert(Place, values, key=("name", "municipality_id"))
        return {"places": places, "place aliases": seed_place_aliases()}


def _place(row, municipalities):
    latitude, longitude = row.point()
    name = row.text("woonplaats", max_length=_field_length(Place, "name"))
    pc4_list = row.text("pc4_lijst", max_length=10_000, required=False).split("|")
    for pc4 in filter(None, pc4_list):
        if not pc4.strip().isdigit() or len(pc4.strip()) != 4:
            raise row.error("pc4_lijst", f"'{pc4}' is not a 4-digit postcode")
    return {
        "name": name,
        "search_name": normalize_name(name),
        "municipality_id": row.municipality_id(municipalities),
        "latitude": latitude,
        "longitude": longitude,
        "pc4_list": ", ".join(pc4.strip() for pc4 in pc4_list if pc4.strip()),
        "population": row.integer("inwoners_geonames", required=False),
        "geonameid": row.integer("geonameid", required=False),
    }


def load_campuses(path):
    columns = (
        *("slug", "naam", "consortium", "thema", "gemeente_code", "woonplaats", "adres", "postcode"),
        *("lat", "lon", "locatie_precisie", "bron", "opmerking"),
    )
    rows = read_rows(path, columns)
    municipalities = _municipality_ids()
    values = [_campus(row, municipalities) for row in rows]
    _reject_duplicates(rows, values, ("slug",), "slug")
    with transaction.atomic():
        # Coordinators own the campuses: missing ones are created, existing ones never overwritten.
        return {"campuses": upsert(Campus, values, key=("slug",), update=False)}


def _campus(row, municipalities):
    latitude, longitude = row.point()
    slug = row.text("slug", max_length=_field_length(Campus, "slug"))
    if not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in slug):
        raise row.error("slug", f"'{slug}' may only hold letters, digits and hyphens")
    return {
        "slug": slug,
        "name": row.text("naam", max_length=_field_length(Campus, "name")),
        "consortium": row.text("consortium", max_length=_field_length(Campus, "consortium"), required=False),
        "themes": row.text("thema", max_length=_field_length(Campus, "themes"), required=False),
        "municipality_id": row.municipality_id(municipalities),
        "place_name": row.text("woonplaats", max_length=_field_length(Campus, "place_name"), required=False),
        "address": row.text("adres", max_length=_field_length(Campus, "address"), required=False),
        "postcode": row.text("postcode", max_length=_field_length(Campus, "postcode"), required=False),
        "latitude": latitude,
        "longitude": longitude,
        "location_precision": row.choice("locatie_precisie", CAMPUS_PRECISION),
        "source": row.text("bron", max_length=_field_length(Campus, "source"), required=False),
        "note": row.text("opmerking", max_length=5000, required=False),
    }


def load_primary_schools(path):
    return _load_schools(path, School.Kind.PO, SCHOOL_COLUMNS)


def load_secondary_schools(path):
    columns = (*SCHOOL_COLUMNS, "onderwijsstructuur", "heeft_pro", "heeft_vmbo", "heeft_havo", "heeft_vwo", "duo_stand")
    return _load_schools(path, School.Kind.VO, columns)


def _load_schools(path, kind, columns):
    rows = read_rows(path, columns)
    municipalities = _municipality_ids()
    values = [_school(row, kind, municipalities) for row in rows]
    _reject_duplicates(rows, values, ("code",), "vestigingscode")
    with transaction.atomic():
        return {f"{kind} schools": upsert(School, values, key=("code",))}


def _school(row, kind, municipalities):
    latitude, longitude = row.point()
    name = row.text("naam", max_length=_field_length(School, "name"))
    postcode = row.matching("postcode", POSTCODE_RE, "a postcode such as '3011 AB'")
    pc4 = row.pc4()
    if postcode[:4] != pc4:
        raise row.error("pc4", f"'{pc4}' does not match postcode '{postcode}'")
    values = {
        "code": row.text("vestigingscode", max_length=_field_length(School, "code")),
        "brin": row.text("brin", max_length=_field_length(School, "brin")),
        "kind": kind,
        "name": name,
        "search_name": normalize_name(name),
        "denomination": row.text("denominatie", max_length=_field_length(School, "denomination"), required=False),
        "street": row.text("straat", max_length=_field_length(School, "street"), required=False),
        "house_number": row.text("huisnummer", max_length=_field_length(School, "house_number"), required=False),
        "postcode": postcode,
        "pc4": pc4,
        "place_name": row.text("woonplaats", max_length=_field_length(School, "place_name")),
        "municipality_id": row.municipality_id(municipalities),
        "website": row.text("website", max_length=_field_length(School, "website"), required=False),
        "latitude": latitude,
        "longitude": longitude,
        "coordinate_source": row.text("coord_bron", max_length=_field_length(School, "coordinate_source")),
    }
    values.update(_secondary_school(row) if kind == School.Kind.VO else _NO_SECONDARY)
    return values


_NO_SECONDARY = {
    "structure": "",
    "has_pro": False,
    "has_vmbo": False,
    "has_havo": False,
    "has_vwo": False,
    "duo_reference": "",
}


def _secondary_school(row):
    return {
        "structure": row.text("onderwijsstructuur", max_length=_field_length(School, "structure")),
        "has_pro": row.flag("heeft_pro"),
        "has_vmbo": row.flag("heeft_vmbo"),
        "has_havo": row.flag("heeft_havo"),
        "has_vwo": row.flag("heeft_vwo"),
        "duo_reference": row.text("duo_stand", max_length=_field_length(School, "duo_reference"), required=False),
    }


def load_vmbo_profiles(path):
    columns = (
        *("vestigingscode", "naam_2019", "plaats_2019", "leerweg", "sector", "profiel_afdeling", "profiel_code"),
        *("techniek", "leerlingen_lj3", "leerlingen_lj4", "vestiging_bestaat_2026"),
    )
    rows = read_rows(path, columns)
    offers = [_vmbo_offer(row) for row in rows]
    _reject_duplicates(rows, offers, VMBO_OFFER_KEY, "profiel_afdeling")
    profiles = _vmbo_profiles(offers)
    schools = dict(School.objects.filter(code__in={offer["branch_code"] for offer in offers}).values_list("code", "id"))
    with transaction.atomic():
        profile_counts = upsert(VmboProfile, profiles, key=("code",), create_only=("is_technical", "is_hard"))
        profile_ids = dict(VmboProfile.objects.values_list("code", "id"))
        for offer in offers:
            offer["profile_id"] = profile_ids.get(offer.pop("profile_code"))
            offer["school_id"] = schools.get(offer["branch_code"])
        offer_counts = upsert(VmboProfileOffer, offers, key=VMBO_OFFER_KEY)
        return {"vmbo profiles": profile_counts, "vmbo offers": offer_counts}


def _vmbo_offer(row):
    length = partial(_field_length, VmboProfileOffer)
    return {
        "branch_code": row.text("vestigingscode", max_length=length("branch_code")),
        "branch_name": row.text("naam_2019", max_length=length("branch_name")),
        "branch_place": row.text("plaats_2019", max_length=length("branch_place"), required=False),
        "track": row.choice("leerweg", set(VmboProfileOffer.Track.values)),
        "sector": row.text("sector", max_length=length("sector"), required=False),
        "programme": row.text("profiel_afdeling", max_length=length("programme"), required=False),
        "profile_code": row.text("profiel_code", max_length=_field_length(VmboProfile, "code"), required=False),
        "is_technical": row.flag("techniek"),
        "pupils_year3": row.integer("leerlingen_lj3"),
        "pupils_year4": row.integer("leerlingen_lj4"),
        "branch_exists_2026": row.flag("vestiging_bestaat_2026"),
        "reference_date": VMBO_REFERENCE_DATE,
    }


def _vmbo_profiles(offers):
    """One profile per code found, named after its first row; defaults from MISSION.md."""
    profiles = {}
    for offer in offers:
        code = offer["profile_code"]
        if code and code not in profiles:
            profiles[code] = {
                "code": code,
                "name": offer["programme"] or code,
                "sector": offer["sector"],
                "is_technical": code in TECHNICAL_PROFILES,
                "is_hard": code in HARD_PROFILES,
            }
    return list(profiles.values())


def _reject_duplicates(rows, values, key, column):
    seen = {}
    for row, item in zip(rows, values, strict=True):
        natural_key = tuple(item[name] for name in key)
        if natural_key in seen:
            raise row.error(column, f"duplicate of line {seen[natural_key]}")
        seen[natural_key] = row.line


# Dependency order: municipalities first, schools before the vmbo offers that link to them.
LOADERS = (
    ("nl_gemeenten.csv", load_municipalities),
    ("nl_pc4_centroids.csv", load_postcode_areas),
    ("nl_woonplaatsen.csv", load_places),
    ("campussen.csv", load_campuses),
    ("scholen_po.csv", load_primary_schools),
    ("scholen_vo.csv", load_secondary_schools),
    ("vo_vmbo_profielen_zh_2019.csv", load_vmbo_profiles),
)

# Not loaded: ho_instellingen_hbo_wo.csv (registered main addresses of hbo/wo institutions; no model).
NOT_LOADED = ("ho_instellingen_hbo_wo.csv",)
