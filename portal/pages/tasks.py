"""Background work of the content app: photos named by URL in the spreadsheet import."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from initiatives.bookings.emails import queue_email
from initiatives.caching import bump_catalog_version
from initiatives.models import Initiative

from .images import FetchError, fetch_image, image_from_bytes
from .models import ImageFetch

logger = logging.getLogger(__name__)


@task()
def fetch_import_image(fetch_id):
    """Fetch one import photo (portal.pages.images.fetch_image) and put it on its initiative.

    A failure leaves the initiative as it was, records the reason on the ImageFetch row and e-mails
    the importer; it is not retried (a wrong URL stays wrong). Safe to run twice: only a waiting row runs.
    """
    fetch = ImageFetch.objects.select_related("initiative", "requested_by").filter(pk=fetch_id).first()
    if fetch is None or fetch.status != ImageFetch.Status.WAITING:
        return None
    try:
        data = fetch_image(fetch.url)
        name = fetch.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "foto"
        image = image_from_bytes(data, name, fetch.alt_text)
    except (FetchError, ValidationError) as error:
        reason = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    except Exception:  # never silent: the importer hears that it failed, the log has the details
        logger.exception("fetching import photo %s failed", fetch.pk)
        reason = str(_("Er ging iets mis bij het verwerken van de afbeelding."))
    else:
        Initiative.objects.filter(pk=fetch.initiative_id).update(image=image)
        bump_catalog_version()
        fetch.status, fetch.image, fetch.finished_at = ImageFetch.Status.DONE, image, timezone.now()
        fetch.save(update_fields=["status", "image", "finished_at"])
        return fetch.status
    fetch.status, fetch.error, fetch.finished_at = ImageFetch.Status.FAILED, reason, timezone.now()
    fetch.save(update_fields=["status", "error", "finished_at"])
    _tell_fetch_failed(fetch)
    return fetch.status


def _tell_fetch_failed(fetch):
    user = fetch.requested_by
    if user is None or not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Foto niet opgehaald: %(title)s") % {"title": fetch.initiative.title}
        text = _(
            "De foto voor “%(title)s” (rij %(row)s van “%(file)s”) kon niet worden opgehaald van %(url)s:\n"
            "%(reason)s\n\nHet initiatief heeft geen nieuwe foto gekregen; de rest van de import is wel gedaan. "
            "Voeg de foto toe in het beheer of importeer hem opnieuw (bijvoorbeeld in een zip).\n\n%(link)s\n"
        ) % {
            "title": fetch.initiative.title,
            "row": fetch.row or "?",
            "file": fetch.file_name,
            "url": fetch.url,
            "reason": fetch.error,
            "link": settings.SITE_URL.rstrip("/") + reverse("admin:pages_imagefetch_changelist"),
        }
    queue_email(to=[user.email], subject=subject, text=text)
