"""T3: each mistake gets its own message next to its field, in the summary too, and nothing typed is lost."""

import pytest
from django.urls import reverse

from tests.factories import InitiativeFactory, SchoolFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_booking_form_errors_are_specific_per_field_and_keep_the_input(client):
    initiative = InitiativeFactory(group_size_min=10, group_size_max=30)
    session = SessionFactory(initiative=initiative)
    school = SchoolFactory(name="De Boog", kind="po")

    response = client.post(
        reverse("initiatives:book", kwargs={"slug": initiative.slug}),
        {
            "sessions": [session.pk],
            "school_query": "De Boog",
            "po_group": "7",
            "pupils": "45",
            "adults": "2",
            "teacher_name": "",
            "email": "",
            "phone": "",
            "remarks": "Wij komen met de fiets.",
        },
    )
    html = response.content.decode()
    summary = html[html.index('id="error-summary"') : html.index("</div>", html.index('id="error-summary"'))]

    for message in (
        "Deze activiteit is voor groepen tot 30 leerlingen.",
        "Vul je naam in.",
        "Vul je e-mailadres in.",
        "Vul je telefoonnummer in.",
        "Geef aan dat je akkoord gaat met de privacyverklaring.",
    ):
        assert message in summary
        assert html.count(message) == 2  # in the summary and next to the field
    assert "Dit veld is verplicht." not in html
    assert 'href="#id_pupils"' in summary and 'href="#id_email"' in summary
    assert 'value="45"' in html and "Wij komen met de fiets." in html
    # The school was found and its level inferred: no question about the school level left.
    assert f'value="{school.code}"' in html and "Kies het soort onderwijs" not in html


def test_booking_page_speaks_of_pupils_and_seats_in_the_right_units(client):
    initiative = InitiativeFactory(group_size_min=10, group_size_max=30, capacity_unit="groups")
    SessionFactory(initiative=initiative, capacity=1)
    SessionFactory(initiative=initiative, capacity=3)

    detail = client.get(initiative.get_absolute_url()).content.decode()
    form = client.get(reverse("initiatives:book", kwargs={"slug": initiative.slug})).content.decode()

    assert "10 tot 30 leerlingen" in detail and "groepen</dd>" not in detail
    assert "plek voor nog 1 groep" in detail and "plek voor nog 3 groepen" in form
