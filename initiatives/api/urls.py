from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("", views.root, name="root"),
    path("sessions/", views.session_list, name="sessions"),
    path("openapi.json", views.schema, name="openapi"),
    path("initiatives/", views.initiative_list, name="initiatives"),
    path("initiatives.geojson", views.initiative_list, {"format": "geojson"}, name="initiatives-geojson"),
    path("initiatives.csv", views.initiative_list, {"format": "csv"}, name="initiatives-csv"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative"),
    path("campuses/", views.campus_list, name="campuses"),
    path("schools/", views.school_list, name="schools"),
    path("schema/", views.schema, name="schema"),
]
