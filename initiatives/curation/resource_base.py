"""The shared base of our spreadsheet resources (see the initiatives.curation.resources package).

Dutch headers forgiven for case and spaces, empty rows dropped, required columns checked, one
transaction per file, errors keyed by column name and numbered as Excel numbers rows.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..caching import bump_catalog_version
from .imports import (
    CLEAR_MARKER,
    UNKNOWN,
    BooleanWidget,
    ChoiceWidget,
    DateTimeWidget,
    DateWidget,
    NaturalKeyMixin,
    NaturalKeyWidget,
    SpreadsheetError,
    StrictManyToManyWidget,
    TextWidget,
    is_blank,
    is_clear,
    normalize_header,
)

# How many rows of changes the preview lists (the summary counts them all).
PREVIEW_ROWS = 200


class _NoDiff:
    """No library diff: the preview shows the changes computed by CuratedResource.changes."""

    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


def column(attribute, name, widget=None, keep_if_blank=False):
    """A resource field: model attribute, Dutch column name, widget; blank cells keep the value if asked."""
    return Field(
        attribute=attribute,
        column_name=name,
        widget=widget or TextWidget(),
        saves_null_values=not keep_if_blank,
    )


class CuratedResource(resources.ModelResource):
    """What all our resources share: headers, required columns, keys, scoping, row numbers."""

    required_columns = ()
    # Save the rows all at once after every row has been validated (see _save_pending) instead of
    # one INSERT/UPDATE, one history record and the many-to-many queries per row.
    bulk_save = False
    batch_size = 500

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.ignored_columns = []
        self.likely_duplicates = []
        self.row_warnings = []  # [{"row", "column", "message"}]: imported, but worth a look
        self.excel_rows = {}
        self.row_problems = {}
        self.row_changes = {}

    # --- the import as a whole

    def import_data(self, dataset, dry_run=False, **kwargs):
        """All or nothing: any invalid row rolls the whole import back, also on confirm.

        One transaction for the whole file instead of the library's savepoint per row: rows are
        validated before they are saved and the import is all or nothing anyway, so per-row
        savepoints would only cost two queries a row. A preview (dry run) saves and rolls back.
        """
        sheet_name = getattr(getattr(dataset, "photos", None), "sheet_name", "")
        if sheet_name:
            # A sheet with photos arrives as one zip: the source names the sheet, not the zip.
            kwargs["file_name"] = sheet_name
        kwargs["rollback_on_validation_errors"] = True
        kwargs["use_transactions"] = False
        self._pending = []
        self._changed_rows = 0  # rows listed so far in the preview (PREVIEW_ROWS at most)
        self._dry_run = dry_run
        self._import_fields = None
        with transaction.atomic():
            result = super().import_data(dataset, dry_run=False, **kwargs)
            if self.bulk_save and not (result.has_errors() or result.has_validation_errors()):
                # Also on a preview: the database checks its constraints, then the preview rolls back.
                try:
                    with transaction.atomic():
                        self._save_pending()
                        self.after_pending_saved()
                except DatabaseError as error:
                    result.append_base_error(self.get_error_result_class()(error))
            if dry_run or result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
            else:
                self.after_import_saved()
        return result

    def after_import_saved(self):
        """After every row is saved on a confirmed import without errors, in its transaction (subclasses)."""

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user") or self.user
        for field in self.fields.values():
            if isinstance(field.widget, NaturalKeyMixin):
                field.widget.reset()
        try:
            self._normalize_headers(dataset)
            self._drop_empty_rows(dataset)
            self._check_required_columns(dataset)
        except SpreadsheetError:
            del dataset[:]  # a file we cannot read row by row: report it once, not per row
            raise
        self.prepare(dataset)

    extra_columns = ()  # columns read by check_row that are no field
    # Of those, the columns the export writes too (empty); others (photos) cannot go back into a cell.
    exported_extra_columns = ()

    def template_columns(self):
        """Every column of the template, in its order: the fields, then the extra columns."""
        return [field.column_name for field in self.get_import_fields()] + list(self.extra_columns)

    def export_columns(self, selected_fields=None):
        """The columns the export writes."""
        return [*self.get_export_headers(selected_fields=selected_fields), *self.exported_extra_columns]

    def after_export(self, queryset, dataset, **kwargs):
        super().after_export(queryset, dataset, **kwargs)
        for name in self.exported_extra_columns:
            dataset.append_col([""] * dataset.height, header=name)

    def _normalize_headers(self, dataset):
        known = {normalize_header(name): name for name in self.extra_columns}
        for name, field in self.fields.items():
            known[normalize_header(field.column_name)] = field.column_name
            known.setdefault(normalize_header(name), field.column_name)
        headers, seen = [], set()
        for header in dataset.headers or []:
            column_name = known.get(normalize_header(header))
            if column_name is None:
                if not is_blank(header):
                    self.ignored_columns.append(str(header).strip())
                headers.append(f"(genegeerd) {header}")
                continue
            if column_name in seen:
                raise SpreadsheetError(_("De kolom “%(column)s” staat twee keer in het bestand.") % {"column": header})
            seen.add(column_name)
            headers.append(column_name)
        dataset.headers = headers

    def _drop_empty_rows(self, dataset):
        kept = []
        for index, row in enumerate(dataset, start=2):  # Excel row 1 is the header
            if not all(is_blank(cell) for cell in row):
                kept.append((index, row))
        del dataset[:]
        for number, (excel_row, row) in enumerate(kept, start=1):
            dataset.append(row)
            self.excel_rows[number] = excel_row

    key_columns = ()  # with one of these in the file, rows update by key and may leave other columns out

    def _check_required_columns(self, dataset):
        if any(name in dataset.headers for name in self.key_columns):
            return  # a row that turns out new is checked cell by cell (validate_instance)
        missing = [name for name in self.required_columns if name not in dataset.headers]
        if missing:
            raise SpreadsheetError(
                _(
                    "Verplichte kolom ontbreekt: %(columns)s. De eerste rij moet de kolomnamen bevatten; "
                    "gebruik het sjabloon."
                )
                % {"columns": ", ".join(f"“{name}”" for name in missing)}
            )

    def prepare(self, dataset):
        """Look up existing rows and check keys across the file (subclasses)."""

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        for invalid in result.invalid_rows:
            invalid.number = self.excel_rows.get(invalid.number, invalid.number)
        result.ignored_columns = self.ignored_columns
        result.likely_duplicates = self.likely_duplicates
        result.row_warnings = self.row_warnings
        shown = [row for row in result.rows if row.import_type in ("new", "update")]
        result.changed_rows = shown[:PREVIEW_ROWS]
        result.more_changed_rows = max(0, len(shown) - PREVIEW_ROWS)
        result.warning_count = len(self.likely_duplicates) + len(self.row_warnings) + (1 if self.ignored_columns else 0)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        row_result.excel_row = self.excel_row(kwargs)
        row_result.changes = self.row_changes.pop(kwargs.get("row_number"), [])
        if row_result.import_type in ("new", "update"):
            self._changed_rows += 1

    # --- one row

    def excel_row(self, kwargs):
        return self.excel_rows.get(kwargs.get("row_number"), kwargs.get("row_number"))

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """Blank keeps the stored value on an update; the marker [leeg] empties it."""
        if field.column_name not in row:
            return
        value = row[field.column_name]
        if instance.pk is not None and is_blank(value):
            return
        if is_clear(value):
            self.clear_field(field, instance)
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)
        if getattr(instance, field.attribute, None) is UNKNOWN:
            model_field = self._meta.model._meta.get_field(field.attribute)
            setattr(instance, field.attribute, None if model_field.null else "")

    def clear_field(self, field, instance):
        model_field = self._meta.model._meta.get_field(field.attribute)
        if model_field.null:
            setattr(instance, model_field.attname, None)
        elif model_field.has_default() and not model_field.blank:
            setattr(instance, model_field.attname, model_field.get_default())
        elif model_field.blank and not model_field.is_relation:
            setattr(instance, model_field.attname, "")
        else:
            raise ValueError(_("Deze kolom is verplicht; %(marker)s kan hier niet.") % {"marker": CLEAR_MARKER})

    def import_instance(self, instance, row, **kwargs):
        """Fields, many-to-many values and our own checks: all errors of a row at once."""
        self._row_number = kwargs.get("row_number")
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if not isinstance(field.widget, StrictManyToManyWidget):
                continue
            value = row.get(field.column_name)
            if field.column_name not in row or is_blank(value):
                if not instance.pk:
                    instance.__dict__.setdefault("_import_m2m", {})[field.attribute] = []
                continue  # on an update a blank cell keeps the values
            try:
                # Kept for the preview's diff, which would otherwise query each relation per row.
                cleaned = [] if is_clear(value) else field.clean(row)
                instance.__dict__.setdefault("_import_m2m", {})[field.attribute] = cleaned
            except ValueError as error:
                errors[field.attribute] = [str(error)]
        for attribute, message in self.row_problems.get(kwargs.get("row_number"), {}).items():
            errors.setdefault(attribute, []).append(message)
            instance._skip_model_validation = True  # a repeated key: its other errors would only confuse
        self.check_row(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row, errors):
        """Extra checks on the instance with the row applied; add messages to errors (subclasses)."""

    def check_required_relations(self, instance, errors):
        """A required foreign key left empty is a row error by column, not a database error."""
        for field in self.get_import_fields():
            if not isinstance(field.widget, NaturalKeyWidget) or field.attribute in errors:
                continue
            model_field = self._meta.model._meta.get_field(field.attribute)
            if not model_field.null and getattr(instance, model_field.attname) is None:
                errors[field.attribute] = [
                    _("Vul de kolom “%(column)s” in; die is verplicht.") % {"column": field.column_name}
                ]

    # --- what changes (the preview)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped; the changes of the others are kept for the preview."""
        if import_validation_errors:
            return False
        is_new = original is None or original.pk is None
        if is_new and getattr(self, "_changed_rows", 0) >= PREVIEW_ROWS:
            return False  # not listed in the preview: keep no changes in memory (50,000 rows)
        changes = self.changes(original, instance)
        if getattr(self, "_changed_rows", 0) >= PREVIEW_ROWS:
            return not changes and not is_new
        self.row_changes[self._row_number] = changes
        return original is not None and original.pk is not None and not changes

    def changes(self, original, instance):
        """[(column, old, new)] as people read them; many-to-many values compared as sets."""
        is_new = original is None or original.pk is None
        found = []
        for field in self.get_import_fields():
            if not field.attribute:
                continue
            old = None if is_new else self.compared_value(field, original)
            new = self.compared_value(field, instance)
            if is_new and (new in (None, "", frozenset()) or self._is_default(field, new)):
                continue  # a new row lists what it sets, not the defaults every new entry gets
            if old != new:
                found.append((field.column_name, "" if is_new else self.shown_value(field, original),
                              self.shown_value(field, instance)))  # fmt: skip
        for label, old, new in self.derived_changes(original, instance):
            if old != new:
                found.append((label, "" if is_new else old, new))
        return found

    def _is_default(self, field, value):
        if isinstance(field.widget, StrictManyToManyWidget):
            return False
        model_field = self._meta.model._meta.get_field(field.attribute)
        return model_field.has_default() and value == model_field.get_default()

    def derived_changes(self, original, instance):
        """[(label, old, new)] of values the import derives (subclasses)."""
        return []

    def _m2m_items(self, field, obj):
        imported = obj.__dict__.get("_import_m2m", {})
        if field.attribute in imported:
            return list(imported[field.attribute])
        if obj.pk is None:
            return []
        return list(getattr(obj, field.attribute).all())

    def compared_value(self, field, obj):
        if isinstance(field.widget, StrictManyToManyWidget):
            return frozenset(item.pk for item in self._m2m_items(field, obj))
        model_field = self._meta.model._meta.get_field(field.attribute)
        return getattr(obj, model_field.attname)

    def shown_value(self, field, obj):
        if isinstance(field.widget, StrictManyToManyWidget):
            names = sorted(str(getattr(item, field.widget.label_attribute)) for item in self._m2m_items(field, obj))
            return ", ".join(names)
        if isinstance(field.widget, NaturalKeyWidget):
            model_field = self._meta.model._meta.get_field(field.attribute)
            return "" if getattr(obj, model_field.attname) is None else str(getattr(obj, field.attribute))
        value = getattr(obj, field.attribute)
        if value is None or value == "":
            return ""
        if isinstance(field.widget, BooleanWidget | ChoiceWidget | DateWidget | DateTimeWidget):
            return field.widget.render(value)
        return str(value).replace(".", ",") if hasattr(value, "quantize") else str(value)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if getattr(instance, "_skip_model_validation", False):
            raise ValidationError(self._by_column(ValidationError(import_validation_errors)))
        # Database constraints are checked in Python by check_row (clearer messages, and Django's
        # constraint validation costs a query per constraint per row); the database still enforces them.
        errors = dict(import_validation_errors or {})
        try:
            # Related rows come from our natural-key widgets, so they exist: no query per foreign key.
            related = {field.attribute for field in self.fields.values() if isinstance(field.widget, NaturalKeyWidget)}
            instance.full_clean(
                exclude=set(errors.keys()) | related,
                validate_unique=validate_unique and getattr(self, "validate_unique", True),
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(self._by_column(ValidationError(errors)))

    def _by_column(self, error):
        columns = {field.attribute: field.column_name for field in self.fields.values()}
        by_column = {}
        for attribute, messages in error.message_dict.items():
            if attribute in columns:
                key = columns[attribute]
            elif attribute == NON_FIELD_ERRORS:
                key = NON_FIELD_ERRORS
            elif attribute in self.extra_columns:
                key = attribute  # a column that is no field (its errors are keyed by its name)
            else:
                key = str(self._meta.model._meta.get_field(attribute).verbose_name)
            by_column.setdefault(key, []).extend(messages)
        return by_column

    def get_import_fields(self):
        # The library asks five times per row (each time sorting the fields anew); they do not change
        # during an import. A copy, so a caller changing the list changes nothing here.
        if getattr(self, "_import_fields", None) is None:
            self._import_fields = super().get_import_fields()
        return list(self._import_fields)

    def get_diff_class(self):
        # The preview lists the changes computed by skip_row (self.changes); no HTML diff of every column.
        return _NoDiff

    # --- saving all rows at once (bulk_save)

    def save_instance(self, instance, is_create, row, **kwargs):
        if not self.bulk_save:
            return super().save_instance(instance, is_create, row, **kwargs)
        self.before_save_instance(instance, row, **kwargs)
        self._pending.append((instance, is_create))
        self.after_save_instance(instance, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        # With bulk_save the many-to-many values cleaned by import_instance are saved by _save_pending.
        if not self.bulk_save:
            super().save_m2m(instance, row, **kwargs)

    def prepare_bulk_save(self, instance):
        """What the model's save() would do before writing (subclasses)."""

    def after_pending_saved(self):
        """After the rows are written, in the same transaction (subclasses)."""

    def _save_pending(self):
        model = self._meta.model
        created = [instance for instance, is_create in self._pending if is_create]
        updated = [instance for instance, is_create in self._pending if not is_create]
        for instance in created + updated:
            self.prepare_bulk_save(instance)
        if created:
            bulk_create_with_history(created, model, batch_size=self.batch_size)
        if updated:
            now = timezone.now()
            fields = []
            for field in model._meta.concrete_fields:
                if field.primary_key:
                    continue
                if getattr(field, "auto_now", False):
                    for instance in updated:
                        setattr(instance, field.attname, now)
                fields.append(field.name)
            bulk_update_with_history(updated, model, fields, batch_size=self.batch_size)
        self._save_pending_m2m(created, updated)
        bump_catalog_version()  # bulk writes send no signals

    def _save_pending_m2m(self, created, updated):
        """The many-to-many values of all rows: one query to read, one to delete, one to insert per relation."""
        model = self._meta.model
        for field in self.get_import_fields():
            if not isinstance(field.widget, StrictManyToManyWidget):
                continue
            relation = model._meta.get_field(field.attribute)
            through = relation.remote_field.through
            source = relation.m2m_field_name() + "_id"
            target = relation.m2m_reverse_field_name() + "_id"
            wanted = {}
            for instance in created + updated:
                values = instance.__dict__.get("_import_m2m", {})
                if field.attribute in values:
                    wanted[instance.pk] = {item.pk for item in values[field.attribute]}
            current, row_ids = {}, {}
            changed_ids = [instance.pk for instance in updated if instance.pk in wanted]
            for start in range(0, len(changed_ids), self.batch_size):
                batch = changed_ids[start : start + self.batch_size]
                rows = through.objects.filter(**{f"{source}__in": batch}).values_list("pk", source, target)
                for row_id, source_id, target_id in rows:
                    current.setdefault(source_id, set()).add(target_id)
                    row_ids[source_id, target_id] = row_id
            stale = [row_id for (pk, target_id), row_id in row_ids.items() if target_id not in wanted[pk]]
            for start in range(0, len(stale), self.batch_size):
                through.objects.filter(pk__in=stale[start : start + self.batch_size]).delete()
            through.objects.bulk_create(
                [
                    through(**{source: pk, target: target_id})
                    for pk, ids in wanted.items()
                    for target_id in sorted(ids - current.get(pk, set()))
                ],
                batch_size=self.batch_size,
            )
            for instance in created + updated:
                instance._prefetched_objects_cache = {}  # stale after the bulk write

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = self.user
        instance._change_reason = _("Import uit spreadsheet")

    def warn(self, attribute, message):
        """A warning about the current row, shown in the preview by Excel row and column."""
        self.row_warnings.append(
            {"row": self.excel_rows.get(self._row_number, self._row_number), "column": self.column_of(attribute),
             "message": message}
        )  # fmt: skip

    def column_of(self, attribute):
        return self.fields[attribute].column_name
