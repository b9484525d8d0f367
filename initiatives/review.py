"""Review of provider editors' changes to live content (initiatives, providers, sessions).

A provider editor's save of something the public sees becomes a `PendingChange`: the proposed
field values, stored beside the untouched live row. Coordinators compare it with the live
version field by field, approve it (applied here in one transaction; the public sees it at
once) or send it back with a comment. Nothing of it reaches the public before approval.
"""

import copy
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import permissions, review_emails
from .caching import bump_catalog_version
from .models import Initiative, PendingChange, Provider, Session
from .permissions import Role

EMPTY = "—"
# Never part of a proposal: bookkeeping, workflow and what only coordinators set.
NOT_PROPOSABLE = {
    "id",
    "status",
    "published_at",
    "is_demo",
    "created_at",
    "updated_at",
    "campus",
    "campus_is_manual",
    "initiative",
    "slug",
}


class ReviewError(Exception):
    """A review step that is not allowed; the message is for the person in the admin."""


# --- which saves need review ---------------------------------------------------------------------


def needs_review(user, obj):
    """Does this provider editor's save of obj have to wait for review (because the public sees obj)?"""
    if permissions.role_of(user) != Role.PROVIDER:
        return False
    if isinstance(obj, Initiative):
        return obj.pk is not None and _live_status(obj) == Initiative.Status.PUBLISHED
    if isinstance(obj, Session):
        return obj.initiative_id is not None and _live_status(obj.initiative) == Initiative.Status.PUBLISHED
    return isinstance(obj, Provider) and obj.pk is not None


def _live_status(initiative):
    return Initiative.objects.filter(pk=initiative.pk).values_list("status", flat=True).first()


def can_review(user, change):
    role = permissions.role_of(user)
    if role == Role.MRDH:
        return True
    return role == Role.CAMPUS and scope_changes(user, PendingChange.objects.filter(pk=change.pk)).exists()


def scope_changes(user, queryset):
    """Changes a user may see: reviewers those of their campuses, a provider editor their own provider's."""
    role = permissions.role_of(user)
    if role == Role.MRDH:
        return queryset
    if role == Role.CAMPUS:
        ids = permissions.campus_ids(user)
        providers_here = Initiative.objects.filter(campus__in=ids).values("provider")
        return queryset.filter(
            models.Q(initiative__campus__in=ids) | models.Q(initiative__isnull=True, provider__in=providers_here)
        )
    if role == Role.PROVIDER and permissions.provider_id(user) is not None:
        return queryset.filter(provider_id=permissions.provider_id(user))
    return queryset.none()


# --- values: to JSON, back, and for people -----------------------------------------------------


def proposable_fields(model):
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and field.name not in NOT_PROPOSABLE and field.editable
    ]


def _to_json(field, value):
    if field.many_to_many:
        return sorted(item.pk if hasattr(item, "pk") else int(item) for item in value or [])
    if field.is_relation:
        return getattr(value, "pk", value)
    return value


def _from_json(field, value):
    if field.many_to_many or field.is_relation or value is None:
        return value
    return field.to_python(value)


def _live_value(obj, field):
    if obj is None or obj.pk is None:
        return [] if field.many_to_many else field.get_default()
    if field.many_to_many:
        return sorted(getattr(obj, field.name).values_list("pk", flat=True))
    if field.is_relation:
        return getattr(obj, field.attname)
    return getattr(obj, field.attname)


def differences(live, values):
    """{field name: JSON value} for the values (cleaned form data) that differ from the live object."""
    changed = {}
    for field in proposable_fields(type(live)):
        if field.name not in values:
            continue
        proposed = _to_json(field, values[field.name])
        if _normalised(field, proposed) != _normalised(field, _live_value(live, field)):
            changed[field.name] = proposed
    return changed


def _normalised(field, value):
    if value in (None, ""):
        return None
    if field.many_to_many or field.is_relation:
        return value
    return field.to_python(value)


def display_value(field, value):
    """A value as a person reads it: labels instead of codes, local dates, "—" for empty."""
    if value in (None, "", []):
        return EMPTY
    if field.many_to_many:
        items = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(str(item) for item in items) or EMPTY
    if field.is_relation:
        item = field.related_model._default_manager.filter(pk=value).first()
        return str(item) if item is not None else EMPTY
    value = field.to_python(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal | float):
        return number_format(value)
    return str(value)


@dataclass(frozen=True)
class Difference:
    label: str
    live: str
    proposed: str


def comparison(change):
    """The change field by field: label, live value, proposed value (all for people)."""
    live = change.target
    rows = []
    for field in proposable_fields(change.model):
        if field.name not in change.data:
            continue
        rows.append(
            Difference(
                label=capfirst(str(field.verbose_name)),
                live=display_value(field, _live_value(live, field)) if live is not None else EMPTY,
                proposed=display_value(field, change.data[field.name]),
            )
        )
    return rows


def proposed_object(change):
    """The live object with the proposal applied in memory (unsaved), for a preview or the form."""
    live = change.target
    obj = copy.copy(live) if live is not None else change.model(initiative=change.initiative)
    cache = dict(getattr(obj, "_prefetched_objects_cache", {}))
    for field in proposable_fields(change.model):
        if field.name not in change.data:
            continue
        value = change.data[field.name]
        if field.many_to_many:
            # Read by templates and forms through the manager, which looks at this cache first.
            cache[field.name] = field.related_model._default_manager.filter(pk__in=value)
        else:
            setattr(obj, field.attname, _from_json(field, value))
    obj._prefetched_objects_cache = cache
    return obj


# --- services ------------------------------------------------------------------------------------


@transaction.atomic
def propose(*, user, obj, values, initiative=None):
    """Store (or update) the provider's open proposal for obj; returns the change, or None if nothing differs.

    obj is the live object (or a new, unsaved session); values are the cleaned form values.
    """
    live = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk else None
    data = differences(live if live is not None else type(obj)(), values)
    content_type = ContentType.objects.get_for_model(obj)
    existing = None
    if live is not None:
        existing = (
            PendingChange.objects.select_for_update()
            .open()
            .filter(content_type=content_type, object_id=live.pk)
            .first()
        )
    if not data:
        if existing is not None:
            existing.delete()  # the provider undid their change: nothing to review any more
        return None
    change = existing or PendingChange(content_type=content_type, object_id=live.pk if live else None)
    change.initiative = initiative or _initiative_of(obj)
    change.provider_id = obj.pk if isinstance(obj, Provider) else change.initiative.provider_id
    change.data, change.author = data, user
    change.status, change.submitted_at = PendingChange.Status.PENDING, timezone.now()
    # A resubmission waits for a new decision; the earlier comment stays for context.
    change.reviewed_by, change.reviewed_at = None, None
    change.save()
    review_emails.notify_reviewers(change)  # queued in this transaction, with the change
    return change


def _initiative_of(obj):
    if isinstance(obj, Initiative):
        return obj
    if isinstance(obj, Session):
        return obj.initiative
    return None


@transaction.atomic
def approve(*, change, user, now=None):
    """Apply the proposal to the live object in one transaction; the public sees it at once."""
    change = _locked_open_change(change, user)
    live = change.target
    if live is None and not change.is_new_object:
        raise ReviewError(_("Het object van deze wijziging bestaat niet meer."))
    target = change.model._default_manager.select_for_update().get(pk=live.pk) if live else None
    target = _apply(change, target)
    change.status, change.reviewed_by, change.reviewed_at = PendingChange.Status.APPROVED, user, now or timezone.now()
    if change.is_new_object:
        change.object_id = target.pk
    change.save(update_fields=["status", "reviewed_by", "reviewed_at", "object_id"])
    bump_catalog_version()
    review_emails.notify_author(change)  # queued in this transaction, with the decision
    return change


def _apply(change, target):
    if target is None:
        target = change.model(initiative=change.initiative)
    m2m = {}
    for field in proposable_fields(change.model):
        if field.name not in change.data:
            continue
        if field.many_to_many:
            m2m[field.name] = change.data[field.name]
        else:
            setattr(target, field.attname, _from_json(field, change.data[field.name]))
    target._history_user = change.author
    target._change_reason = _("Wijziging goedgekeurd")
    try:
        # The live row may have changed since the proposal: check it again as a whole.
        target.full_clean(exclude=["slug"], validate_unique=False)
    except ValidationError as error:
        raise ReviewError(" ".join(error.messages)) from error
    target.save()
    for name, pks in m2m.items():
        getattr(target, name).set(pks)
    return target


@transaction.atomic
def send_back(*, change, user, comment, now=None):
    """Return the proposal to the provider with a comment; the live object stays as it is."""
    comment = (comment or "").strip()
    if not comment:
        raise ReviewError(_("Schrijf erbij wat de aanbieder moet aanpassen."))
    change = _locked_open_change(change, user)
    change.status, change.review_comment = PendingChange.Status.SENT_BACK, comment
    change.reviewed_by, change.reviewed_at = user, now or timezone.now()
    change.save(update_fields=["status", "review_comment", "reviewed_by", "reviewed_at"])
    review_emails.notify_author(change)  # queued in this transaction, with the decision
    return change


def _locked_open_change(change, user):
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if not can_review(user, change):
        raise ReviewError(_("Je mag deze wijziging niet beoordelen."))
    if change.status != PendingChange.Status.PENDING:
        raise ReviewError(
            _("Deze wijziging is al %(status)s.") % {"status": change.get_status_display()},
        )
    return change
