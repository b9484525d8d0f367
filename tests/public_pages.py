"""Every public page, in ONE list, for site-wide tests (escaping, security headers) and measurements.

An entry is a URL name (reversed with kwargs built from the `objects` namespace the test makes)
or a literal path. Entries whose name or path does not resolve yet are skipped, so pages that
land later in other branches are picked up by adding (or just keeping) their line here.
"""

from dataclasses import dataclass, field

from django.urls import resolve, reverse

from initiatives.bookings.tokens import make_token


@dataclass(frozen=True)
class Page:
    target: str  # a URL name ("initiatives:detail") or a path starting with "/"
    kwargs: object = None  # callable(objects) -> reverse() kwargs, for URL names
    query: str = ""
    kind: str = "html"  # "html" or "json"
    label: str = field(default="", compare=False)

    @property
    def id(self):
        return self.label or self.target


PUBLIC_PAGES = [
    Page("home"),
    Page("initiatives:detail", kwargs=lambda o: {"slug": o.initiative.slug}),
    Page("campuses:detail", kwargs=lambda o: {"slug": o.campus.slug}),
    # Search: by name once it exists, and by its public path.
    Page("initiatives:search", query="near=3011&radius_km=10"),
    Page("/activiteiten/", query="near=3011&radius_km=10&q=robot", label="search-text"),
    Page("campuses:list"),
    Page("parents"),
    Page("teachers"),
    # Booking public pages.
    Page("initiatives:book", kwargs=lambda o: {"slug": o.initiative.slug}),
    Page("initiatives:booking", kwargs=lambda o: {"token": make_token(o.booking)}, label="booking-manage"),
    Page("initiatives:booking-cancel", kwargs=lambda o: {"token": make_token(o.booking)}, label="booking-cancel"),
    Page("privacy"),
    # Content pages: editable pages, news.
    Page("pages:accessibility"),
    Page("pages:contact"),
    Page("pages:faq"),
    Page("pages:news"),
    # Public API: JSON, where escaping is the client's job; checked for type and headers.
    Page("/api/v1/initiatives/", query="near=3011&radius_km=10", kind="json", label="api-list"),
    Page("api:initiative", kwargs=lambda o: {"slug": o.initiative.slug}, kind="json"),
    Page("api:campuses", kind="json"),
]


def page_url(page, objects):
    """The page's URL (an error when it does not resolve: every page in the list must exist)."""
    if page.target.startswith("/"):
        resolve(page.target)
        path = page.target
    else:
        path = reverse(page.target, kwargs=page.kwargs(objects) if page.kwargs else None)
    return f"{path}?{page.query}" if page.query else path
