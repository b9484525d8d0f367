"""Pages that search engines and link previews understand: schema.org JSON-LD on initiative pages
(checked against the schema.org vocabulary it uses and Google's rules for events), Open Graph and
Twitter-card tags, canonical and hreflang links, sitemap.xml and robots.txt."""

import datetime
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.search_data import make_offer

SCHEMA = "https://schema.org/"

# The part of the schema.org vocabulary the portal emits: each type with every property it may carry
# (its own and its supertypes', as listed on schema.org), and the enumerations used as values.
THING = {"@id", "@type", "name", "description", "url", "image", "identifier", "sameAs"}
VOCABULARY = {
    "EducationEvent": THING
    | {
        "startDate", "endDate", "eventStatus", "eventAttendanceMode", "location", "organizer", "performer", "offers",
        "isAccessibleForFree", "audience", "inLanguage", "educationalLevel", "teaches", "assesses", "duration",
        "previousStartDate", "maximumAttendeeCapacity", "remainingAttendeeCapacity", "superEvent", "subEvent",
    },
    "Organization": THING | {"email", "telephone", "address", "logo", "contactPoint"},
    "Place": THING | {"address", "geo", "latitude", "longitude"},
    "VirtualLocation": THING,
    "PostalAddress": THING
    | {"streetAddress", "postalCode", "addressLocality", "addressRegion", "addressCountry", "email", "telephone"},
    "GeoCoordinates": THING | {"latitude", "longitude", "elevation", "address", "postalCode", "addressCountry"},
    "Offer": THING
    | {"price", "priceCurrency", "availability", "validFrom", "validThrough", "category", "eligibleQuantity"},
    "PeopleAudience": THING
    | {"audienceType", "suggestedMinAge", "suggestedMaxAge", "suggestedGender", "requiredMinAge", "requiredMaxAge"},
}  # fmt: skip
ENUMERATIONS = {
    "eventStatus": {"EventScheduled", "EventCancelled", "EventPostponed", "EventRescheduled", "EventMovedOnline"},
    "eventAttendanceMode": {"OfflineEventAttendanceMode", "OnlineEventAttendanceMode", "MixedEventAttendanceMode"},
    "availability": {"InStock", "SoldOut", "LimitedAvailability", "PreOrder", "OutOfStock", "Discontinued"},
}
ISO_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)$")


def json_ld_blocks(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    ]


def graph_of(client, slug, **params):
    response = client.get(reverse("initiatives:detail", args=[slug]), params)
    assert response.status_code == 200
    blocks = json_ld_blocks(response.content.decode())
    assert len(blocks) == 1
    assert blocks[0]["@context"] == "https://schema.org"
    return blocks[0]["@graph"]


def nodes(value):
    """Every object in the JSON-LD, nested ones included."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from nodes(item)


def assert_in_vocabulary(graph):
    for node in nodes(graph):
        if set(node) == {"@id"}:
            continue  # a reference to a node of the graph
        kind = node["@type"]
        assert kind in VOCABULARY, kind
        assert set(node) <= VOCABULARY[kind], (kind, set(node) - VOCABULARY[kind])
        for name, allowed in ENUMERATIONS.items():
            if name in node:
                assert node[name].removeprefix(SCHEMA) in allowed, (name, node[name])


def resolve(graph, node):
    if set(node) == {"@id"}:
        return next(item for item in graph if item.get("@id") == node["@id"])
    return node


def assert_google_event_rules(graph, event):
    """developers.google.com/search/docs/appearance/structured-data/event: required and recommended."""
    for required in ("name", "startDate", "location"):
        assert event.get(required), required
    location = event["location"]
    if location["@type"] == "Place":
        assert location["address"]["addressLocality"] and location["address"]["addressCountry"] == "NL"
    else:
        assert location["@type"] == "VirtualLocation" and location["url"].startswith("http")
    for recommended in ("description", "endDate", "eventAttendanceMode", "eventStatus", "image", "offers"):
        assert event.get(recommended), recommended
    assert ISO_DATETIME.match(event["startDate"]) and ISO_DATETIME.match(event["endDate"])
    assert event["endDate"] > event["startDate"]
    assert all(url.startswith("http") for url in event["image"])
    offer = event["offers"]
    for recommended in ("availability", "price", "priceCurrency", "url", "validFrom"):
        assert offer.get(recommended) not in (None, ""), recommended
    assert ISO_DATETIME.match(offer["validFrom"])
    organizer = resolve(graph, event["organizer"])
    assert organizer["@type"] == "Organization" and organizer["name"] and organizer["url"].startswith("http")
    assert resolve(graph, event["performer"])["name"]


@pytest.fixture
def offer(geography):
    offer = make_offer()
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    for key in ("near", "further", "online", "visiting"):
        factories.SessionFactory(initiative=offer[key], starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    factories.SessionFactory(
        initiative=offer["near"],
        starts_at=start + datetime.timedelta(days=7),
        ends_at=start + datetime.timedelta(days=7, hours=2),
        is_cancelled=True,
    )
    return offer


def events_of(graph):
    return [node for node in graph if node["@type"] == "EducationEvent"]


@pytest.mark.parametrize("slug", ["robots-bouwen", "havenexcursie", "online-codeerclub", "techniekbus"])
def test_every_session_is_an_event_that_meets_googles_rules(client, offer, slug):
    graph = graph_of(client, slug)
    assert_in_vocabulary(graph)
    events = events_of(graph)
    assert events
    for event in events:
        assert_google_event_rules(graph, event)


def test_event_details_for_a_venue(client, offer):
    graph = graph_of(client, "robots-bouwen")
    scheduled, cancelled = events_of(graph)
    assert scheduled["eventStatus"] == SCHEMA + "EventScheduled"
    assert cancelled["eventStatus"] == SCHEMA + "EventCancelled"
    assert scheduled["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    assert scheduled["location"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Rotterdam",
        "addressCountry": "NL",
        "streetAddress": "Coolsingel 40",
        "postalCode": "3011 AD",
    }
    assert scheduled["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 51.93, "longitude": 4.48}
    assert scheduled["isAccessibleForFree"] is True and scheduled["offers"]["price"] == "0"
    assert scheduled["offers"]["availability"] == SCHEMA + "InStock"
    assert scheduled["audience"] == {
        "@type": "PeopleAudience",
        "audienceType": "Leerlingen",
        "suggestedMinAge": 8,
        "suggestedMaxAge": 12,
    }
    assert scheduled["url"] == "http://127.0.0.1:8000/activiteiten/robots-bouwen/"


def test_price_online_and_school_visits(client, offer):
    paid = events_of(graph_of(client, "havenexcursie"))[0]
    assert paid["isAccessibleForFree"] is False
    assert (paid["offers"]["price"], paid["offers"]["priceCurrency"]) == ("5.00", "EUR")
    online = events_of(graph_of(client, "online-codeerclub"))[0]
    assert online["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert online["location"]["@type"] == "VirtualLocation"
    visit = events_of(graph_of(client, "techniekbus"))[0]
    assert visit["location"]["name"] == "Op school, tot 25 km van Rotterdam"


def test_full_session_is_sold_out(client, offer):
    session = offer["near"].sessions.filter(is_cancelled=False).get()
    factories.BookingFactory(initiative=offer["near"], sessions=[session], seats=session.capacity, status="confirmed")
    assert events_of(graph_of(client, "robots-bouwen"))[0]["offers"]["availability"] == SCHEMA + "SoldOut"


def test_provider_is_an_organization(client, offer):
    provider = offer["near"].provider
    provider.website = "https://techniek.example.org/"
    provider.phone = "010 123 45 67"
    provider.save()
    organization = next(node for node in graph_of(client, "robots-bouwen") if node["@type"] == "Organization")
    assert organization["url"] == "https://techniek.example.org/"
    assert organization["telephone"] == "010 123 45 67"
    assert organization["email"] == provider.email


def test_json_ld_cannot_break_out_of_its_script(client, offer):
    offer["near"].title = 'Robots </script><script>alert("x")</script>'
    offer["near"].save()
    html = client.get(reverse("initiatives:detail", args=["robots-bouwen"])).content.decode()
    assert "</script><script>alert" not in html
    assert events_of(json_ld_blocks(html)[0]["@graph"])[0]["name"] == offer["near"].title


def test_link_previews_canonical_and_hreflang(client, offer):
    html = client.get(reverse("initiatives:detail", args=["robots-bouwen"]), {"van": "51.9,4.4"}).content.decode()
    base = "http://127.0.0.1:8000"
    assert f'<link rel="canonical" href="{base}/activiteiten/robots-bouwen/">' in html
    assert f'<link rel="alternate" hreflang="nl" href="{base}/activiteiten/robots-bouwen/">' in html
    assert f'<link rel="alternate" hreflang="en" href="{base}/en/activiteiten/robots-bouwen/">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{base}/activiteiten/robots-bouwen/">' in html
    assert '<meta property="og:title" content="Robots bouwen in de bibliotheek">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:locale" content="nl_NL">' in html
    assert f'<meta property="og:image" content="{base}/static/img/social.png">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    english = client.get("/en/activiteiten/robots-bouwen/").content.decode()
    assert f'<link rel="canonical" href="{base}/en/activiteiten/robots-bouwen/">' in english
    assert '<meta property="og:locale" content="en_GB">' in english
    home = client.get("/").content.decode()
    assert f'<link rel="canonical" href="{base}/">' in home and 'hreflang="en" href="' + base + '/en/"' in home


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_lists_every_published_initiative_campus_and_page(client, offer):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"
    root = ET.fromstring(response.content)
    entries = {url.findtext("s:loc", namespaces=SITEMAP_NS): url for url in root.findall("s:url", SITEMAP_NS)}
    base = "http://127.0.0.1:8000"
    for initiative in ("robots-bouwen", "havenexcursie", "programmeren-den-haag", "online-codeerclub", "techniekbus"):
        assert f"{base}/activiteiten/{initiative}/" in entries
        assert f"{base}/en/activiteiten/{initiative}/" in entries
    assert f"{base}/activiteiten/nog-geheim/" not in entries
    assert f"{base}/campussen/rdm-campus/" in entries
    for page in ("/", "/activiteiten/", "/voor-ouders/", "/voor-leraren/", "/campussen/", "/privacy/"):
        assert base + page in entries, page
    robots = entries[f"{base}/activiteiten/robots-bouwen/"]
    expected = timezone.localdate(offer["near"].updated_at).isoformat()  # the sitemap dates in Dutch time
    assert robots.findtext("s:lastmod", namespaces=SITEMAP_NS) == expected
    alternates = {link.get("hreflang"): link.get("href") for link in robots.findall("x:link", SITEMAP_NS)}
    assert alternates == {
        "nl": f"{base}/activiteiten/robots-bouwen/",
        "en": f"{base}/en/activiteiten/robots-bouwen/",
        "x-default": f"{base}/activiteiten/robots-bouwen/",
    }


def test_sitemap_lastmod_of_a_campus_comes_from_its_offer(client, offer):
    factories.CampusFactory(name="Lege Campus", slug="lege-campus", latitude=Decimal("52.3"), longitude=Decimal("4.9"))
    root = ET.fromstring(client.get("/sitemap.xml").content)
    entries = {url.findtext("s:loc", namespaces=SITEMAP_NS): url for url in root.findall("s:url", SITEMAP_NS)}
    assert entries["http://127.0.0.1:8000/campussen/lege-campus/"].findtext("s:lastmod", namespaces=SITEMAP_NS) is None


def test_robots_txt_keeps_crawlers_out_of_admin_and_bookings(client):
    text = client.get("/robots.txt").content.decode()
    for path in ("/admin/", "/activiteiten/*/boeken/", "/activiteiten/boeking/", "/en/activiteiten/boeking/"):
        assert f"Disallow: {path}\n" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text
