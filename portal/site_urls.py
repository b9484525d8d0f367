from django.urls import path

from initiatives.bookings import views as booking_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("voor-ouders/", views.parents, name="parents"),
    path("voor-leraren/", views.teachers, name="teachers"),
    path("_bench/bare/", views.bare, name="bench-bare"),
    path("privacy/", booking_views.privacy, name="privacy"),
]
