"""The fixed pages' first texts (what the templates said), created once and never overwritten.

Used by the data migration (0002) and, for a fixed page that is missing (a flushed database),
by the public view: it creates what is missing and leaves everything else alone.
"""

from django.apps import apps as global_apps
from django.db import transaction
from django.utils import timezone

from .migrations._seed_content import ENTRY_BLOCKS, FOOTER_LINKS, PAGES
from .models import CONTENT_FIELDS

SEED_NOTE = "Beginversie"


def seed_page(kind, apps=global_apps):
    """The page of this kind, created with its seeded text and one live revision when missing."""
    Page = apps.get_model("pages", "Page")
    PageRevision = apps.get_model("pages", "PageRevision")
    with transaction.atomic():
        page, created = Page.objects.get_or_create(kind=kind, defaults=PAGES[kind])
        if created:
            content = {name: PAGES[kind].get(name, "") for name in CONTENT_FIELDS}
            content.update(image_id=None, featured_ids=[])
            PageRevision.objects.create(page=page, content=content, publish_at=timezone.now(), note=SEED_NOTE)
    return page


def seed_content(apps=global_apps):
    """Every fixed page, the home page's entry blocks and the footer links, when missing."""
    EntryBlock = apps.get_model("pages", "EntryBlock")
    MenuItem = apps.get_model("pages", "MenuItem")
    pages = {kind: seed_page(kind, apps) for kind in PAGES}
    if not EntryBlock.objects.exists():
        for order, block in enumerate(ENTRY_BLOCKS):
            EntryBlock.objects.create(order=order, **block)
    if not MenuItem.objects.exists():
        for order, link in enumerate(FOOTER_LINKS):
            MenuItem.objects.create(
                location="footer",
                label=link["label"],
                label_en=link["label_en"],
                page=pages.get(link.get("page")),
                url=link.get("url", ""),
                order=order,
            )
