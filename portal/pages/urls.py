from django.urls import path

from . import views

app_name = "pages"
urlpatterns = [
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("contact/", views.contact, name="contact"),
    path("veelgestelde-vragen/", views.faq, name="faq"),
    path("pagina/<slug:slug>/", views.free_page, name="page"),
    path("nieuws/", views.news_list, name="news"),
    path("nieuws/feed/", views.news_feed, name="news-feed"),
    path("nieuws/<slug:slug>/", views.news_detail, name="news-detail"),
]
