from django.urls import path

from initiatives.bookings import views as booking_views

from . import views
from .pages import views as page_views

urlpatterns = [
    path("", views.home, name="home"),
    path("voor-ouders/", views.parents, name="parents"),
    path("voor-leraren/", views.teachers, name="teachers"),
    path("privacy/", page_views.privacy, name="privacy"),
    path("gratis-bus/", booking_views.bus_rules, name="bus-rules"),
]

# Staff: register an authenticator app for two-factor login (portal/two_factor.py).
from . import two_factor  # noqa: E402

urlpatterns += [
    path("account/tweestapsverificatie/", two_factor.setup, name="two-factor-setup"),
    path("account/tweestapsverificatie/koppelen/<str:token>/", two_factor.enrol_link, name="two-factor-enrol"),
]
