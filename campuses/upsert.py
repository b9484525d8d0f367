"""Bulk upsert by natural key: one read of the table, bulk_create new rows, bulk_update changed ones."""

from dataclasses import dataclass

BATCH_SIZE = 500


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def upsert(model, rows, *, key, create_only=(), update=True):
    """Create rows whose key is new and update changed ones; returns Counts.

    rows: dicts of field attnames (``municipality_id``) to values, each holding the key fields.
    create_only: fields set on new rows but never overwritten (coordinators edit them).
    update=False leaves every existing row alone (campuses, which coordinators own).
    Call inside transaction.atomic().
    """
    existing = {tuple(getattr(obj, field) for field in key): obj for obj in model.objects.all()}
    counts, new, changed, changed_fields = Counts(), [], [], set()
    for values in rows:
        obj = existing.get(tuple(values[field] for field in key))
        if obj is None:
            new.append(model(**values))
            continue
        fields = [] if not update else _changed_fields(obj, values, skip=set(key) | set(create_only))
        if fields:
            changed.append(obj)
            changed_fields.update(fields)
        else:
            counts.unchanged += 1
    if new:
        model.objects.bulk_create(new, batch_size=BATCH_SIZE)
    if changed:
        model.objects.bulk_update(changed, sorted(changed_fields), batch_size=BATCH_SIZE)
    counts.created, counts.updated = len(new), len(changed)
    return counts


def _changed_fields(obj, values, skip):
    """Set the new values on obj and return the names of the fields that differ."""
    fields = []
    for field, value in values.items():
        if field not in skip and getattr(obj, field) != value:
            setattr(obj, field, value)
            fields.append(field)
    return fields
