from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("<slug:slug>/", views.detail, name="detail"),
    path("", views.search, name="search"),
    path("<slug:slug>/agenda.ics", views.ical, name="ical"),
]
