"""News and announcements: on the home page, in their list and in the Atom feed; scheduled items wait."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from initiatives.permissions import GROUP_NAMES, Role
from portal.pages.models import NewsItem
from tests.factories import NewsItemFactory
from tests.initiatives.curation_fixtures import make_user, roles  # noqa: F401

pytestmark = pytest.mark.django_db


def test_news_added_in_the_admin_appears_on_home_list_and_feed(client, make_user):  # noqa: F811
    client.force_login(make_user(Role.MRDH))
    now = timezone.localtime()
    response = client.post(
        reverse("admin:pages_newsitem_add"),
        {
            "title": "Techniekbus rijdt weer",
            "slug": "techniekbus-rijdt-weer",
            "summary": "Vanaf januari komt de bus weer naar scholen in Zoetermeer.",
            "body": "<p>Aanmelden kan <script>alert(1)</script>nu.</p>",
            "published_at_0": now.strftime("%Y-%m-%d"),
            "published_at_1": (now - datetime.timedelta(minutes=1)).strftime("%H:%M:%S"),
            "unpublish_at_0": "",
            "unpublish_at_1": "",
            "image": "",
            "is_draft": "False",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "<script" not in NewsItem.objects.get().body
    # "Het nieuwsbericht", not Django's "De nieuwsbericht".
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown == ["Het nieuwsbericht ‘Techniekbus rijdt weer’ is toegevoegd."]
    client.logout()
    home = client.get(reverse("home")).content.decode()
    assert "Techniekbus rijdt weer" in home and 'href="/nieuws/techniekbus-rijdt-weer/"' in home
    assert "Techniekbus rijdt weer" in client.get(reverse("pages:news")).content.decode()
    detail = client.get("/nieuws/techniekbus-rijdt-weer/").content.decode()
    assert "Aanmelden kan" in detail and "alert(1)" not in detail
    feed = client.get(reverse("pages:news-feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "<title>Techniekbus rijdt weer</title>" in body
    assert "http://testserver/nieuws/techniekbus-rijdt-weer/" in body


def test_news_scheduled_for_later_is_not_shown_yet(client):
    NewsItemFactory(title="Open dag campus Delft", published_at=timezone.now() + datetime.timedelta(days=2))
    assert "Open dag campus Delft" not in client.get(reverse("home")).content.decode()
    assert "Open dag campus Delft" not in client.get(reverse("pages:news-feed")).content.decode()
    assert client.get("/nieuws/open-dag-campus-delft/").status_code == 404


def test_news_english_title_on_en_with_fallback(client):
    NewsItemFactory(title="Robotwedstrijd", title_en="Robot contest", published_at=timezone.now())
    NewsItemFactory(title="Alleen Nederlands", published_at=timezone.now())
    html = client.get("/en/nieuws/").content.decode()
    assert "Robot contest" in html and "Alleen Nederlands" in html


def test_news_detail_on_en_notes_a_dutch_body_and_marks_it_dutch(client):
    NewsItemFactory(
        title="Robotwedstrijd", title_en="Robot contest", slug="robot", summary_en="Build a robot.",
        body="<p>Meer weten? Kom langs.</p>", published_at=timezone.now(),
    )  # fmt: skip
    html = client.get("/en/nieuws/robot/").content.decode()
    assert '<p class="language-note">This text is only available in Dutch.</p>' in html
    assert '<div class="rich-text" lang="nl">' in html
    assert "<h1>Robot contest</h1>" in html  # the English title is not marked Dutch
    dutch = client.get("/nieuws/robot/").content.decode()
    assert 'class="language-note"' not in dutch and 'lang="nl">' not in dutch.split("<article", 1)[1]


def test_news_home_shows_the_latest_three(client):
    for day in range(5):
        NewsItemFactory(title=f"Bericht {day}", published_at=timezone.now() - datetime.timedelta(days=day))
    home = client.get(reverse("home")).content.decode()
    assert "Bericht 0" in home and "Bericht 2" in home and "Bericht 3" not in home


def test_setup_roles_lets_mrdh_coordinators_edit_content_and_others_add_photos(roles):  # noqa: F811
    mrdh = Group.objects.get(name=GROUP_NAMES[Role.MRDH])
    codenames = set(mrdh.permissions.filter(content_type__app_label="pages").values_list("codename", flat=True))
    assert {"change_page", "add_newsitem", "change_menuitem", "add_image", "change_entryblock"} <= codenames
    provider = Group.objects.get(name=GROUP_NAMES[Role.PROVIDER])
    provider_codenames = set(
        provider.permissions.filter(content_type__app_label="pages").values_list("codename", flat=True)
    )
    assert provider_codenames == {"add_image", "view_image"}


def news_form(**overrides):
    now = timezone.localtime()
    data = {
        "title": "Zomerkamp robotica",
        "slug": "zomerkamp-robotica",
        "summary": "In de zomervakantie een week robots bouwen.",
        "body": "<p>Opgeven kan vanaf maart.</p>",
        "published_at_0": now.strftime("%Y-%m-%d"),
        "published_at_1": (now - datetime.timedelta(minutes=1)).strftime("%H:%M:%S"),
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "image": "",
        "is_draft": "True",
    }
    return {**data, **overrides}


def public_sees(client, text):
    client.logout()
    seen = {
        "home": text in client.get(reverse("home")).content.decode(),
        "list": text in client.get(reverse("pages:news")).content.decode(),
        "feed": text in client.get(reverse("pages:news-feed")).content.decode(),
        "detail": client.get("/nieuws/zomerkamp-robotica/").status_code == 200,
    }
    return seen


def test_news_draft_is_hidden_from_the_public_and_previewed_by_staff(client, make_user):  # noqa: F811
    user = make_user(Role.MRDH)
    client.force_login(user)
    add = client.get(reverse("admin:pages_newsitem_add")).content.decode()
    assert re.search(r'<input type="radio" name="is_draft" value="True"[^>]*checked', add)  # a new item starts as draft
    response = client.post(reverse("admin:pages_newsitem_add"), news_form(), follow=True)
    item = NewsItem.objects.get()
    assert item.is_draft
    page = response.content.decode()
    assert "nog niet live" in page and reverse("admin:pages_newsitem_preview", args=[item.pk]) in page
    assert public_sees(client, "Zomerkamp robotica") == {"home": False, "list": False, "feed": False, "detail": False}

    client.force_login(user)
    preview = client.get(reverse("admin:pages_newsitem_preview", args=[item.pk]))
    assert preview.status_code == 200 and "no-store" in preview["Cache-Control"]
    html = preview.content.decode()
    assert "<h1>Zomerkamp robotica</h1>" in html and "Opgeven kan vanaf maart." in html
    assert 'class="preview-banner"' in html

    response = client.post(reverse("admin:pages_newsitem_change", args=[item.pk]), news_form(is_draft="False"))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Het nieuwsbericht ‘Zomerkamp robotica’ is gewijzigd."
    ]
    assert public_sees(client, "Zomerkamp robotica") == {"home": True, "list": True, "feed": True, "detail": True}
    public = client.get("/nieuws/zomerkamp-robotica/").content.decode()
    assert 'class="preview-banner"' not in public


def test_news_scheduled_in_the_admin_says_when_it_goes_live(client, make_user):  # noqa: F811
    client.force_login(make_user(Role.MRDH))
    later = timezone.localtime() + datetime.timedelta(days=1)
    form = news_form(is_draft="False", published_at_0=later.strftime("%Y-%m-%d"), published_at_1="09:30:00")
    response = client.post(reverse("admin:pages_newsitem_add"), form, follow=True)
    assert f"het bericht gaat live op {later:%d-%m-%Y} 09:30" in response.content.decode()
    assert public_sees(client, "Zomerkamp robotica")["feed"] is False


def test_news_preview_needs_staff(client, make_user):  # noqa: F811
    item = NewsItemFactory(is_draft=True)
    url = reverse("admin:pages_newsitem_preview", args=[item.pk])
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(make_user(Role.PROVIDER))
    assert client.get(url).status_code == 403
