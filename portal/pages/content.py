"""What a page template shows: the live revision (public) or the draft (preview), read alike."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative
from portal.i18n import is_fallback, localized

from .models import Image, Page
from .seed import seed_page

FEATURED_COUNT = 3


@dataclass
class PageContent:
    page: Page
    fields: dict
    image: Image | None = None
    featured_ids: list = field(default_factory=list)
    is_preview: bool = False

    def __getattr__(self, name):
        # title, title_en, body, ... as attributes, so portal.i18n.localized() reads them.
        try:
            return self.__dict__["fields"][name]
        except KeyError as error:
            raise AttributeError(name) from error

    def text(self, name):
        return localized(self, name)

    @property
    def is_fallback(self):
        """On /en/ with any shown text still Dutch: the template says so and marks lang="nl"."""
        return any(
            is_fallback(self, name) for name in ("title", "intro", "body", "body_after") if self.fields.get(name)
        )

    def featured(self):
        """The picked published initiatives, topped up from the saved search."""
        picked = list(Initiative.objects.published().filter(pk__in=self.featured_ids).select_related("image"))
        picked.sort(key=lambda initiative: self.featured_ids.index(initiative.pk))
        if len(picked) < FEATURED_COUNT and self.fields.get("featured_search"):
            picked += _from_search(self.fields["featured_search"], exclude=[i.pk for i in picked])
        return picked[:FEATURED_COUNT]

    @property
    def featured_search_url(self):
        query = self.fields.get("featured_search")
        return f"{reverse('initiatives:search')}?{urlencode(QueryDict(query), doseq=True)}" if query else ""


def _from_search(query, exclude):
    from initiatives.search import search_initiatives

    outcome = search_initiatives(QueryDict(query), page_size=FEATURED_COUNT + len(exclude))
    if outcome.page is None:
        return []
    return [initiative for initiative in outcome.page if initiative.pk not in exclude]


def from_revision(page, revision):
    content = revision.content
    return PageContent(
        page=page,
        fields=content,
        image=Image.objects.filter(pk=content.get("image_id")).first() if content.get("image_id") else None,
        featured_ids=list(content.get("featured_ids", [])),
    )


def from_draft(page):
    return PageContent(
        page=page,
        fields=page.snapshot(),
        image=page.image,
        featured_ids=list(page.featured_initiatives.values_list("pk", flat=True)),
        is_preview=True,
    )


def live_content(kind=None, slug=None, now=None):
    """The public content of a page by kind (fixed pages) or slug (free pages); 404 when not live."""
    if kind:
        # A fixed page always exists: one that is missing (a flushed database) gets its seeded text.
        page = Page.objects.filter(kind=kind).first() or seed_page(kind)
    else:
        page = Page.objects.filter(slug=slug, kind=Page.Kind.FREE).first()
    revision = page.live_revision(now or timezone.now()) if page else None
    if revision is None:
        raise Http404("page not published")
    return from_revision(page, revision)
