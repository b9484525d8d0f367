"""Word-level differences between two versions of a page, for the admin's compare view."""

import re
from difflib import SequenceMatcher
from html import unescape

from django.utils.html import strip_tags

from .models import Image, Page

BREAK = "\n"
# Where a block (paragraph, heading, list item, line break) ends, the compared text keeps a line break.
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|ul|ol|blockquote|div|figure|figcaption|table|tr)\s*>|<br\s*/?>", re.I)


def _words(html):
    """The visible words, with BREAK tokens where a block ends (no paragraphs run together)."""
    tokens = []
    for block in BLOCK_END.split(html or ""):
        words = unescape(strip_tags(block)).split()
        if words:
            if tokens:
                tokens.append(BREAK)
            tokens.extend(words)
    return tokens


def _join(tokens):
    return " ".join(tokens).replace(f" {BREAK} ", BREAK).replace(f"{BREAK} ", BREAK).replace(f" {BREAK}", BREAK)


def _image_label(pk):
    """An image by its alternative text (or file name), for the compare view."""
    if pk is None:
        return None
    image = Image.objects.filter(pk=pk).first()
    if image is None:
        return "?"
    return image.alt_text or image.file.name.rsplit("/", 1)[-1]


LABELS = {name: Page._meta.get_field(name).verbose_name for name in Page.CONTENT_FIELDS}


def word_diff(old, new):
    """[(op, text)] with op "same", "removed" or "added", over the visible words."""
    old_words, new_words = _words(old), _words(new)
    pieces = []
    for op, a1, a2, b1, b2 in SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", _join(old_words[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("removed", _join(old_words[a1:a2])))
        if b2 > b1:
            pieces.append(("added", _join(new_words[b1:b2])))
    return pieces


def field_diffs(old, new):
    """The changed fields between two snapshots (revision content dicts), with their word diffs."""
    changes = []
    for name in Page.CONTENT_FIELDS:
        if (old.get(name) or "") != (new.get(name) or ""):
            changes.append({"label": LABELS[name], "pieces": word_diff(old.get(name), new.get(name))})
    if old.get("image_id") != new.get("image_id"):
        before, after = _image_label(old.get("image_id")), _image_label(new.get("image_id"))
        pieces = [("removed", before)] if before else []
        pieces += [("added", after)] if after else []
        changes.append({"label": Page._meta.get_field("image").verbose_name, "pieces": pieces})
    if sorted(old.get("featured_ids", [])) != sorted(new.get("featured_ids", [])):
        label = Page._meta.get_field("featured_initiatives").verbose_name
        changes.append({"label": label, "pieces": [("added", "…")]})
    return changes
