from django.urls import path

from . import campus_views as views

app_name = "campuses"
urlpatterns = [
    path("<slug:slug>/", views.detail, name="detail"),
    path("", views.campus_list, name="list"),
]
