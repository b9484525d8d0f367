from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("initiatives.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("portal.site_urls")),
    path("admin/", admin.site.urls),
    path("activiteiten/", include("initiatives.urls")),
    path("campussen/", include("campuses.urls")),
    prefix_default_language=False,
)

# Coordinators' coverage dashboard (issue 6), behind the admin login.
urlpatterns += i18n_patterns(
    path("beheer/dekking/", include("campuses.dashboard.urls")),
    prefix_default_language=False,
)
