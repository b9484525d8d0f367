"""The first real inventory: initiatieven_openbare_bronnen.csv (see SOURCES.md, "Initiatives from public sources").

Each row becomes an initiative **in review** through the spreadsheet import (InitiativeResource), with
its source addresses and the date the source was seen. Unknowns stay unknown (cost, school levels,
practice level). Loading is idempotent and never overwrites: a row whose initiative exists already
(by its external reference "openbaar-<slug>") is left alone, whatever a coordinator changed since.
"""

import csv
import re

import tablib
from django.conf import settings
from django.utils.text import slugify

from campuses.geo import normalize_name

from ..models import Initiative, Provider
from .imports import SpreadsheetError
from .quality import PUBLIC_SOURCES_PREFIX
from .resources import InitiativeResource, ProviderResource

FILE_NAME = "initiatieven_openbare_bronnen.csv"
UNKNOWN = "unknown"
REGION_WORDS = ("landelijk", "regionaal")


class InventoryError(Exception):
    """The file could not be loaded; the message says why (per row and column)."""


def _range(text):
    """ "5-8" -> (5, 8), "7" -> (7, 7), "" or "unknown" -> (None, None)."""
    match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+))?\s*", text or "")
    if not match:
        return None, None
    start = int(match.group(1))
    return start, int(match.group(2) or start)


def _municipalities(text, known):
    """(main municipality, others, region wide) from "Delft", "Schiedam, Vlaardingen", "landelijk ..."."""
    region_wide = any(text.casefold().startswith(word) for word in REGION_WORDS)
    names = []
    for part in text.split(","):
        name = re.sub(r"\s*\(.*\)\s*$", "", part).strip()
        if name and normalize_name(name) in known:
            names.append(known[normalize_name(name)])
    return (names[0] if names else ""), names[1:], region_wide


def _cost(text):
    """(gratis cell, price note): "gratis..." is free, anything else is not known (kept as the note)."""
    text = (text or "").strip()
    if text.casefold().startswith("gratis"):
        return "ja", "" if text.casefold() == "gratis" else text[:150]
    note = "" if text.casefold() == UNKNOWN else text.replace(UNKNOWN, "onbekend")[:150]
    return "onbekend", note


def reference(row):
    return PUBLIC_SOURCES_PREFIX + slugify(row["name"])[:90]


def initiative_rows(rows):
    from campuses.models import Municipality

    known = {normalize_name(name): name for name in Municipality.objects.values_list("name", flat=True)}
    dataset = tablib.Dataset(
        headers=[
            "externe referentie", "titel", "aanbieder", "korte omschrijving", "soort activiteit", "waar", "adres",
            "gemeente", "ook in gemeenten", "hele regio", "po vanaf groep", "po tot en met groep",
            "vo vanaf leerjaar", "vo tot en met leerjaar", "vmbo", "havo", "vwo", "schoolniveau onbekend", "gratis",
            "toelichting prijs", "doelgroepen", "thema's", "status", "bron", "bron gezien", "boeken",
        ]
    )  # fmt: skip
    for row in rows:
        po, vo = _range(row["po_groups"]), _range(row["vo_years"])
        tracks = set(row["vo_tracks"].split())
        main, others, region_wide = _municipalities(row["municipality"], known)
        free, price_note = _cost(row["cost"])
        unknown_levels = UNKNOWN in (row["po_groups"], row["vo_years"]) and po[0] is None and vo[0] is None
        themes = "" if row["themes"].strip() == UNKNOWN else row["themes"]
        dataset.append(
            [
                reference(row), row["name"][:200], row["provider"], row["summary"][:300],
                "onbekend" if row["activity_type"] in ("", UNKNOWN) else row["activity_type"],
                "" if row["location_type"] == UNKNOWN else row["location_type"],
                "" if row["address"] == UNKNOWN else row["address"][:200],
                main, ", ".join(others), "ja" if region_wide else "", po[0], po[1],
                vo[0], vo[1], *("ja" if track in tracks else "" for track in ("vmbo", "havo", "vwo")),
                "ja" if unknown_levels else "", free, price_note, row["target_groups"], themes,
                "ter beoordeling", row["source_url"][:1000], row["source_seen_date"][:10],
                "contact opnemen met de aanbieder",
            ]
        )  # fmt: skip
    return dataset


def _raise_for(result, what):
    problems = [str(error.error) for error in result.base_errors]
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            problems += [f"{what} {row.number}, {column}: {message}" for message in messages]
    if problems:
        raise InventoryError("; ".join(problems))


def load_public_inventory(path=None):
    """Load the rows not loaded before; returns (initiatives created, providers created)."""
    path = path or settings.REFERENCE_DATA_DIR / FILE_NAME
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = set(
        Initiative.objects.filter(external_ref__startswith=PUBLIC_SOURCES_PREFIX).values_list("external_ref", flat=True)
    )
    rows = [row for row in rows if reference(row) not in existing]
    if not rows:
        return 0, 0
    providers = {}
    for row in rows:
        providers.setdefault(row["provider"], row["provider_kind"])
    known = {normalize_name(name) for name in Provider.objects.values_list("name", flat=True)}
    new_providers = tablib.Dataset(headers=["naam", "soort"])
    for name, kind in providers.items():
        if normalize_name(name) not in known:
            new_providers.append([name, kind])
    try:
        if len(new_providers):
            _raise_for(ProviderResource().import_data(new_providers, file_name=FILE_NAME), "aanbieder rij")
        result = InitiativeResource().import_data(initiative_rows(rows), file_name=FILE_NAME)
    except SpreadsheetError as error:
        raise InventoryError(str(error)) from error
    _raise_for(result, "rij")
    return result.totals["new"], len(new_providers)
