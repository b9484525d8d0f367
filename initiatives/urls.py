from django.urls import path

from . import views
from .bookings import views as booking_views

app_name = "initiatives"
urlpatterns = [
    path("<slug:slug>/", views.detail, name="detail"),
    path("", views.search, name="search"),
    path("agenda.ics", views.search_ical, name="search-ical"),
    path("<slug:slug>/agenda.ics", views.ical, name="ical"),
    path("<slug:slug>/boeken/", booking_views.book, name="book"),
    path("<slug:slug>/boeken/bus/", booking_views.bus_eligibility, name="bus-eligibility"),
    path("boeking/<str:token>/", booking_views.manage, name="booking"),
    path("boeking/<str:token>/annuleren/", booking_views.cancel, name="booking-cancel"),
    path("boeking/<str:token>/wijzigen/", booking_views.change, name="booking-change"),
    path("boeking/<str:token>/agenda.ics", booking_views.booking_calendar, name="booking-calendar"),
    path("boeking/<str:token>/plek-aannemen/", booking_views.accept_offer, name="booking-accept"),
]
