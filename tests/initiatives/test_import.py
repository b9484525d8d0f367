# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.curation.imports import SpreadsheetCSV, SpreadsheetError, SpreadsheetXLSX, read_spreadsheet
from initiatives.curation.resources import InitiativeResource, ProviderResource, SessionResource
from initiatives.models import Initiative, Provider, Session
from tests.factories import InitiativeFactory, ProviderFactory, TargetGroupFactory, ThemeFactory
from tests.initiatives.curation_fixtures import (  # noqa: F401
    campus_den_haag,
    campus_rotterdam,
    campus_user,
    csv_bytes,
    initiative_row,
    make_user,
    mrdh_user,
    other_provider,
    postcode_3011,
    provider,
    provider_user,
    roles,
    table,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def run_import(data, user=None, dry_run=False, resource_class=InitiativeResource):
    return resource_class(user=user).import_data(read_spreadsheet(data), dry_run=dry_run, file_name="test.xlsx")


def errors_of(result):
    """(excel row, column, message) for every problem in the result."""
    found = [(None, None, str(error.error)) for error in result.base_errors]
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            found += [(row.number, column, str(message)) for message in messages]
    return found


@pytest.fixture
def vocabularies(db):
    return {
        "robotica": ThemeFactory(name="Robotica", slug="robotica"),
        "programmeren": ThemeFactory(name="Programmeren en ICT", slug="programmeren-en-ict"),
        "meisjes": TargetGroupFactory(name="Meisjes", slug="meisjes"),
    }


def test_import_xlsx_creates_initiatives_with_natural_keys(provider, vocabularies, campus_rotterdam):
    data = xlsx_bytes(
        table(
            initiative_row(**{"thema's": "Robotica, programmeren-en-ict", "doelgroepen": "meisjes", "vmbo": "ja"}),
            initiative_row(title="Zonnepanelen meten", **{"thema's": "robotica"}),
        )
    )

    result = run_import(data)

    assert errors_of(result) == []
    assert result.totals["new"] == 2
    robots = Initiative.objects.get(slug="robots-bouwen")
    assert robots.provider == provider
    assert set(robots.themes.values_list("slug", flat=True)) == {"robotica", "programmeren-en-ict"}
    assert list(robots.target_groups.values_list("slug", flat=True)) == ["meisjes"]
    assert robots.for_vmbo is True
    assert robots.latitude == Decimal("51.922500")
    assert robots.campus == campus_rotterdam
    assert robots.status == Initiative.Status.DRAFT


def test_import_same_file_twice_changes_nothing(provider, vocabularies):
    data = xlsx_bytes(table(initiative_row(slug="robots-bouwen", **{"thema's": "Robotica", "doelgroepen": "Meisjes"})))
    run_import(data)
    history_before = Initiative.history.count()

    result = run_import(data)

    assert result.totals["new"] == 0
    assert result.totals["update"] == 0
    assert result.totals["skip"] == 1
    assert Initiative.objects.count() == 1
    assert Initiative.history.count() == history_before


def test_import_changed_row_updates_the_existing_initiative(provider):
    run_import(xlsx_bytes(table(initiative_row())))

    result = run_import(
        xlsx_bytes(table(initiative_row(slug="robots-bouwen", **{"korte omschrijving": "Nieuwe tekst."})))
    )

    assert result.totals["update"] == 1
    assert Initiative.objects.get().summary == "Nieuwe tekst."


def test_import_external_ref_is_the_key_when_given(provider):
    run_import(xlsx_bytes(table(initiative_row(**{"externe referentie": "SEOR-12"}))))

    run_import(xlsx_bytes(table(initiative_row(title="Robots bouwen en testen", **{"externe referentie": "SEOR-12"}))))

    assert Initiative.objects.get().title == "Robots bouwen en testen"


def test_import_unknown_theme_is_an_error_and_nothing_is_written(provider, vocabularies):
    data = xlsx_bytes(table(initiative_row(), initiative_row(title="Drones", **{"thema's": "Robotica, Ruimtevaart"})))

    result = run_import(data)

    assert Initiative.objects.count() == 0
    [(row, column, message)] = errors_of(result)
    assert (row, column) == (3, "thema's")
    assert "Ruimtevaart" in message


def test_import_unknown_provider_is_a_row_error_not_a_crash(provider):
    result = run_import(xlsx_bytes(table(initiative_row(provider="Onbekend BV"))))

    assert result.has_errors() is False
    assert errors_of(result) == [(2, "aanbieder", "Onbekende aanbieder: “Onbekend BV”.")]
    assert Initiative.objects.count() == 0


def test_import_semicolon_windows_1252_csv_with_dutch_values(provider):
    rows = table(
        initiative_row(
            title="Café-techniek: één middag",
            **{"gratis": "nee", "prijs (€)": "12,50", "laatst gecontroleerd op": "14-03-2026", "ouders welkom": "Ja"},
        )
    )

    result = run_import(csv_bytes(rows, delimiter=";", encoding="cp1252"))

    assert errors_of(result) == []
    initiative = Initiative.objects.get()
    assert initiative.title == "Café-techniek: één middag"
    assert (initiative.is_free, initiative.price, initiative.parents_welcome) == (False, Decimal("12.50"), True)
    assert initiative.last_verified_on == datetime.date(2026, 3, 14)


def test_import_utf8_csv_with_bom_and_commas(provider):
    result = run_import(
        csv_bytes(table(initiative_row(title="Ångström meten")), delimiter=",", encoding="utf-8", bom=True)
    )

    assert errors_of(result) == []
    assert Initiative.objects.get().title == "Ångström meten"


def test_import_ignores_empty_trailing_rows_and_reports_extra_columns(provider):
    rows = table(initiative_row(**{"Opmerking van Piet": "nog bellen"}))
    rows += [["", "", "", "", "", "", "", "", "", ""], [None] * 10]

    result = run_import(xlsx_bytes(rows))

    assert errors_of(result) == []
    assert result.totals["new"] == 1
    assert result.ignored_columns == ["Opmerking van Piet"]


def test_import_reads_excel_dates_and_serial_numbers(provider):
    rows = table(
        initiative_row(**{"laatst gecontroleerd op": datetime.datetime(2026, 5, 1)}),
        initiative_row(title="Bruggen bouwen", **{"laatst gecontroleerd op": 46000}),
    )

    run_import(xlsx_bytes(rows))

    assert Initiative.objects.get(slug="robots-bouwen").last_verified_on == datetime.date(2026, 5, 1)
    assert Initiative.objects.get(slug="bruggen-bouwen").last_verified_on == datetime.date(2025, 12, 9)


def test_import_header_names_forgive_case_spaces_and_stars(provider):
    rows = table(initiative_row())
    rows[0] = [f" {name.upper()} *" if name == "titel" else name for name in rows[0]]

    result = run_import(xlsx_bytes(rows))

    assert errors_of(result) == []


@pytest.mark.parametrize("data", [b"%PDF-1.4 \x00\x01\x02 binary", b"PK\x03\x04 not really a zip"])
def test_import_rejects_a_file_that_is_not_a_spreadsheet(data):
    with pytest.raises(SpreadsheetError, match="geen spreadsheet"):
        read_spreadsheet(data)


@pytest.mark.parametrize("format_class", [SpreadsheetCSV, SpreadsheetXLSX])
def test_import_formats_accept_either_kind_of_file(format_class, provider):
    rows = table(initiative_row())
    for data in (xlsx_bytes(rows), csv_bytes(rows)):
        dataset = format_class().create_dataset(data)
        assert dataset.headers[0] == "titel"


def test_import_missing_required_column_is_one_clear_error(provider):
    rows = [["titel", "aanbieder"], ["Robots bouwen", "TechLab Rotterdam"]]

    result = run_import(xlsx_bytes(rows))

    [(_row, _column, message)] = errors_of(result)
    assert "Verplichte kolom ontbreekt" in message
    assert "korte omschrijving" in message
    assert Initiative.objects.count() == 0


def test_import_swapped_coordinates_are_named_as_swapped(provider):
    result = run_import(xlsx_bytes(table(initiative_row(breedtegraad="4,47917", lengtegraad="51,9225"))))

    [(row, column, message)] = errors_of(result)
    assert (row, column) == (2, "breedtegraad")
    assert "verwisseld" in message


def test_import_coordinates_outside_the_netherlands_are_an_error(provider):
    result = run_import(xlsx_bytes(table(initiative_row(breedtegraad="48,8566", lengtegraad="2,3522"))))

    [(_row, column, message)] = errors_of(result)
    assert column == "breedtegraad"
    assert "niet in Nederland" in message


def test_import_postcode_without_coordinates_gives_an_approximate_point(provider, postcode_3011):
    result = run_import(xlsx_bytes(table(initiative_row(breedtegraad="", lengtegraad="", postcode="3011 AD"))))

    assert errors_of(result) == []
    initiative = Initiative.objects.get()
    assert (initiative.latitude, initiative.longitude) == (postcode_3011.latitude, postcode_3011.longitude)
    assert initiative.is_point_approximate is True


def test_import_unknown_postcode_is_an_error(provider):
    result = run_import(xlsx_bytes(table(initiative_row(breedtegraad="", lengtegraad="", postcode="9999 ZZ"))))

    assert [(column, message) for _row, column, message in errors_of(result)] == [
        ("postcode", "Postcode “9999 ZZ” kennen we niet.")
    ]


def test_import_duplicate_keys_in_one_file_are_errors(provider):
    result = run_import(xlsx_bytes(table(initiative_row(), initiative_row(**{"korte omschrijving": "Anders."}))))

    [(row, column, message)] = errors_of(result)
    assert (row, column) == (3, "titel")
    assert "rij 2" in message
    assert Initiative.objects.count() == 0


def test_import_is_all_or_nothing_on_confirm(provider):
    data = xlsx_bytes(table(initiative_row(), initiative_row(title="Drones", **{"po vanaf groep": 9})))

    result = run_import(data, dry_run=False)

    assert result.has_validation_errors()
    assert errors_of(result)[0][:2] == (3, "po vanaf groep")
    assert Initiative.objects.count() == 0


def test_import_bad_cells_name_row_and_column_in_dutch(provider):
    data = xlsx_bytes(
        table(initiative_row(**{"soort activiteit": "kampvuur", "gratis": "misschien", "prijs (€)": "vijf"}))
    )

    found = {(row, column) for row, column, _message in errors_of(run_import(data))}

    assert found == {(2, "soort activiteit"), (2, "gratis"), (2, "prijs (€)")}


def test_import_preview_classifies_rows_and_flags_likely_duplicates(provider):
    InitiativeFactory(title="Robots bouwen", slug="robots-bouwen", provider=provider)
    InitiativeFactory(title="Lego robots programmeren", slug="lego-robots", provider=provider)
    rows = table(
        initiative_row(
            title="Robots bouwen", slug="robots-bouwen", **{"korte omschrijving": "Leerlingen bouwen een robot!"}
        ),
        initiative_row(title="Lego-robots programmeren!", slug="lego-robots-2"),
        initiative_row(title="Iets heel anders"),
    )

    result = run_import(xlsx_bytes(rows), dry_run=True)

    assert [row.import_type for row in result.rows] == ["update", "new", "new"]
    assert [item["row"] for item in result.likely_duplicates] == [3]
    assert Initiative.objects.count() == 2


def test_import_provider_editor_cannot_import_for_another_provider(provider_user, other_provider):
    result = run_import(xlsx_bytes(table(initiative_row(provider="Haagse Makers"))), user=provider_user)

    [(row, column, message)] = errors_of(result)
    assert (row, column) == (2, "aanbieder")
    assert "eigen organisatie" in message


def test_import_provider_editor_rows_go_to_review_and_cannot_publish(provider_user, provider):
    result = run_import(
        xlsx_bytes(table(initiative_row(status="concept"), initiative_row(title="Drones"))), user=provider_user
    )
    assert errors_of(result) == []
    assert dict(Initiative.objects.values_list("slug", "status")) == {"robots-bouwen": "draft", "drones": "review"}

    result = run_import(xlsx_bytes(table(initiative_row(title="Lassen", status="gepubliceerd"))), user=provider_user)

    assert [column for _row, column, _message in errors_of(result)] == ["status"]


def test_import_provider_editor_cannot_change_another_providers_initiative(provider_user, other_provider):
    InitiativeFactory(title="Robots bouwen", slug="robots-bouwen", provider=other_provider)

    result = run_import(xlsx_bytes(table(initiative_row(slug="robots-bouwen"))), user=provider_user)

    assert any("buiten wat jij mag beheren" in message for _row, _column, message in errors_of(result))


def test_import_campus_coordinator_only_for_own_campus(campus_user, provider, campus_den_haag):
    rows = table(
        initiative_row(),
        initiative_row(title="Haagse drones", breedtegraad="52,0705", lengtegraad="4,3007"),
    )

    result = run_import(xlsx_bytes(rows), user=campus_user)

    assert [(row, column) for row, column, _message in errors_of(result)] == [(3, "campus")]


def test_export_escapes_formulae_and_round_trips_unchanged(provider, vocabularies):
    InitiativeFactory(title='=HYPERLINK("http://evil")', slug="evil", provider=provider, summary="@SUM(A1)")
    dataset = InitiativeResource().export()

    csv_data = SpreadsheetCSV().export_data(dataset.__class__(*dataset, headers=dataset.headers))
    xlsx_data = SpreadsheetXLSX().export_data(dataset.__class__(*dataset, headers=dataset.headers))

    assert b"'=HYPERLINK" in csv_data
    assert "'@SUM(A1)" in read_spreadsheet(xlsx_data)["korte omschrijving"]
    for data in (csv_data, xlsx_data):
        result = run_import(data)
        assert errors_of(result) == []
        assert result.totals["skip"] == 1
    assert Initiative.objects.get().title == '=HYPERLINK("http://evil")'


def test_import_sessions_by_initiative_slug_and_dutch_dates(provider):
    initiative = InitiativeFactory(slug="robots-bouwen", provider=provider)
    rows = [
        ["initiatief", "begint", "eindigt", "capaciteit", "geannuleerd"],
        ["robots-bouwen", "14-03-2027 10:00", "14-03-2027 12.00", "30", "nee"],
        ["robots-bouwen", datetime.datetime(2027, 3, 21, 10), datetime.datetime(2027, 3, 21, 12), 25, ""],
    ]

    result = run_import(xlsx_bytes(rows), resource_class=SessionResource)
    again = run_import(xlsx_bytes(rows), resource_class=SessionResource)

    assert errors_of(result) == []
    assert Session.objects.filter(initiative=initiative).count() == 2
    assert again.totals["skip"] == 2


def test_import_sessions_unknown_initiative_and_end_before_start(provider):
    InitiativeFactory(slug="robots-bouwen", provider=provider)
    rows = [
        ["initiatief", "begint", "eindigt", "capaciteit"],
        ["bestaat-niet", "14-03-2027 10:00", "14-03-2027 12:00", "30"],
        ["robots-bouwen", "14-03-2027 10:00", "14-03-2027 09:00", "30"],
    ]

    found = {
        (row, column)
        for row, column, _message in errors_of(run_import(xlsx_bytes(rows), resource_class=SessionResource))
    }

    assert found == {(2, "initiatief"), (3, "eindigt")}
    assert Session.objects.count() == 0


def test_import_providers_by_name(db):
    ProviderFactory(name="TechLab Rotterdam", slug="techlab-rotterdam")
    rows = [
        ["naam", "soort", "website"],
        ["techlab rotterdam", "mbo-instelling", "https://techlab.example.org"],
        ["Haagse Makers", "stichting of vereniging", ""],
    ]

    result = run_import(xlsx_bytes(rows), resource_class=ProviderResource)

    assert errors_of(result) == []
    assert (result.totals["new"], result.totals["update"]) == (1, 1)
    assert Provider.objects.get(slug="techlab-rotterdam").kind == Provider.Kind.MBO
    assert Provider.objects.get(name="Haagse Makers").slug == "haagse-makers"


def test_import_gives_each_initiative_the_campus_the_model_rule_gives(
    client, mrdh_user, campus_rotterdam, campus_den_haag, provider
):
    """The import and the admin form share campuses.location.nearest_campus (one rule, one home)."""
    points = [("51,9225", "4,47917"), ("52,0705", "4,3007"), ("52,0", "4,39"), ("", "")]
    rows = [
        initiative_row(title=f"Punt {index}", breedtegraad=latitude, lengtegraad=longitude, waar="komt naar school")
        for index, (latitude, longitude) in enumerate(points)
    ]
    client.force_login(mrdh_user)

    preview = client.post(
        reverse("admin:initiatives_initiative_import"),
        {"format": 0, "import_file": SimpleUploadedFile("punten.xlsx", xlsx_bytes(table(*rows)))},
    )
    form = preview.context["confirm_form"]
    client.post(
        reverse("admin:initiatives_initiative_process_import"),
        {name: form.initial.get(name, "") for name in form.fields},
    )

    saved = {item.title: item for item in Initiative.objects.all()}
    assert saved["Punt 0"].campus == campus_rotterdam and saved["Punt 1"].campus == campus_den_haag
    for item in saved.values():
        assert item.campus == item.nearest_campus()


def test_import_sessions_booking_window_must_open_before_it_closes(provider):
    InitiativeFactory(slug="robots-bouwen", provider=provider)
    rows = [
        ["initiatief", "begint", "eindigt", "capaciteit", "boeken mogelijk vanaf", "boeken mogelijk tot"],
        ["robots-bouwen", "14-03-2027 10:00", "14-03-2027 12:00", "30", "10-03-2027 10:00", "01-03-2027 10:00"],
    ]

    result = run_import(xlsx_bytes(rows), resource_class=SessionResource)

    assert [(row, column) for row, column, _message in errors_of(result)] == [(2, "boeken mogelijk tot")]


# --- saving the rows in batches (Meta.use_bulk)


def test_import_records_history_per_row_with_user_and_reason(mrdh_user, provider):
    data = xlsx_bytes(table(initiative_row(), initiative_row(title="Zonnepanelen meten")))

    run_import(data, user=mrdh_user)
    run_import(
        xlsx_bytes(table(initiative_row(slug="robots-bouwen", **{"korte omschrijving": "Nieuwe tekst."}))),
        user=mrdh_user,
    )

    records = Initiative.history.order_by("history_id")
    assert [(record.title, record.history_type) for record in records] == [
        ("Robots bouwen", "+"),
        ("Zonnepanelen meten", "+"),
        ("Robots bouwen", "~"),
    ]
    assert {record.history_user for record in records} == {mrdh_user}
    assert {record.history_change_reason for record in records} == {"Import uit spreadsheet"}
    assert records.last().summary == "Nieuwe tekst."


def test_import_update_replaces_many_to_many_values_and_bumps_updated_at(provider, vocabularies):
    run_import(xlsx_bytes(table(initiative_row(**{"thema's": "Robotica, Programmeren en ICT"}))))
    before = Initiative.objects.get()

    result = run_import(
        xlsx_bytes(
            table(initiative_row(slug="robots-bouwen", **{"thema's": "Programmeren en ICT", "doelgroepen": "meisjes"}))
        )
    )

    assert errors_of(result) == []
    assert result.totals["update"] == 1
    initiative = Initiative.objects.get()
    assert list(initiative.themes.values_list("slug", flat=True)) == ["programmeren-en-ict"]
    assert list(initiative.target_groups.values_list("slug", flat=True)) == ["meisjes"]
    assert initiative.updated_at > before.updated_at
    assert initiative.created_at == before.created_at


def test_import_preview_writes_nothing_not_even_history_or_relations(provider, vocabularies):
    result = run_import(xlsx_bytes(table(initiative_row(**{"thema's": "Robotica"}))), dry_run=True)

    assert result.totals["new"] == 1
    assert Initiative.objects.count() == 0
    assert Initiative.history.count() == 0
    assert Initiative.themes.through.objects.count() == 0


def test_import_confirm_query_count_does_not_grow_with_the_rows(provider, vocabularies, campus_rotterdam):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(count, prefix):
        rows = [
            initiative_row(title=f"{prefix} {index}", **{"thema's": "Robotica", "doelgroepen": "meisjes"})
            for index in range(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            result = run_import(xlsx_bytes(table(*rows)))
        assert result.totals["new"] == count
        return len(captured.captured_queries)

    # Before: four queries per row. Now a fixed number per file (plus one per batch on SQLite).
    assert queries_for(40, "Groot") < queries_for(4, "Klein") + 10
    assert Initiative.themes.through.objects.count() == 44


def test_import_two_rows_with_the_same_slug_is_a_row_error(provider):
    rows = [initiative_row(**{"externe referentie": "A-1"}), initiative_row(**{"externe referentie": "A-2"})]

    result = run_import(xlsx_bytes(table(*rows)))

    assert errors_of(result) == [
        (3, "titel", "De slug “robots-bouwen” staat ook op rij 2 van het bestand. Geef een andere titel of slug.")
    ]
    assert Initiative.objects.count() == 0


def test_import_constraint_violations_are_row_errors_by_column_in_any_batch(provider):
    """full_clean names row and column with the constraints' messages, also for a row past the first batch."""
    rows = [initiative_row(title=f"Activiteit {index}") for index in range(InitiativeResource._meta.batch_size)]
    rows += [
        initiative_row(title="Te duur", **{"prijs (€)": "-5"}),
        initiative_row(title="Omgekeerd", **{"minimale groepsgrootte": 30, "maximale groepsgrootte": 10}),
        initiative_row(title="Groep negen", **{"po tot en met groep": 9}),
    ]

    result = run_import(xlsx_bytes(table(*rows)))

    first = InitiativeResource._meta.batch_size + 2
    assert errors_of(result) == [
        (first, "prijs (€)", "De prijs kan niet negatief zijn."),
        (first + 1, "minimale groepsgrootte", "De minimale groepsgrootte is groter dan de maximale."),
        (
            first + 2,
            "po vanaf groep",
            "Vul “po vanaf groep” en “po tot en met groep” allebei in, van laag naar hoog. "
            "Groepen lopen van 1 tot en met 8.",
        ),
    ]
    assert Initiative.objects.count() == 0
    assert Initiative.history.count() == 0


def test_import_of_new_rows_saves_their_many_to_many_values_and_history(mrdh_user, provider, vocabularies):
    rows = [
        initiative_row(**{"thema's": "Robotica; programmeren-en-ict", "doelgroepen": "meisjes"}),
        initiative_row(title="Zonnepanelen meten", **{"thema's": "robotica"}),
    ]

    result = run_import(xlsx_bytes(table(*rows)), user=mrdh_user)

    assert errors_of(result) == []
    themes = {item.title: sorted(item.themes.values_list("slug", flat=True)) for item in Initiative.objects.all()}
    assert themes == {"Robots bouwen": ["programmeren-en-ict", "robotica"], "Zonnepanelen meten": ["robotica"]}
    assert list(Initiative.objects.get(title="Robots bouwen").target_groups.values_list("slug", flat=True)) == [
        "meisjes"
    ]
    assert set(Initiative.history.values_list("history_user", "history_change_reason")) == {
        (mrdh_user.pk, "Import uit spreadsheet")
    }


def test_import_sessions_in_batches_records_history_with_user_and_reason(mrdh_user, provider):
    InitiativeFactory(slug="robots-bouwen", provider=provider)
    rows = [
        ["initiatief", "begint", "eindigt", "capaciteit"],
        ["robots-bouwen", "14-03-2027 10:00", "14-03-2027 12:00", "30"],
        ["robots-bouwen", "21-03-2027 10:00", "21-03-2027 12:00", "25"],
    ]

    result = run_import(xlsx_bytes(rows), user=mrdh_user, resource_class=SessionResource)

    assert errors_of(result) == []
    assert sorted(Session.objects.values_list("capacity", flat=True)) == [25, 30]
    assert set(Session.history.values_list("history_type", "history_user", "history_change_reason")) == {
        ("+", mrdh_user.pk, "Import uit spreadsheet")
    }


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("gezinnen / ouders", "families"),
        ("Een leraar voor de klas", "classes"),
        ("ALLEBEI", "both"),
        ("families", "families"),
        (" Both ", "both"),
    ],
)
def test_import_who_books_takes_the_dutch_label_or_the_code_in_any_case(provider, cell, expected):
    result = run_import(xlsx_bytes(table(initiative_row(**{"wie boekt": cell}))))

    assert errors_of(result) == []
    assert Initiative.objects.get().booked_by == expected


def test_import_who_books_unknown_value_rejects_the_file_naming_row_and_column(provider):
    data = xlsx_bytes(table(initiative_row(), initiative_row(title="Ouderavond", **{"wie boekt": "iedereen"})))

    result = run_import(data)

    [(row, column, message)] = errors_of(result)
    assert (row, column) == (3, "wie boekt")
    assert "iedereen" in message and "gezinnen / ouders" in message
    assert Initiative.objects.count() == 0


def test_import_who_books_contradicting_the_row_is_refused_in_its_column(provider):
    row = initiative_row(title="Ouderavond", status="gepubliceerd", **{"wie boekt": "een leraar voor de klas"})
    data = xlsx_bytes(table({**row, "po vanaf groep": "", "po tot en met groep": ""}))

    [(row_number, column, message)] = errors_of(run_import(data))

    assert (row_number, column) == (2, "wie boekt") and "geen schoolniveau" in message


def test_import_who_books_empty_is_derived_as_before_the_column(provider):
    no_level = {"po vanaf groep": "", "po tot en met groep": ""}
    rows = [
        initiative_row(title="Robots"),
        initiative_row(title="Samen solderen", **{"ouder en kind samen": "ja"}),
        initiative_row(title="Repair café", **{"ouder en kind samen": "ja", "buiten schooltijd": "ja"}),
        initiative_row(title="Ouderavond", **no_level, doelgroepen="ouders"),
    ]

    result = run_import(xlsx_bytes(table(*rows)))

    assert errors_of(result) == []
    assert dict(Initiative.objects.values_list("title", "booked_by")) == {
        "Robots": "classes", "Samen solderen": "both", "Repair café": "families", "Ouderavond": "families",
    }  # fmt: skip


def test_import_who_books_empty_keeps_an_existing_choice_unless_its_basis_changes(provider):
    chosen = InitiativeFactory(title="Ouderavond", slug="ouderavond", provider=provider, booked_by="families")
    family = InitiativeFactory(title="Solderen", slug="solderen", provider=provider)

    result = run_import(xlsx_bytes(table(
        initiative_row(title="Ouderavond", slug="ouderavond", **{"korte omschrijving": "Nieuw."}),
        initiative_row(title="Solderen", slug="solderen", **{"ouder en kind samen": "ja"}),
    )))  # fmt: skip

    assert errors_of(result) == []
    chosen.refresh_from_db()
    family.refresh_from_db()
    assert (chosen.summary, chosen.booked_by) == ("Nieuw.", "families")
    assert family.booked_by == "both"


def test_export_writes_who_books_as_its_dutch_label_and_round_trips(provider):
    InitiativeFactory(slug="ouderavond", provider=provider, booked_by="families", po_group_from=None, po_group_to=None)

    dataset = InitiativeResource().export()

    assert dataset["wie boekt"] == ["gezinnen / ouders"]
    result = run_import(SpreadsheetXLSX().export_data(dataset))
    assert errors_of(result) == [] and result.totals["skip"] == 1


def test_import_template_explains_who_books_with_its_values(client, mrdh_user):
    from openpyxl import load_workbook

    client.force_login(mrdh_user)
    response = client.get(reverse("admin:initiatives_initiative_import_template"))

    workbook = load_workbook(io.BytesIO(response.content))
    explanation = {row[0]: row for row in workbook["Uitleg"].iter_rows(values_only=True) if row and row[0]}
    assert "wie boekt" in [cell.value for cell in workbook["Gegevens"][1]]
    assert explanation["wie boekt"][3] == "een leraar voor de klas; gezinnen / ouders; allebei"
    assert "Leeg bij een nieuwe rij: afgeleid." in explanation["wie boekt"][2]
