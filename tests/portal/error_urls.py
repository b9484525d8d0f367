"""The site's URLs plus a view that fails, to see the 500 page (tests/portal/test_error_pages.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from portal.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("a deliberate failure")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [*urlpatterns, path("test-boom/", boom), path("test-forbidden/", forbidden)]
