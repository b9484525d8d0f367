"""Signed links to a booking for teachers without an account.

The link carries the booking's reference signed with SECRET_KEY (django.core.signing), so
nothing secret is stored and a changed or guessed link is rejected. It stops working
BOOKING_LINK_DAYS after the activity (or after the booking was closed, for a date request),
and it is redacted from the logs (portal/log.py).
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

SALT = "initiatives.bookings.manage"


def make_token(booking):
    return signing.Signer(salt=SALT).sign(booking.reference)


def reference_from_token(token):
    """The booking reference in a token, or None when the signature does not match."""
    try:
        return signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None


def manage_path(booking):
    return reverse("initiatives:booking", kwargs={"token": make_token(booking)})


def manage_url(booking):
    return settings.SITE_URL.rstrip("/") + manage_path(booking)


def link_expires_at(booking):
    """When the signed link stops working; None while an open request has no date yet."""
    days = datetime.timedelta(days=settings.BOOKING_LINK_DAYS)
    if booking.ends_at:
        return booking.ends_at + days
    if booking.is_open:
        return None
    return (booking.cancelled_at or booking.decided_at or booking.created_at) + days


def link_expired(booking, now=None):
    expires_at = link_expires_at(booking)
    return expires_at is not None and expires_at <= (now or timezone.now())
