from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from initiatives.caching import cache_public_response
from portal.i18n import localized

from .content import live_content
from .models import NewsItem, Page

NEWS_ON_PAGE = 20
MEDIA_MAX_AGE = 30 * 24 * 3600  # rendition names are unique per upload: they never change
FEED_ITEMS = 20


def render_page(request, content, template="pages/page.html", extra=None):
    """Render a page's content; the preview uses the same call (same template, same context)."""
    context = {"content": content, "page": content.page, **(extra or {})}
    response = render(request, template, context)
    if content.is_preview:
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
    return response


def _fixed(kind):
    @cache_public_response
    def view(request):
        return render_page(request, live_content(kind=kind))

    view.__name__ = f"{kind}_page"
    return view


accessibility = _fixed(Page.Kind.ACCESSIBILITY)
contact = _fixed(Page.Kind.CONTACT)
faq = _fixed(Page.Kind.FAQ)
privacy = _fixed(Page.Kind.PRIVACY)


@cache_public_response
def free_page(request, slug):
    return render_page(request, live_content(slug=slug))


@cache_public_response
def news_list(request):
    items = NewsItem.objects.live().select_related("image")[:NEWS_ON_PAGE]
    return render(request, "pages/news_list.html", {"items": items})


@cache_public_response
def news_detail(request, slug):
    item = get_object_or_404(NewsItem.objects.live().select_related("image"), slug=slug)
    return render_news_item(request, item)


def render_news_item(request, item, preview=False):
    """A news item's page; the admin preview uses the same call (same template, same context)."""
    response = render(request, "pages/news_detail.html", {"item": item, "is_preview": preview})
    if preview:
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
    return response


class NewsFeed(Feed):
    """Atom feed of the live news items (/nieuws/feed/)."""

    feed_type = Atom1Feed
    title = _("Nieuws van Techniek Dichtbij")
    subtitle = _("Nieuws en mededelingen over techniek- en IT-activiteiten in de regio Rotterdam Den Haag.")
    link = reverse_lazy("pages:news")

    def items(self):
        return NewsItem.objects.live()[:FEED_ITEMS]

    def item_title(self, item):
        return localized(item, "title")

    def item_description(self, item):
        return localized(item, "summary")

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


news_feed = cache_public_response(NewsFeed())


def media(request, path):
    """Uploaded files from MEDIA_ROOT, when SERVE_MEDIA is on (development, tests, a single small server)."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, public=True, max_age=MEDIA_MAX_AGE)
    return response
