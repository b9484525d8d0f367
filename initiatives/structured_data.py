"""schema.org JSON-LD for an initiative page: one EducationEvent per upcoming session (cancelled ones
with EventCancelled), the provider as Organization. Follows Google's structured-data rules for events
(required: name, startDate, location; recommended: description, endDate, eventAttendanceMode,
eventStatus, image, offers, organizer, performer). URLs are absolute on SITE_URL (the canonical host)."""

from urllib.parse import urlencode

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from .models import Initiative

SCHEMA = "https://schema.org/"
SOCIAL_IMAGE = "img/social.png"
# Age in the Netherlands: groep 1 is 4 years old, groep 8 is 11; vo leerjaar 1 is 12.
PO_AGE_OFFSET = 3
VO_AGE_OFFSET = 11


def _iso(moment):
    """ISO 8601 in Dutch local time, to the second (as Google's examples)."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def social_image_url():
    return absolute(static(SOCIAL_IMAGE))


def image_urls(initiative):
    """The initiative's photo (a 1440 px and a 640 px rendition), else the site's share image."""
    from portal.pages.images import best_rendition

    image = initiative.image
    if image is None or not image.renditions:
        return [social_image_url()]
    urls = [best_rendition(image, width)[0] for width in (1440, 640)]
    urls = [url if url.startswith(("http://", "https://")) else absolute(url) for url in urls]
    return list(dict.fromkeys(urls))


def organization(provider):
    data = {
        "@type": "Organization",
        "@id": absolute(f"/#aanbieder-{provider.slug}"),
        "name": provider.name,
        # The provider's own site, else its offer on this portal.
        "url": provider.website
        or absolute(reverse("initiatives:search") + "?" + urlencode({"provider": provider.slug})),
    }
    if provider.email:
        data["email"] = provider.email
    if provider.phone:
        data["telephone"] = provider.phone
    if provider.description:
        data["description"] = provider.description
    return data


def initiative_graph(initiative, sessions):
    """The page's JSON-LD: the provider and an event per session (sessions: upcoming, cancelled included)."""
    provider = organization(initiative.provider)
    events = [session_event(initiative, session, provider["@id"]) for session in sessions]
    return {"@context": "https://schema.org", "@graph": [provider, *events]}


def session_event(initiative, session, organizer_id):
    page = absolute(initiative.get_absolute_url())
    online = initiative.location_type == Initiative.LocationType.ONLINE
    event = {
        "@type": "EducationEvent",
        "@id": f"{page}#sessie-{session.pk}",
        "name": initiative.title,
        "description": initiative.summary,
        "url": page,
        "image": image_urls(initiative),
        "startDate": _iso(session.starts_at),
        "endDate": _iso(session.ends_at),
        "eventStatus": SCHEMA + ("EventCancelled" if session.is_cancelled else "EventScheduled"),
        "eventAttendanceMode": SCHEMA + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "location": location(initiative, session),
        "organizer": {"@id": organizer_id},
        "performer": {"@id": organizer_id},
        "offers": offer(initiative, session, page),
        "audience": audience(initiative),
        "inLanguage": [language.code for language in initiative.languages.all()] or ["nl"],
    }
    if initiative.is_free is not None:  # unknown cost ("navragen bij de aanbieder") says nothing
        event["isAccessibleForFree"] = initiative.is_free
    levels = educational_level(initiative)
    if levels:
        event["educationalLevel"] = levels
    return event


def location(initiative, session):
    if initiative.location_type == Initiative.LocationType.ONLINE:
        return {"@type": "VirtualLocation", "url": initiative.booking_url or absolute(initiative.get_absolute_url())}
    address = {
        "@type": "PostalAddress",
        "addressLocality": initiative.place_name,
        "addressCountry": "NL",
    }
    street = session.address or initiative.address
    if street and initiative.location_type == Initiative.LocationType.VENUE:
        address["streetAddress"] = street
        if initiative.postcode and not session.address:
            address["postalCode"] = initiative.postcode
    if initiative.location_type == Initiative.LocationType.AT_SCHOOL:
        # The activity comes to the school: the place it sets out from, and how far it travels.
        name = f"Op school, tot {initiative.service_radius_km:.0f} km van {initiative.place_name}"
        place = {"@type": "Place", "name": name if initiative.service_radius_km else "Op school", "address": address}
    else:
        venue = session.venue_name or initiative.venue_name or initiative.place_name
        place = {"@type": "Place", "name": venue, "address": address}
    point = session if session.latitude is not None else initiative
    if point.latitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(point.latitude),
            "longitude": float(point.longitude),
        }
    return place


def offer(initiative, session, page):
    data = {"@type": "Offer", "url": page, "priceCurrency": "EUR"}
    if initiative.is_free:
        data["price"] = "0"
    elif initiative.price is not None:
        data["price"] = f"{initiative.price:.2f}"
    if initiative.booking_mode == Initiative.BookingMode.BOOK_HERE:
        seats_left = getattr(session, "seats_left", None)
        data["availability"] = SCHEMA + ("SoldOut" if session.is_cancelled or not seats_left else "InStock")
        opens_at, _closes_at = session.booking_window
        data["validFrom"] = _iso(opens_at or initiative.published_at or session.created_at)
    else:
        if initiative.booking_mode == Initiative.BookingMode.EXTERNAL and initiative.booking_url:
            data["url"] = initiative.booking_url
        data["availability"] = SCHEMA + ("SoldOut" if session.is_cancelled else "InStock")
        data["validFrom"] = _iso(initiative.published_at or session.created_at)
    return data


def audience(initiative):
    data = {"@type": "PeopleAudience"}
    groups = [group.name for group in initiative.target_groups.all()]
    if groups:
        data["audienceType"] = ", ".join(groups)
    ages = []
    if initiative.po_group_from is not None:
        ages += [initiative.po_group_from + PO_AGE_OFFSET, initiative.po_group_to + PO_AGE_OFFSET + 1]
    if initiative.vo_year_from is not None:
        ages += [initiative.vo_year_from + VO_AGE_OFFSET, initiative.vo_year_to + VO_AGE_OFFSET + 1]
    if ages:
        data["suggestedMinAge"], data["suggestedMaxAge"] = min(ages), max(ages)
    return data


def educational_level(initiative):
    parts = []
    if initiative.po_group_from is not None:
        parts.append(f"primair onderwijs, groep {initiative.po_group_from}-{initiative.po_group_to}")
    if initiative.vo_year_from is not None:
        parts.append(f"voortgezet onderwijs, leerjaar {initiative.vo_year_from}-{initiative.vo_year_to}")
    return "; ".join(parts)
