"""Seed the fixed pages with the texts the templates had, once (a later migrate never overwrites).

Each page gets one published revision, so the site looks as before until a coordinator edits it.
"""

from django.db import migrations
from django.utils import timezone

from ._seed_content import ENTRY_BLOCKS, FOOTER_LINKS, PAGES

CONTENT_FIELDS = (
    "title", "title_en", "intro", "intro_en", "body", "body_en", "body_after", "body_after_en",
    "featured_heading", "featured_heading_en", "featured_search",
)


def seed(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    PageRevision = apps.get_model("pages", "PageRevision")
    EntryBlock = apps.get_model("pages", "EntryBlock")
    MenuItem = apps.get_model("pages", "MenuItem")
    now = timezone.now()
    pages = {}
    for kind, values in PAGES.items():
        page, created = Page.objects.get_or_create(kind=kind, defaults=values)
        pages[kind] = page
        if created:
            content = {name: getattr(page, name) for name in CONTENT_FIELDS}
            content.update(image_id=None, featured_ids=[])
            PageRevision.objects.create(page=page, content=content, publish_at=now, note="Beginversie")
    if not EntryBlock.objects.exists():
        for order, block in enumerate(ENTRY_BLOCKS):
            EntryBlock.objects.create(order=order, **block)
    if not MenuItem.objects.exists():
        for order, link in enumerate(FOOTER_LINKS):
            page = pages.get(link.get("page"))
            MenuItem.objects.create(
                location="footer", label=link["label"], label_en=link["label_en"], page=page,
                url=link.get("url", ""), order=order,
            )


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_content")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
