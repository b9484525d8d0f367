from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("<slug:slug>/", views.detail, name="detail"),
]
