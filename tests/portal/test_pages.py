"""Content pages edited by coordinators: seeded texts, draft, preview, scheduling, restore, sanitising."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from initiatives.permissions import Role
from portal.pages.models import MenuItem, Page, PageRevision
from portal.pages.seed import seed_content
from portal.pages.services import publish_page
from tests.initiatives.curation_fixtures import make_user, roles  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seeded_pages(db):
    seed_content()  # the fixed pages, as migration pages.0002 seeds them (a transactional test may have flushed them)


@pytest.fixture
def clock(monkeypatch):
    """Controlled time: `clock.now` is what timezone.now() returns; move it with `clock.now += ...`.

    It starts a minute after the real time (the seeded revisions carry the migration's time), on a whole minute.
    """

    class Clock:
        now = (timezone.now() + datetime.timedelta(minutes=1)).replace(second=0, microsecond=0)

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


@pytest.fixture
def coordinator(client, make_user):  # noqa: F811
    user = make_user(Role.MRDH, username="mrdh")
    assert not user.is_superuser
    client.force_login(user)
    return user


def page_form(page, **changes):
    """The admin change form of a page as a coordinator would submit it."""
    data = {
        name: getattr(page, name) or ""
        for name in (*Page.CONTENT_FIELDS, "slug", "title")
        if name not in ("featured_search",)
    }
    data.update(
        {
            "featured_search": page.featured_search,
            "image": page.image_id or "",
            "unpublish_at_0": "",
            "unpublish_at_1": "",
            "publication": "draft",
            "publish_at_0": "",
            "publish_at_1": "",
        }
    )
    data.update(changes)
    return data


def change_url(page):
    return reverse("admin:pages_page_change", args=[page.pk])


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


@pytest.mark.parametrize(
    ("url_name", "text"),
    [
        ("home", "Techniek en IT, dichtbij huis en school"),
        ("parents", "Waarom techniek?"),
        ("teachers", "Zo werkt het"),
        ("privacy", "Welke gegevens bewaren we?"),
        ("pages:accessibility", "WCAG 2.1"),
        ("pages:contact", "mrdh.nl"),
        ("pages:faq", "Hoe boek ik voor mijn klas?"),
    ],
)
def test_pages_seeded_texts_are_shown_with_one_h1(client, url_name, text):
    response = client.get(reverse(url_name))
    html = response.content.decode()
    assert response.status_code == 200
    assert text in html
    assert h1_count(html) == 1


def test_pages_seeded_once_as_editable_pages_with_a_live_revision():
    seed_content()  # what migration 0002 runs (a transactional test may have flushed its rows)
    kinds = set(Page.objects.values_list("kind", flat=True))
    assert kinds >= {"home", "parents", "teachers", "privacy", "accessibility", "contact", "faq"}
    assert all(page.live_revision() for page in Page.objects.all())


def test_pages_seeding_again_never_overwrites_a_coordinators_text(client):
    seed_content()
    parents = Page.objects.get(kind="parents")
    parents.intro = "Onze eigen woorden."
    parents.save()
    publish_page(page=parents, user=None)
    seed_content()
    assert Page.objects.filter(kind="parents").count() == 1
    assert "Onze eigen woorden." in client.get(reverse("parents")).content.decode()


def test_pages_missing_fixed_page_is_recreated_with_its_first_text(client):
    Page.objects.filter(kind="teachers").delete()
    html = client.get(reverse("teachers")).content.decode()
    assert "Techniek voor je klas" in html and "Zo werkt het" in html


def test_pages_footer_links_accessibility_contact_and_editable_links(client):
    MenuItem.objects.create(location="footer", label="Over ons", url="/pagina/over-ons/", order=9)
    html = client.get(reverse("parents")).content.decode()
    footer = html[html.index("<footer") :]
    for path in ("/privacy/", "/toegankelijkheid/", "/contact/", "/veelgestelde-vragen/", "/pagina/over-ons/"):
        assert f'href="{path}"' in footer
    assert "GeoNames" in footer and "OpenStreetMap" in footer


def test_pages_english_falls_back_to_dutch_with_a_note(client):
    Page.objects.filter(kind="faq").update(title_en="")
    faq = Page.objects.get(kind="faq")
    revision = faq.live_revision()
    revision.content = {**revision.content, "title_en": "", "intro_en": "", "body_en": ""}
    revision.save()
    html = client.get("/en/veelgestelde-vragen/").content.decode()
    assert 'class="language-note"' in html  # its text is in the catalogue ("not yet available in English")
    assert 'lang="nl"' in html and "Veelgestelde vragen" in html
    # With the English text present, English is shown and no note.
    html = client.get("/en/contact/").content.decode()
    assert "About your booking" in html and 'class="language-note"' not in html


def test_pages_privacy_names_the_retention_period_from_settings(client, settings):
    settings.BOOKING_RETENTION_MONTHS = 18
    assert "verwijderen we 18 maanden na de activiteit" in client.get(reverse("privacy")).content.decode()


def test_pages_coordinator_drafts_previews_schedules_and_restores(client, coordinator, clock):
    parents = Page.objects.get(kind="parents")
    old_body = parents.body
    new_body = "<h2>Samen bouwen</h2><p>Nieuwe tekst voor ouders.</p>"

    # 1. Save as draft: the public still sees the published text; the preview shows the draft.
    response = client.post(change_url(parents), page_form(parents, body=new_body, **{"_continue": "1"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    live_since = timezone.localtime(parents.live_revision().publish_at).strftime("%d-%m-%Y %H:%M")
    assert shown[0].startswith(f"Opgeslagen als concept, nog niet live. Bezoekers zien de versie van {live_since}.")
    assert reverse("admin:pages_page_preview", args=[parents.pk]) in shown[0]
    assert shown[1] == f"De pagina ‘{parents.title}’ is gewijzigd. Hieronder kun je verder werken."
    client.logout()
    assert "Nieuwe tekst voor ouders" not in client.get(reverse("parents")).content.decode()
    client.force_login(coordinator)
    preview = client.get(reverse("admin:pages_page_preview", args=[parents.pk]))
    html = preview.content.decode()
    assert "Nieuwe tekst voor ouders" in html and h1_count(html) == 1
    assert 'name="near"' in html  # the same template as the public page, search form included

    # 2. Schedule it five minutes from now.
    moment = timezone.localtime(clock.now + datetime.timedelta(minutes=5))
    response = client.post(
        change_url(parents),
        page_form(
            Page.objects.get(pk=parents.pk),
            publication="later",
            publish_at_0=moment.strftime("%Y-%m-%d"),
            publish_at_1=moment.strftime("%H:%M"),
        ),
    )
    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown[0].startswith(f"Gepland, nog niet live: de pagina gaat live op {moment:%d-%m-%Y %H:%M}.")
    assert reverse("admin:pages_page_preview", args=[parents.pk]) in shown[0]
    client.logout()
    assert "Nieuwe tekst voor ouders" not in client.get(reverse("parents")).content.decode()

    # 3. Five minutes later it is live, without any worker.
    clock.now += datetime.timedelta(minutes=5)
    assert "Nieuwe tekst voor ouders" in client.get(reverse("parents")).content.decode()

    # 4. Restore the first revision: the old text is back, and the restore is a new revision.
    client.force_login(coordinator)
    first = PageRevision.objects.filter(page=parents).order_by("publish_at", "pk").first()
    compare = client.get(reverse("admin:pages_page_revision", args=[parents.pk, first.pk]))
    assert "<ins>" in compare.content.decode() or "<del>" in compare.content.decode()
    response = client.post(reverse("admin:pages_page_revision", args=[parents.pk, first.pk]))
    assert response.status_code == 302
    client.logout()
    html = client.get(reverse("parents")).content.decode()
    assert "Waarom techniek?" in html and "Nieuwe tekst voor ouders" not in html
    assert Page.objects.get(pk=parents.pk).body == old_body
    assert PageRevision.objects.filter(page=parents).count() == 3


def test_pages_schedule_in_the_past_is_a_form_error(client, coordinator, clock):
    parents = Page.objects.get(kind="parents")
    earlier = timezone.localtime(clock.now - datetime.timedelta(hours=1))
    response = client.post(
        change_url(parents),
        page_form(
            parents,
            publication="later",
            publish_at_0=earlier.strftime("%Y-%m-%d"),
            publish_at_1=earlier.strftime("%H:%M"),
        ),
    )
    assert response.status_code == 200
    assert "Kies een moment in de toekomst" in response.content.decode()


def test_pages_unpublish_at_takes_a_page_offline_at_that_moment(client, coordinator, clock):
    faq = Page.objects.get(kind="faq")
    later = timezone.localtime(clock.now + datetime.timedelta(days=1))
    data = page_form(faq, unpublish_at_0=later.strftime("%Y-%m-%d"), unpublish_at_1=later.strftime("%H:%M"))
    assert client.post(change_url(faq), data).status_code == 302
    client.logout()
    assert client.get(reverse("pages:faq")).status_code == 200
    clock.now += datetime.timedelta(days=1, minutes=1)
    assert client.get(reverse("pages:faq")).status_code == 404


def test_pages_body_with_script_and_onerror_is_cleaned_on_save(client, coordinator):
    parents = Page.objects.get(kind="parents")
    evil = (
        '<p onclick="steal()">Hallo</p><script>alert(1)</script>'
        '<img src="/media/images/x.jpg" onerror="alert(2)" alt="x"><a href="javascript:alert(3)">link</a>'
    )
    response = client.post(change_url(parents), page_form(parents, body=evil, publication="now"))
    assert response.status_code == 302
    stored = Page.objects.get(pk=parents.pk).body
    for bad in ("<script", "onerror", "onclick", "javascript:", "alert(1)"):
        assert bad not in stored
    assert "Hallo" in stored and '<img src="/media/images/x.jpg"' in stored


def test_pages_body_is_cleaned_again_on_output(client):
    """Text written around the form (a raw update, an old row) is still cleaned when shown."""
    revision = Page.objects.get(kind="contact").live_revision()
    revision.content = {**revision.content, "body": '<p>Hoi</p><img src="x" onerror="alert(1)"><script>x()</script>'}
    PageRevision.objects.filter(pk=revision.pk).update(content=revision.content)
    html = client.get(reverse("pages:contact")).content.decode()
    assert "Hoi" in html and "onerror" not in html and "<script>x()" not in html


def test_pages_provider_editor_cannot_edit_pages(client, make_user):  # noqa: F811
    client.force_login(make_user(Role.PROVIDER))
    parents = Page.objects.get(kind="parents")
    assert client.get(change_url(parents)).status_code == 403
    assert client.get(reverse("admin:pages_page_preview", args=[parents.pk])).status_code == 403


def test_pages_free_page_published_now_is_public_and_in_the_menu(client, coordinator):
    data = {
        "title": "Over de techniekbus",
        "slug": "techniekbus",
        "kind": "free",
        "intro": "De bus komt naar je school.",
        "body": "<p>Zo werkt het.</p>",
        "publication": "now",
    }
    data = page_form(Page(title="", slug=""), **data)
    response = client.post(reverse("admin:pages_page_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = Page.objects.get(slug="techniekbus")
    MenuItem.objects.create(location="header", label="Techniekbus", page=page)
    client.logout()
    html = client.get("/pagina/techniekbus/").content.decode()
    assert "De bus komt naar je school." in html and h1_count(html) == 1
    assert 'href="/pagina/techniekbus/"' in client.get(reverse("home")).content.decode()
    assert page.get_absolute_url() == "/pagina/techniekbus/"
    assert page.updated_at is not None


def test_pages_draft_only_free_page_is_not_public(client, coordinator):
    data = page_form(Page(title="", slug=""), title="Geheim", slug="geheim", kind="free", publication="draft")
    assert client.post(reverse("admin:pages_page_add"), data).status_code == 302
    client.logout()
    assert client.get("/pagina/geheim/").status_code == 404


def test_pages_fixed_pages_cannot_be_deleted(client, coordinator):
    parents = Page.objects.get(kind="parents")
    assert client.get(reverse("admin:pages_page_delete", args=[parents.pk])).status_code == 403


def test_pages_public_lists_what_a_sitemap_may_show(clock):
    Page.objects.create(kind="free", slug="concept", title="Concept")
    scheduled = Page.objects.create(kind="free", slug="straks", title="Straks")
    publish_page(page=scheduled, user=None, publish_at=clock.now + datetime.timedelta(hours=1))
    public = set(Page.objects.public().values_list("slug", flat=True))
    assert "voor-ouders" in public and "concept" not in public and "straks" not in public
    clock.now += datetime.timedelta(hours=1)
    assert "straks" in set(Page.objects.public().values_list("slug", flat=True))


def test_pages_featured_initiatives_block_shows_picked_and_saved_search(client, coordinator):
    from tests.factories import InitiativeFactory

    picked = InitiativeFactory(title="Bruggen bouwen met Lego")
    InitiativeFactory(title="Zonnepanelen onderzoeken")
    parents = Page.objects.get(kind="parents")
    data = page_form(
        parents,
        featured_heading="Tip van de maand",
        featured_initiatives=[picked.pk],
        featured_search="q=zonnepanelen",
        publication="now",
    )
    assert client.post(change_url(parents), data).status_code == 302
    client.logout()
    html = client.get(reverse("parents")).content.decode()
    featured = html[html.index('id="featured-heading"') :]
    assert "Tip van de maand" in featured
    assert featured.index("Bruggen bouwen met Lego") < featured.index("Zonnepanelen onderzoeken")
    assert 'href="/activiteiten/?q=zonnepanelen"' in featured


def test_sitemap_lists_public_content_pages_and_news(client):
    from tests.factories import NewsItemFactory

    free = Page.objects.create(kind="free", slug="zomerweken", title="Zomerweken")
    publish_page(page=free, user=None)
    Page.objects.create(kind="free", slug="concept", title="Concept")
    news = NewsItemFactory(title="Nieuwe techniekclub", slug="nieuwe-techniekclub")

    text = client.get("/sitemap.xml").content.decode()

    base = "http://127.0.0.1:8000"
    assert f"<loc>{base}/pagina/zomerweken/</loc>" in text
    assert f"<loc>{base}/en/pagina/zomerweken/</loc>" in text
    assert f"<loc>{base}/toegankelijkheid/</loc>" in text
    assert f"<loc>{base}{news.get_absolute_url()}</loc>" in text
    assert "/pagina/concept/" not in text
    assert text.count(f"<loc>{base}/voor-ouders/</loc>") == 1  # a fixed page is listed once


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_pages_compare_keeps_paragraphs_apart_and_names_the_image_change(client, coordinator, media):
    from tests.factories import ImageFactory

    parents = Page.objects.get(kind="parents")
    before = ImageFactory(alt_text="Een vader en dochter bouwen een brug")
    after = ImageFactory(alt_text="Kinderen solderen een printplaat")
    parents.body = "<h2>Waarom techniek?</h2><p>Kinderen leren door te maken.</p>"
    parents.image = before
    parents.save()
    revision = publish_page(page=parents, user=coordinator)
    body = "<h2>Waarom techniek?</h2><p>Kinderen leren door te doen.</p><ul><li>Bouwen</li><li>Testen</li></ul>"
    response = client.post(change_url(parents), page_form(Page.objects.get(pk=parents.pk), body=body, image=after.pk))
    assert response.status_code == 302

    html = client.get(reverse("admin:pages_page_revision", args=[parents.pk, revision.pk])).content.decode()
    assert "Waarom techniek?Kinderen" not in html
    assert "Waarom techniek?<br>Kinderen leren door te" in html
    assert "<ins>doen.<br>Bouwen<br>Testen</ins>" in html
    assert "<del>Een vader en dochter bouwen een brug</del>" in html
    assert "<ins>Kinderen solderen een printplaat</ins>" in html
    assert "…" not in html.split('id="content-main"')[1]


def test_pages_versions_say_a_saved_draft_appears_once_published(client, coordinator):
    parents = Page.objects.get(kind="parents")
    client.post(change_url(parents), page_form(parents, body="<p>Alleen een concept.</p>"))
    html = client.get(change_url(parents)).content.decode()
    assert parents.revisions.count() == 1  # the seeded one; a saved draft is no revision
    assert "Een concept dat alleen is opgeslagen staat hier niet" in html


def test_pages_photo_credit_shows_in_the_preview_and_on_the_public_page(client, coordinator, media):
    from tests.factories import ImageFactory

    parents = Page.objects.get(kind="parents")
    photo = ImageFactory(alt_text="Een vader en dochter bouwen een brug", credit="Studio Zuid")
    client.post(change_url(parents), page_form(parents, image=photo.pk))
    preview = client.get(reverse("admin:pages_page_preview", args=[parents.pk])).content.decode()
    assert '<p class="image-credit">Foto: Studio Zuid</p>' in preview
    publish_page(page=Page.objects.get(pk=parents.pk), user=coordinator)
    client.logout()
    assert '<p class="image-credit">Foto: Studio Zuid</p>' in client.get(reverse("parents")).content.decode()


def test_pages_photo_credit_typed_with_foto_is_not_doubled(client, coordinator, media):
    from tests.factories import ImageFactory

    parents = Page.objects.get(kind="parents")
    photo = ImageFactory(alt_text="Een vader en dochter bouwen een brug", credit="Foto: Studio Zuid")
    client.post(change_url(parents), page_form(parents, image=photo.pk))
    publish_page(page=Page.objects.get(pk=parents.pk), user=coordinator)
    client.logout()
    html = client.get(reverse("parents")).content.decode()
    assert '<p class="image-credit">Foto: Studio Zuid</p>' in html and "Foto: Foto:" not in html


def test_pages_retention_placeholder_help_only_where_the_page_uses_it(client, coordinator):
    help_text = "[bewaartermijn] wordt de bewaartermijn van boekingen"
    assert help_text not in client.get(change_url(Page.objects.get(kind="parents"))).content.decode()
    assert help_text in client.get(change_url(Page.objects.get(kind="privacy"))).content.decode()
    assert help_text not in client.get(reverse("admin:pages_page_add")).content.decode()
