import datetime

import pytest
from django.db import IntegrityError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from initiatives.models import Initiative, PracticeLevel, Session, TargetGroup, Theme
from tests.factories import InitiativeFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_vocabularies_are_seeded_by_migration():
    slugs = set(TargetGroup.objects.values_list("slug", flat=True))
    assert {"leerlingen", "ouders", "meisjes", "migratieachtergrond", "leraren"} <= slugs
    assert Theme.objects.filter(slug="programmeren-en-ict").exists()


@pytest.mark.parametrize(
    ("po_from", "po_to"),
    [(0, 4), (5, 9), (6, 3), (5, None)],
)
def test_initiative_po_group_range_is_enforced(po_from, po_to):
    with pytest.raises(IntegrityError):
        InitiativeFactory(po_group_from=po_from, po_group_to=po_to)


def test_initiative_vo_year_range_is_enforced():
    with pytest.raises(IntegrityError):
        InitiativeFactory(po_group_from=None, po_group_to=None, vo_year_from=3, vo_year_to=7)


def test_initiative_practice_level_must_be_on_the_rubric():
    with pytest.raises(IntegrityError):
        InitiativeFactory(practice_level=5)


def test_initiative_external_ref_unique_when_given():
    InitiativeFactory(external_ref="SEOR-001")
    InitiativeFactory(external_ref="")
    InitiativeFactory(external_ref="")
    with pytest.raises(IntegrityError):
        InitiativeFactory(external_ref="SEOR-001")


def test_session_must_end_after_it_starts():
    start = timezone.now()
    with pytest.raises(IntegrityError):
        SessionFactory(starts_at=start, ends_at=start - datetime.timedelta(hours=1))


def test_published_and_level_queries():
    for_group_7 = InitiativeFactory(po_group_from=5, po_group_to=8)
    InitiativeFactory(po_group_from=1, po_group_to=4)
    InitiativeFactory(po_group_from=5, po_group_to=8, status=Initiative.Status.DRAFT)

    assert list(Initiative.objects.published().for_po_group(7)) == [for_group_7]


def test_upcoming_sessions_skip_past_and_cancelled():
    initiative = InitiativeFactory()
    SessionFactory(initiative=initiative, starts_at=timezone.now() - datetime.timedelta(days=3))
    SessionFactory(initiative=initiative, is_cancelled=True)
    upcoming = SessionFactory(initiative=initiative)

    assert list(Session.objects.upcoming()) == [upcoming]


def test_practice_level_has_explanation_for_every_level():
    initiative = InitiativeFactory(practice_level=PracticeLevel.REAL)
    assert "vakmensen" in str(initiative.practice_level_explanation)


def test_open_for_booking_agrees_with_session_is_bookable():
    """The SQL window (search's "bookable now") and the booking form's rule are one rule."""
    now = timezone.now()
    closes_in_two = InitiativeFactory(booking_closes_days_before=2)
    opens_in_ten = InitiativeFactory(booking_opens_days_before=10, booking_closes_days_before=0)
    sessions = [
        SessionFactory(initiative=closes_in_two, starts_at=now + datetime.timedelta(days=1)),  # closed
        SessionFactory(initiative=closes_in_two, starts_at=now + datetime.timedelta(days=3)),  # open
        SessionFactory(initiative=opens_in_ten, starts_at=now + datetime.timedelta(days=20)),  # not yet open
        SessionFactory(initiative=opens_in_ten, starts_at=now + datetime.timedelta(days=5)),  # open
        SessionFactory(
            initiative=closes_in_two,
            starts_at=now + datetime.timedelta(days=1),
            booking_closes_at=now + datetime.timedelta(hours=12),
        ),  # own window: open
    ]

    open_ids = set(Session.objects.open_for_booking(now).values_list("pk", flat=True))

    assert open_ids == {s.pk for s in sessions if s.is_bookable(now)}
    assert open_ids == {sessions[1].pk, sessions[3].pk, sessions[4].pk}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("slug", ["robots-bouwen", "Lab_2-B"])
def test_detail_url_is_what_reverse_gives(language, slug):
    """get_absolute_url() puts the link together from the one reverse() gives for the language (a page of
    results asks for links 40 times)."""
    with translation.override(language):
        assert Initiative(slug=slug).get_absolute_url() == reverse("initiatives:detail", kwargs={"slug": slug})


def test_a_slug_the_url_pattern_refuses_goes_through_reverse():
    with pytest.raises(NoReverseMatch):
        Initiative(slug="café").get_absolute_url()
