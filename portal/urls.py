import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control

from portal import operations
from portal.pages.views import media
from portal.sitemaps import SITEMAPS
from portal.two_factor import PortalAdminSite

# django-otp's documented way to make the default admin site ask for a code (ADMIN_REQUIRE_2FA).
admin.site.__class__ = PortalAdminSite

urlpatterns = [
    path("api/v1/", include("initiatives.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("portal.site_urls")),
    path("admin/", admin.site.urls),
    path("activiteiten/", include("initiatives.urls")),
    path("campussen/", include("initiatives.campus_urls")),
    path("", include("portal.pages.urls")),
    prefix_default_language=False,
)

# Coordinators' coverage dashboard, behind the admin login.
urlpatterns += i18n_patterns(
    path("beheer/dekking/", include("initiatives.coverage.urls")),
    prefix_default_language=False,
)

# Operations: health for load balancers (outside the language prefixes, exempt from the
# HTTPS redirect), and the load test's bare baseline view when BENCH_VIEWS is on.
urlpatterns += [
    path("gezondheid/", operations.health, name="health"),
    path("healthz", operations.health),
    path("robots.txt", operations.robots_txt, name="robots-txt"),
    path("sitemap.xml", cache_control(public=True, max_age=3600)(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
]
if settings.SERVE_MEDIA:
    # Uploaded images from MEDIA_ROOT (`make run`); production lets the proxy or S3 serve them (docs/operations.md).
    urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", media, name="media")]
if settings.BENCH_VIEWS:
    from portal.devtools.views import bare

    urlpatterns += [path("bench/bare/", bare, name="loadtest-bare")]

# Branded error pages (portal/errors.py); the CSRF failure page is set in settings.CSRF_FAILURE_VIEW.
handler404 = "portal.errors.page_not_found"
handler403 = "portal.errors.permission_denied"
handler500 = "portal.errors.server_error"
