"""Word-level differences between two versions of a page, for the admin's compare view."""

from difflib import SequenceMatcher

from django.utils.html import strip_tags

from .models import Page

LABELS = {name: Page._meta.get_field(name).verbose_name for name in Page.CONTENT_FIELDS}


def word_diff(old, new):
    """[(op, text)] with op "same", "removed" or "added", over the visible words."""
    old_words, new_words = strip_tags(old or "").split(), strip_tags(new or "").split()
    pieces = []
    for op, a1, a2, b1, b2 in SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", " ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("removed", " ".join(old_words[a1:a2])))
        if b2 > b1:
            pieces.append(("added", " ".join(new_words[b1:b2])))
    return pieces


def field_diffs(old, new):
    """The changed fields between two snapshots (revision content dicts), with their word diffs."""
    changes = []
    for name in Page.CONTENT_FIELDS:
        if (old.get(name) or "") != (new.get(name) or ""):
            changes.append({"label": LABELS[name], "pieces": word_diff(old.get(name), new.get(name))})
    if old.get("image_id") != new.get("image_id"):
        changes.append({"label": Page._meta.get_field("image").verbose_name, "pieces": [("added", "…")]})
    if sorted(old.get("featured_ids", [])) != sorted(new.get("featured_ids", [])):
        label = Page._meta.get_field("featured_initiatives").verbose_name
        changes.append({"label": label, "pieces": [("added", "…")]})
    return changes
