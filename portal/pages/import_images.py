"""Photos in the spreadsheet import: a column with a file name (in the uploaded zip) or a URL.

- "afbeelding": a file name of a photo in the zip uploaded with the sheet (or the zip holding the
  sheet), or an http(s) URL. Blank keeps the current photo; [leeg] removes it.
- "alt-tekst afbeelding": required when a photo is given (what is on it, for who cannot see it).

A photo from the zip is checked in the preview (type, size, pixels: the same rules as an upload)
and stored when the import is applied. A URL is only checked for its form in the preview; the
picture is fetched after the import in a background task (portal.pages.tasks.fetch_import_image), which
records the outcome on an ImageFetch row and e-mails the importer when it fails.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

IMAGE_COLUMN = "afbeelding"
ALT_COLUMN = "alt-tekst afbeelding"
IMAGE_COLUMNS = (IMAGE_COLUMN, ALT_COLUMN)


def _text(value):
    return "" if value is None else str(value).strip()


class ImportedImagesMixin:
    """For a resource whose model has an `image` (pages.Image): reads IMAGE_COLUMNS (see the docstring).

    The resource calls check_image_columns from check_row, image_changes from derived_changes and
    queue_image_fetches from after_rows_saved.
    """

    def before_import(self, dataset, **kwargs):
        self.photos = getattr(dataset, "photos", None)
        self._image_plans = {}  # row number -> ("file", name, alt) / ("url", url, alt) / ("clear",)
        self._fetch_plans = []
        self.image_fetches = []
        super().before_import(dataset, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        planned = [plan for plan in self._image_plans.values() if plan[0] == "url"]
        result.image_fetches = len(planned) if self.dry_run else len(self.image_fetches)

    def check_image_columns(self, instance, row, errors):
        if IMAGE_COLUMN not in row and ALT_COLUMN not in row:
            return
        from initiatives.curation.imports import is_blank, is_clear

        value, alt = _text(row.get(IMAGE_COLUMN)), _text(row.get(ALT_COLUMN))
        if is_blank(value):
            if alt:
                errors.setdefault(IMAGE_COLUMN, []).append(
                    _(
                        "Er staat een alt-tekst maar geen afbeelding: vul de kolom “%(column)s” in of maak de "
                        "alt-tekst leeg."
                    )
                    % {"column": IMAGE_COLUMN}  # fmt: skip
                )
            return
        if is_clear(value):
            instance.image = None
            self._image_plans[self._row_number] = ("clear",)
            return
        if not alt:
            errors.setdefault(ALT_COLUMN, []).append(
                _("Vul de kolom “%(column)s” in: beschrijf wat er op de foto te zien is, voor wie hem niet kan zien.")
                % {"column": ALT_COLUMN}
            )
        elif len(alt) > 250:
            errors.setdefault(ALT_COLUMN, []).append(_("De alt-tekst mag hoogstens 250 tekens zijn."))
        if "://" in value:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                errors.setdefault(IMAGE_COLUMN, []).append(
                    _("“%(value)s” is geen webadres dat met http:// of https:// begint.") % {"value": value[:200]}
                )
                return
            self._image_plans[self._row_number] = ("url", value[:1000], alt)
            return
        problem = self._photo_problem(value)
        if problem:
            errors.setdefault(IMAGE_COLUMN, []).append(problem)
            return
        self._image_plans[self._row_number] = ("file", value, alt)

    def _photo_problem(self, name):
        from portal.pages.images import validate_image_upload

        if self.photos is None:
            return _(
                "“%(name)s” is een bestandsnaam, maar er is geen zip met foto's geüpload. Upload de spreadsheet "
                "met een zip van de foto's, of zet een webadres (https://...) in de kolom."
            ) % {"name": name[:200]}
        if name not in self.photos:
            return _("Het bestand “%(name)s” staat niet in het zip-bestand.") % {"name": name[:200]}
        from django.core.files.uploadedfile import SimpleUploadedFile

        try:
            validate_image_upload(SimpleUploadedFile(name, self.photos.read(name)))
        except ValidationError as error:
            return f"“{name[:200]}”: {' '.join(error.messages)}"
        return None

    def image_changes(self, original, instance):
        """The photo as the preview lists it: (label, old, new)."""
        plan = self._image_plans.get(self._row_number)
        if plan is None:
            return []
        old = "" if original is None or original.pk is None or original.image_id is None else str(original.image)
        if plan[0] == "clear":
            new = ""
        elif plan[0] == "file":
            new = _("%(name)s uit de zip (%(alt)s)") % {"name": plan[1], "alt": plan[2]}
        else:
            new = _("wordt na de import opgehaald van %(url)s (%(alt)s)") % {"url": plan[1], "alt": plan[2]}
        return [(IMAGE_COLUMN, old, new)]

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        plan = self._image_plans.get(kwargs.get("row_number"))
        if plan is None or self.dry_run:
            return
        if plan[0] == "file":
            from portal.pages.images import image_from_bytes

            instance.image = image_from_bytes(self.photos.read(plan[1]), plan[1], plan[2])
        elif plan[0] == "url":
            self._fetch_plans.append((instance, plan[1], plan[2], self.excel_row(kwargs)))

    def queue_image_fetches(self):
        """After the rows are saved: one ImageFetch per URL, fetched once the import is committed."""
        if self.dry_run:
            return
        from portal.pages.models import ImageFetch
        from portal.pages.tasks import fetch_import_image

        user = self.user if getattr(self.user, "pk", None) else None
        for instance, url, alt, row in self._fetch_plans:
            if instance.pk is None:
                continue  # not saved (a proposal waiting for review)
            fetch = ImageFetch.objects.create(
                initiative_id=instance.pk,
                url=url,
                alt_text=alt,
                row=row,
                file_name=self.file_name[:255],
                requested_by=user,
            )
            self.image_fetches.append(fetch)
            transaction.on_commit(lambda pk=fetch.pk: fetch_import_image.enqueue(pk), robust=True)


def photos_zip_help():
    """What the import page says beside the photos field (and the template's explanation sheet)."""
    from django.conf import settings
    from django.template.defaultfilters import filesizeformat

    from portal.pages.images import limits_text

    return _(
        "Een zip met de foto's die de kolom “%(column)s” bij naam noemt (of één zip met de spreadsheet én de "
        "foto's in het veld hierboven). Hoogstens %(zip)s. Per foto: %(limits)s"
    ) % {
        "column": IMAGE_COLUMN,
        "zip": filesizeformat(settings.IMPORT_MAX_ZIP_BYTES),
        "limits": limits_text(),
    }
