"""The shared base of our spreadsheet resources (see the initiatives.curation.resources package).

Dutch headers forgiven for case and spaces, empty rows dropped, required columns checked, one
transaction per file, errors keyed by column name and numbered as Excel numbers rows.

Built on django-import-export's documented options and hooks: the model's full_clean checks every
row (fields, uniqueness and the database constraints, with the constraints' own messages);
`use_bulk` saves the rows in batches (with a history record per row and the many-to-many values);
`skip_diff`, because the preview lists the changed cells computed in `skip_row`.
"""

import copy

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.fields import Field
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..caching import bump_catalog_version
from .imports import (
    CLEAR_MARKER,
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
MAX_LISTED_ERRORS = 500
CHANGE_REASON = gettext_lazy("Import uit spreadsheet")


def column(attribute, name, widget=None):
    """A resource field: model attribute, Dutch column name, widget (text by default)."""
    return Field(attribute=attribute, column_name=name, widget=widget or TextWidget())


class CuratedResource(resources.ModelResource):
    """What all our resources share: headers, required columns, keys, scoping, row numbers."""

    required_columns = ()
    key_columns = ()  # with one of these in the file, rows update by key and may leave other columns out
    extra_columns = ()  # columns read by check_row that are no field
    # Of those, the columns the export writes too (empty); others (photos) cannot go back into a cell.
    exported_extra_columns = ()
    # A constraint's violation_error_code -> the field whose column shows its message (else: the row).
    constraint_columns = {}
    # The import page and the template say how rows find what they update (per resource).
    import_key_help = ""
    one_row_per = ""

    class Meta:
        skip_unchanged = True
        report_skipped = True
        # The preview lists the changes computed in skip_row (self.changes), not an HTML diff of every column.
        skip_diff = True
        clean_model_instances = True
        use_transactions = True
        batch_size = 500

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.ignored_columns = []
        self.likely_duplicates = []
        self.row_warnings = []  # [{"row", "column", "message"}]: imported, but worth a look
        self.excel_rows = {}
        self.row_problems = {}
        self.row_changes = {}
        self.row_m2m = {}  # row number -> {attribute: [objects]}: the row's many-to-many values
        self.originals = {}  # row number -> the stored instance before the row (for the change list)
        self.review_rows = set()  # row numbers whose change waits for review instead of being saved
        self.file_name = ""
        self.dry_run = False
        self._row_number = None
        self._listed = 0  # rows listed so far in the preview (PREVIEW_ROWS at most)
        self._pending = {}  # id(instance) -> (row number, row, {attribute: [objects]}) until its batch is written
        self._import_fields = None
        model_fields = {field.name: field for field in self._meta.model._meta.get_fields()}
        for field in self.fields.values():
            if field.attribute in model_fields:
                field.default = self._cleared_value(model_fields[field.attribute])

    @staticmethod
    def _cleared_value(model_field):
        """What the marker [leeg] stores (the widgets clean it to None): the Field default option."""
        if model_field.null or model_field.many_to_many:
            return NOT_PROVIDED
        if model_field.has_default():
            return model_field.default
        return "" if model_field.blank and not model_field.is_relation else NOT_PROVIDED

    # --- the import as a whole

    def import_data(self, dataset, dry_run=False, **kwargs):
        """All or nothing: any invalid row rolls the whole file back, also on confirm.

        Also a preview writes the rows (and rolls back), so the database checks them as on confirm.
        """
        self.dry_run = dry_run
        result = super().import_data(dataset, dry_run=dry_run, **{**kwargs, "rollback_on_validation_errors": True})
        result.summary = summarize(result)
        return result

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user") or self.user
        # A sheet with photos arrives as one zip: the source names the sheet, not the zip.
        self.file_name = getattr(getattr(dataset, "photos", None), "sheet_name", "") or kwargs.get("file_name") or ""
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

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        for invalid in result.invalid_rows:
            invalid.number = self.excel_rows.get(invalid.number, invalid.number)
            invalid.error_dict = self._by_column(invalid.error)
        result.ignored_columns = self.ignored_columns
        result.likely_duplicates = self.likely_duplicates
        result.row_warnings = self.row_warnings
        result.column_order = self.template_columns()
        # A change that waits for review is not "bijgewerkt": counted apart (preview and done message).
        result.review_count = sum(1 for row in result.rows if getattr(row, "for_review", False))
        result.totals["update"] = result.totals.get("update", 0) - result.review_count
        result.warning_count = len(self.likely_duplicates) + len(self.row_warnings) + (1 if self.ignored_columns else 0)
        if not (result.has_errors() or result.has_validation_errors()):
            self.after_rows_saved()
            if not self.dry_run:
                self.after_import_saved()

    def after_rows_saved(self):
        """After every row is written (a preview rolls back afterwards), in the transaction (subclasses)."""

    def after_import_saved(self):
        """After every row is saved on a confirmed import without errors, in its transaction (subclasses)."""

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

    def _check_required_columns(self, dataset):
        if any(name in dataset.headers for name in self.key_columns):
            return  # a row that turns out new is checked cell by cell (full_clean)
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

    def flag_repeats(self, dataset, identity, problem):
        """{row number: identity(row)} of the file; a row with the identity of an earlier row gets the
        error problem(identity, that row's Excel number) -> (attribute, message). None identifies nothing."""
        identities = {
            number: identity(dict(zip(dataset.headers, data_row, strict=False)))
            for number, data_row in enumerate(dataset, start=1)
        }
        first_row = {}
        for number, key in identities.items():
            if key is None:
                continue
            if key in first_row:
                attribute, message = problem(key, self.excel_rows.get(first_row[key]))
                self.row_problems.setdefault(number, {})[attribute] = message
            else:
                first_row[key] = number
        return identities

    # --- one row

    def before_import_row(self, row, **kwargs):
        """A blank cell is read as an absent column: the library then leaves the attribute alone, so an
        update keeps the stored value and a new row gets the model's default. [leeg] empties a cell."""
        self._row_number = kwargs.get("row_number")
        for field in self.get_import_fields():
            if field.column_name in row and is_blank(row[field.column_name]):
                del row[field.column_name]

    def after_init_instance(self, instance, new, row, **kwargs):
        # The stored values before the row is applied, for the change list (skip_diff: the library keeps none).
        if not new:
            self.originals[self._row_number] = copy.copy(instance)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        number = kwargs.get("row_number")
        self.originals.pop(number, None)
        self.row_m2m.pop(number, None)
        row_result.excel_row = self.excel_rows.get(number, number)
        row_result.changes = self.row_changes.pop(number, [])
        row_result.for_review = row_result.import_type == "update" and number in self.review_rows
        if row_result.import_type in ("new", "update"):
            self._listed += 1

    def excel_row(self, kwargs):
        return self.excel_rows.get(kwargs.get("row_number"), kwargs.get("row_number"))

    def import_instance(self, instance, row, **kwargs):
        """Fields, many-to-many values and our own checks: all errors of a row at once."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        values = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, StrictManyToManyWidget) and field.column_name in row:
                try:
                    values[field.attribute] = field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        self.row_m2m[self._row_number] = values
        attributes = {field.column_name: field.attribute for field in self.fields.values()}
        for name in self.required_columns:
            if is_clear(row.get(name)):  # the marker empties a cell; a required one cannot be empty
                errors[attributes.get(name, name)] = [
                    _("Deze kolom is verplicht; %(marker)s kan hier niet.") % {"marker": CLEAR_MARKER}
                ]
        for attribute, message in self.row_problems.get(self._row_number, {}).items():
            errors.setdefault(attribute, []).append(message)
        self.check_row(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row, errors):
        """Checks across rows or against the user's scope; add messages to errors (subclasses)."""

    # --- what changes (the preview)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped; the changes of the others are kept for the preview."""
        if import_validation_errors:
            return False
        original = self.originals.get(self._row_number)
        if original is None and self._listed >= PREVIEW_ROWS:
            return False  # not listed in the preview: keep no changes in memory (50,000 rows)
        changes = self.changes(original, instance)
        if original is not None and not changes:
            # An unchanged row keeps what it has: its warnings (made while checking it) are not listed.
            excel_row = self.excel_rows.get(self._row_number, self._row_number)
            while self.row_warnings and self.row_warnings[-1]["row"] == excel_row:
                self.row_warnings.pop()
            return True
        if self._listed < PREVIEW_ROWS:
            self.row_changes[self._row_number] = changes
        return False

    def changes(self, original, instance):
        """[(column, old, new)] as people read them; many-to-many values compared as sets."""
        is_new = original is None
        imported = self.row_m2m.get(self._row_number, {})
        found = []
        for field in self.get_import_fields():
            if isinstance(field.widget, StrictManyToManyWidget):
                old = [] if is_new else list(getattr(original, field.attribute).all())
                new = imported.get(field.attribute, old)
                if {item.pk for item in old} != {item.pk for item in new}:
                    found.append((field.column_name, self._labels(field, old), self._labels(field, new)))
                continue
            old = None if is_new else self.compared_value(field, original)
            new = self.compared_value(field, instance)
            if is_new and (new in (None, "") or self._is_default(field, new)):
                continue  # a new row lists what it sets, not the defaults every new entry gets
            if old != new:
                found.append((field.column_name, "" if is_new else self.shown_value(field, original),
                              self.shown_value(field, instance)))  # fmt: skip
        for label, old, new in self.derived_changes(original, instance):
            if old != new:
                found.append((label, "" if is_new else old, new))
        return found

    def _is_default(self, field, value):
        model_field = self._meta.model._meta.get_field(field.attribute)
        return model_field.has_default() and value == model_field.get_default()

    def derived_changes(self, original, instance):
        """[(label, old, new)] of values the import derives (subclasses)."""
        return []

    @staticmethod
    def _labels(field, items):
        return ", ".join(sorted(str(getattr(item, field.widget.label_attribute)) for item in items))

    def compared_value(self, field, obj):
        return getattr(obj, self._meta.model._meta.get_field(field.attribute).attname)

    def shown_value(self, field, obj):
        if isinstance(field.widget, NaturalKeyWidget):
            model_field = self._meta.model._meta.get_field(field.attribute)
            return "" if getattr(obj, model_field.attname) is None else str(getattr(obj, field.attribute))
        value = getattr(obj, field.attribute)
        if value is None or value == "":
            return ""
        if isinstance(field.widget, BooleanWidget | ChoiceWidget | DateWidget | DateTimeWidget):
            return field.widget.render(value)
        return str(value).replace(".", ",") if hasattr(value, "quantize") else str(value)

    def _by_column(self, error):
        """The row's errors keyed by Dutch column name; a constraint's by the column it is about."""
        columns = {field.attribute: field.column_name for field in self.fields.values()}
        by_column = {}
        for name, errors in error.error_dict.items():
            for item in errors:
                code = getattr(item, "code", None)
                attribute = self.constraint_columns.get(code, name)
                messages = item.messages
                if code in ("null", "blank") and attribute in columns:
                    messages = [_("Vul de kolom “%(column)s” in; die is verplicht.") % {"column": columns[attribute]}]
                if attribute in columns:
                    key = columns[attribute]
                elif attribute == NON_FIELD_ERRORS or attribute in self.extra_columns:
                    key = attribute  # the row as a whole, or a column that is no field
                else:
                    key = str(self._meta.model._meta.get_field(attribute).verbose_name)
                by_column.setdefault(key, []).extend(messages)
        return by_column

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The library's full_clean of each row. With Meta.use_bulk the database checks uniqueness and the
        constraints when it writes the batch (also in a preview), instead of a query per constraint per row
        here; a batch it refuses is checked row by row with full_clean to name row and column (_refused)."""
        errors = dict(import_validation_errors or {})
        # A related row our natural-key widgets found exists: no query per foreign key (an empty one is checked).
        model = self._meta.model._meta
        found = {field.attribute for field in self.fields.values() if isinstance(field.widget, NaturalKeyWidget)
                 and getattr(instance, model.get_field(field.attribute).attname) is not None}  # fmt: skip
        exclude = set(errors) | found
        bulk = self._meta.use_bulk
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique and not bulk,
                                validate_constraints=not bulk)  # fmt: skip
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def get_import_fields(self):
        # The library asks several times per row (each time sorting the fields anew); they do not change
        # during an import. A copy, so a caller changing the list changes nothing here.
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return list(self._import_fields)

    # --- saving (one by one, or with Meta.use_bulk in batches)

    def before_save_instance(self, instance, row, **kwargs):
        if not self._meta.use_bulk:
            # django-simple-history's way to give the record of a save() its user and reason.
            instance._history_user = self.user
            instance._change_reason = str(CHANGE_REASON)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if self._meta.use_bulk:
            self._pending[id(instance)] = (self._row_number, dict(row), self.row_m2m.get(self._row_number, {}))

    def get_bulk_update_fields(self):
        return [field.name for field in self._meta.model._meta.concrete_fields if not field.primary_key]

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """The library's bulk create, with a history record per row and the rows' many-to-many values."""
        if self.create_instances and (using_transactions or not dry_run):
            self._bulk_write(self.create_instances, True, result, raise_errors, lambda: bulk_create_with_history(
                self.create_instances, self._meta.model, batch_size=batch_size, **self._history_defaults()
            ))  # fmt: skip

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """The library's bulk update, with a history record per row and the rows' many-to-many values."""
        if self.update_instances and (using_transactions or not dry_run):
            now = timezone.now()
            for field in self._meta.model._meta.concrete_fields:
                if getattr(field, "auto_now", False):  # what save() would do
                    for instance in self.update_instances:
                        setattr(instance, field.attname, now)
            self._bulk_write(self.update_instances, False, result, raise_errors, lambda: bulk_update_with_history(
                self.update_instances, self._meta.model, self.get_bulk_update_fields(), batch_size=batch_size,
                **self._history_defaults()
            ))  # fmt: skip

    def _bulk_write(self, instances, created, result, raise_errors, write):
        try:
            with transaction.atomic():
                write()
            self._save_bulk_m2m(instances, created=created)
            bump_catalog_version()  # bulk writes send no signals
        except IntegrityError as error:
            self._refused(instances, error, result, raise_errors)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            self._forget(instances)

    def _forget(self, instances):
        for instance in instances:
            self._pending.pop(id(instance), None)
        instances.clear()

    def _refused(self, instances, error, result, raise_errors):
        """The database refused a batch: full_clean (uniqueness and constraints) names the rows and columns."""
        found = False
        for instance in instances:
            number, row, _m2m = self._pending[id(instance)]
            try:
                instance.validate_unique()
                instance.validate_constraints()
            except ValidationError as invalid:
                result.append_invalid_row(number, row, invalid)
                found = True
        if not found:
            self.handle_import_error(result, error, raise_errors)

    def _history_defaults(self):
        user = self.user if getattr(self.user, "pk", None) else None
        return {"default_user": user, "default_change_reason": str(CHANGE_REASON)}

    def _save_bulk_m2m(self, instances, created):
        """The many-to-many values of a batch: per relation one query to read, one to delete, one to insert."""
        wanted = {}  # attribute -> {pk: {target pks}}
        for instance in instances:
            for attribute, items in self._pending[id(instance)][2].items():
                wanted.setdefault(attribute, {})[instance.pk] = {item.pk for item in items}
        for attribute, targets in wanted.items():
            relation = self._meta.model._meta.get_field(attribute)
            through = relation.remote_field.through
            source, target = relation.m2m_field_name() + "_id", relation.m2m_reverse_field_name() + "_id"
            current, stale = {}, []
            if not created:
                rows = through.objects.filter(**{f"{source}__in": list(targets)}).values_list("pk", source, target)
                for row_id, source_id, target_id in rows:
                    current.setdefault(source_id, set()).add(target_id)
                    if target_id not in targets[source_id]:
                        stale.append(row_id)
                through.objects.filter(pk__in=stale).delete()
            through.objects.bulk_create(
                [through(**{source: pk, target: target_id})
                 for pk, ids in targets.items() for target_id in sorted(ids - current.get(pk, set()))]
            )  # fmt: skip

    def warn(self, attribute, message):
        """A warning about the current row, shown in the preview by Excel row and column."""
        self.row_warnings.append(
            {"row": self.excel_rows.get(self._row_number, self._row_number), "column": self.column_of(attribute),
             "message": message}
        )  # fmt: skip

    def column_of(self, attribute):
        return self.fields[attribute].column_name


def summarize(result):
    """What the preview and the job page show: the summary, changed cells and errors (JSON-safe)."""
    errors = [[None, "", str(error.error)] for error in result.base_errors]
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            shown = "" if column == NON_FIELD_ERRORS else str(column)
            errors += [[row.number, shown, str(message)] for message in messages]
    # By Excel row, then in the file's column order (a batch the database refused is checked after the others).
    order = {str(name): index for index, name in enumerate(getattr(result, "column_order", []))}

    def by_row_and_column(item):
        return (item[0] or 0, order.get(item[1], -1 if not item[1] else len(order)))

    errors.sort(key=by_row_and_column)
    warnings = sorted(getattr(result, "row_warnings", []), key=lambda item: by_row_and_column(
        [item["row"], str(item["column"])]))  # fmt: skip
    changed = [row for row in result.rows if row.import_type in ("new", "update")]
    return {
        "totals": {
            **{key: result.totals.get(key, 0) for key in ("new", "update", "skip")},
            "review": getattr(result, "review_count", 0),
        },
        "changes": [
            {
                "row": getattr(row, "excel_row", None),
                "type": "review" if getattr(row, "for_review", False) else row.import_type,
                "title": row.object_repr or "",
                "cells": [[str(column), str(old), str(new)] for column, old, new in getattr(row, "changes", [])],
            }
            for row in changed[:PREVIEW_ROWS]
        ],
        "more": max(0, len(changed) - PREVIEW_ROWS),
        "errors": errors[:MAX_LISTED_ERRORS],
        "more_errors": max(0, len(errors) - MAX_LISTED_ERRORS),
        "duplicates": [
            {
                "row": item["row"],
                "title": item["title"],
                "provider": str(item["provider"]),
                "matches": [[pk, title] for pk, title in item["matches"]],
            }
            for item in getattr(result, "likely_duplicates", [])
        ],  # fmt: skip
        "warnings": [
            {"row": item["row"], "column": str(item["column"]), "message": str(item["message"])} for item in warnings
        ],
        "ignored": list(getattr(result, "ignored_columns", [])),
        "warning_count": getattr(result, "warning_count", 0),
        "image_fetches": getattr(result, "image_fetches", 0),  # photos by URL: fetched after the import
    }
