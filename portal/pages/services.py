"""Publishing pages: a revision is a copy of the draft with the moment it goes live."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Page, PageRevision


class PublishingError(Exception):
    """A publication that cannot be done; the message is for the coordinator."""


@transaction.atomic
def publish_page(*, page, user, publish_at=None, note=""):
    """Copy the page's draft into a revision that is live from `publish_at` (now when empty)."""
    page = Page.objects.select_for_update().get(pk=page.pk)
    now = timezone.now()
    publish_at = publish_at or now
    if page.unpublish_at and page.unpublish_at <= publish_at:
        raise PublishingError(_("De publicatiedatum ligt na de datum waarop de pagina offline gaat."))
    return PageRevision.objects.create(
        page=page, content=page.snapshot(), publish_at=publish_at, created_by=user, note=note
    )


@transaction.atomic
def restore_revision(*, revision, user):
    """Put an earlier revision back: it becomes the draft and is published now."""
    page = Page.objects.select_for_update().get(pk=revision.page_id)
    content = dict(revision.content)
    for name in Page.CONTENT_FIELDS:
        if name in content:
            setattr(page, name, content[name])
    page.image_id = content.get("image_id")
    page.save()
    page.featured_initiatives.set(content.get("featured_ids", []))
    note = _("Teruggezet: versie van %(moment)s") % {
        "moment": timezone.localtime(revision.publish_at).strftime("%d-%m-%Y %H:%M")
    }
    return publish_page(page=page, user=user, note=str(note))
