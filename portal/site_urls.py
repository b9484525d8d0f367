from django.urls import path

from initiatives.bookings import views as booking_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", booking_views.privacy, name="privacy"),
]
