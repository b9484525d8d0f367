"""sitemap.xml: the public pages, every published initiative and every active campus, in Dutch and
English (hreflang alternates), with lastmod from the data. Absolute URLs on SITE_URL.

Another part of the site adds its pages with one line in SITEMAPS."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from campuses.models import Campus
from initiatives.models import Initiative
from portal.pages.models import NewsItem, Page


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


def _offer_changed_at():
    return Initiative.objects.published().aggregate(last=Max("updated_at"))["last"]


class PageSitemap(PortalSitemap):
    """The fixed pages; those that list the offer changed when the offer last did."""

    OFFER_PAGES = ("home", "initiatives:search", "parents", "teachers", "campuses:list")
    priority = 0.6

    def items(self):
        return [*self.OFFER_PAGES, "privacy"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if item not in self.OFFER_PAGES:
            return None
        if not hasattr(self, "_offer_changed_at"):
            self._offer_changed_at = _offer_changed_at()
        return self._offer_changed_at


class InitiativeSitemap(PortalSitemap):
    priority = 0.8

    def items(self):
        return Initiative.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class CampusSitemap(PortalSitemap):
    priority = 0.5

    def items(self):
        published = Q(initiatives__status=Initiative.Status.PUBLISHED)
        return (
            Campus.objects.filter(is_active=True)
            .annotate(offer_changed_at=Max("initiatives__updated_at", filter=published))
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.offer_changed_at


class ContentPageSitemap(PortalSitemap):
    """Free content pages and news the public can open now (the fixed pages are in PageSitemap)."""

    priority = 0.5

    def items(self):
        pages = [page for page in Page.objects.public() if page.get_absolute_url() not in self._fixed_urls()]
        return pages + list(NewsItem.objects.live())

    def _fixed_urls(self):
        return {reverse(name) for name in PageSitemap().items()}

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": PageSitemap,
    "initiatives": InitiativeSitemap,
    "campuses": CampusSitemap,
    "content": ContentPageSitemap,
}
