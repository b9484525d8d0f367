"""Every text a coordinator, provider or import can set is shown escaped on every public page."""

from types import SimpleNamespace

import pytest
from django.db import models

from initiatives.bookings.emails import SUBJECTS, send_booking_email, send_digest
from tests.factories import (
    BookingFactory,
    CampusFactory,
    InitiativeFactory,
    PostcodeAreaFactory,
    ProviderFactory,
    SessionFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from tests.public_pages import PUBLIC_PAGES, page_url

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOAD = SCRIPT + IMG
RAW_MARKERS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"

# Fields whose format the database or a validator pins down; a payload cannot be stored there.
NOT_FREE_TEXT = (models.SlugField, models.EmailField, models.URLField)


def fill_text_fields(instance):
    """Put the payload in every free-text field of instance that can hold it, and save."""
    for model_field in instance._meta.fields:
        is_text = isinstance(model_field, models.CharField | models.TextField)
        if not is_text or isinstance(model_field, NOT_FREE_TEXT) or model_field.choices:
            continue
        if model_field.max_length is None or model_field.max_length >= len(PAYLOAD):
            setattr(instance, model_field.name, PAYLOAD)
    instance.save()
    return instance


@pytest.fixture
def hostile_objects(db):
    PostcodeAreaFactory()  # 3011, Rotterdam: the search pages look it up
    theme = fill_text_fields(ThemeFactory())
    target_group = fill_text_fields(TargetGroupFactory())
    provider = fill_text_fields(ProviderFactory())
    campus = fill_text_fields(CampusFactory(slug="campus-payload"))
    initiative = fill_text_fields(
        InitiativeFactory(provider=provider, themes=[theme], target_groups=[target_group], campus=campus)
    )
    session = fill_text_fields(SessionFactory(initiative=initiative))
    booking = fill_text_fields(BookingFactory(initiative=initiative, email="leraar@example.org", sessions=[session]))
    return SimpleNamespace(
        theme=theme,
        target_group=target_group,
        provider=provider,
        campus=campus,
        initiative=initiative,
        session=session,
        booking=booking,
    )


@pytest.mark.parametrize("page", PUBLIC_PAGES, ids=lambda page: page.id)
def test_public_page_escapes_every_editable_text(client, hostile_objects, page):
    url = page_url(page, hostile_objects)

    response = client.get(url)

    assert response.status_code == 200
    body = response.content.decode()
    if page.kind == "json":
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
        return
    for marker in RAW_MARKERS:
        assert marker not in body
    assert body.count("<h1") == 1  # every public page has exactly one <h1>


def test_initiative_detail_shows_payload_as_text(client, hostile_objects):
    response = client.get(hostile_objects.initiative.get_absolute_url())

    body = response.content.decode()
    assert ESCAPED_SCRIPT in body
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in body


def test_fill_text_fields_reaches_every_free_text_field(hostile_objects):
    initiative = hostile_objects.initiative

    assert initiative.title == PAYLOAD
    assert initiative.summary == PAYLOAD
    assert initiative.description == PAYLOAD
    assert initiative.venue_name == PAYLOAD
    assert hostile_objects.provider.name == PAYLOAD
    assert hostile_objects.campus.themes == PAYLOAD
    assert hostile_objects.session.note == PAYLOAD


def test_booking_emails_escape_every_editable_text(hostile_objects, mailoutbox):
    """The HTML part of every teacher e-mail and the provider digest shows payloads as text."""
    for kind in SUBJECTS:
        send_booking_email(hostile_objects.booking, kind)
    send_digest(to=["aanbieder@example.org"], bookings=[hostile_objects.booking])

    assert len(mailoutbox) == len(SUBJECTS) + 1
    for message in mailoutbox:
        html = message.alternatives[0][0]
        for marker in RAW_MARKERS:
            assert marker not in html
        assert ESCAPED_SCRIPT in html
