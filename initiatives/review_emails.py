"""E-mail about review: to the reviewers of the right campus on a submission, to the submitter on a decision.

Built like initiatives/bookings/emails.py (plain text plus HTML from templates/emails/) and queued
through its `queue_email`, the portal's one send path (the task queue, retried when the mail server
is down).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .bookings.emails import queue_email
from .permissions import GROUP_NAMES, Role

SUBJECTS = {
    "submitted": _("Ter beoordeling: %(target)s"),
    "approved": _("Goedgekeurd: %(target)s"),
    "sent_back": _("Teruggestuurd: %(target)s"),
}


def reviewers_for(initiative=None, provider=None):
    """E-mail addresses of the campus coordinators concerned; MRDH coordinators when there are none."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if initiative is not None:
        campus_ids = [initiative.campus_id] if initiative.campus_id else []
    else:
        campus_ids = list(provider.initiatives.exclude(campus=None).values_list("campus", flat=True).distinct())
    campus = users.filter(groups__name=GROUP_NAMES[Role.CAMPUS], staff_profile__campuses__in=campus_ids)
    chosen = campus if campus.exists() else users.filter(groups__name=GROUP_NAMES[Role.MRDH])
    return sorted(set(chosen.values_list("email", flat=True)))


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _send(kind, *, to, target, url, comment=""):
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {"kind": kind, "target": target, "url": url, "comment": comment}
        subject = str(SUBJECTS[kind]) % {"target": target}
        text = render_to_string("emails/review.txt", context)
        html = render_to_string("emails/review.html", context)
    queue_email(to=to, subject=subject, text=text, html=html)


def notify_reviewers(change):
    """A provider's change waits for review."""
    to = reviewers_for(initiative=change.initiative, provider=change.provider)
    url = _absolute(reverse("admin:initiatives_pendingchange_change", args=[change.pk]))
    _send("submitted", to=to, target=str(change.target_label), url=url)


def notify_reviewers_of_initiative(initiative):
    """A new initiative was offered for review."""
    url = _absolute(reverse("admin:initiatives_initiative_change", args=[initiative.pk]))
    _send("submitted", to=reviewers_for(initiative=initiative), target=initiative.title, url=url)


def notify_author(change):
    """The decision on a change, to the provider editor who proposed it."""
    author = change.author
    if author is None or not author.email:
        return
    url = _absolute(reverse("admin:initiatives_pendingchange_change", args=[change.pk]))
    _send(change.status, to=[author.email], target=str(change.target_label), url=url, comment=change.review_comment)


def notify_submitter_of_publication(initiative):
    """A new initiative that was in review is published: tell whoever offered it for review."""
    submitted = initiative.history.filter(status="review").exclude(history_user=None).order_by("-history_date")
    record = submitted.select_related("history_user").first()
    if record is None or not record.history_user.email:
        return
    url = _absolute(initiative.get_absolute_url())
    _send("approved", to=[record.history_user.email], target=initiative.title, url=url)
