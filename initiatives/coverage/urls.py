from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("momentopname/", views.snapshot, name="snapshot"),
    path("export/<slug:table>.<slug:fmt>", views.export, name="export"),
]
