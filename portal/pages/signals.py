"""Content shows on cached public pages: a save or delete raises the catalogue version."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.cache import bump_catalog_version


def connect_signals():
    from .models import EntryBlock, Image, MenuItem, NewsItem, Page, PageRevision

    for model in (Page, PageRevision, NewsItem, MenuItem, EntryBlock, Image):
        post_save.connect(bump_catalog_version, sender=model, dispatch_uid=f"catalog-save-{model._meta.label}")
        post_delete.connect(bump_catalog_version, sender=model, dispatch_uid=f"catalog-delete-{model._meta.label}")
    through = Page.featured_initiatives.through
    m2m_changed.connect(bump_catalog_version, sender=through, dispatch_uid=f"catalog-m2m-{through._meta.label}")
