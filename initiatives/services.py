"""Changes with invariants: the review workflow of an initiative.

draft -> review -> published -> archived (and back to published or draft). Only coordinators
publish (see initiatives.permissions.can_publish); every change is recorded in the history with
the user who made it.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import review_emails
from .models import Initiative
from .permissions import can_edit, can_publish

Status = Initiative.Status


class WorkflowError(Exception):
    """A workflow step that is not allowed; the message is for the coordinator."""


def _locked(initiative):
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


def _check_edit(user, initiative):
    if user is not None and not can_edit(user, initiative):
        raise WorkflowError(_("Je mag “%(title)s” niet wijzigen.") % {"title": initiative.title})


def _save(initiative, user, reason, fields):
    initiative._history_user = user
    initiative._change_reason = reason
    initiative.save(update_fields=[*fields, "updated_at"])
    return initiative


@transaction.atomic
def submit_for_review(*, initiative, user=None):
    """Send a draft (or archived) initiative to review."""
    initiative = _locked(initiative)
    _check_edit(user, initiative)
    if initiative.status not in (Status.DRAFT, Status.ARCHIVED):
        raise WorkflowError(
            _("“%(title)s” is %(status)s en kan niet ter beoordeling worden aangeboden.")
            % {"title": initiative.title, "status": initiative.get_status_display()}
        )
    initiative.status = Status.REVIEW
    initiative = _save(initiative, user, _("Ter beoordeling aangeboden"), ["status"])
    review_emails.notify_reviewers_of_initiative(initiative)  # queued in this transaction
    return initiative


@transaction.atomic
def publish(*, initiative, user=None, now=None):
    """Make an initiative public; only coordinators may."""
    initiative = _locked(initiative)
    if user is not None and not can_publish(user, initiative):
        raise WorkflowError(_("Je mag “%(title)s” niet publiceren.") % {"title": initiative.title})
    if initiative.status == Status.PUBLISHED:
        raise WorkflowError(_("“%(title)s” is al gepubliceerd.") % {"title": initiative.title})
    if initiative.location_type == Initiative.LocationType.VENUE and initiative.latitude is None:
        # The search finds an activity on location by its point: without one nobody would find it.
        raise WorkflowError(
            _(
                "“%(title)s” is niet gepubliceerd: het heeft geen locatie. Vul een postcode, een plaats die we kennen "
                "of een punt in; zonder locatie vindt niemand het bij zoeken in de buurt."
            )
            % {"title": initiative.title}
        )
    was_in_review = initiative.status == Status.REVIEW
    initiative.status = Status.PUBLISHED
    initiative.published_at = now or timezone.now()
    initiative = _save(initiative, user, _("Gepubliceerd"), ["status", "published_at"])
    if was_in_review:
        review_emails.notify_submitter_of_publication(initiative)  # queued in this transaction
    return initiative


@transaction.atomic
def archive(*, initiative, user=None):
    """Take an initiative off the portal but keep it."""
    initiative = _locked(initiative)
    _check_edit(user, initiative)
    if initiative.status == Status.ARCHIVED:
        raise WorkflowError(_("“%(title)s” is al gearchiveerd.") % {"title": initiative.title})
    initiative.status = Status.ARCHIVED
    return _save(initiative, user, _("Gearchiveerd"), ["status"])


@transaction.atomic
def mark_verified(*, initiative, user=None, on=None):
    """Record that someone checked the initiative's details (today unless on is given)."""
    initiative = _locked(initiative)
    _check_edit(user, initiative)
    initiative.last_verified_on = on or timezone.localdate()
    return _save(initiative, user, _("Gecontroleerd"), ["last_verified_on"])
