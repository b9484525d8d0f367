"""Signed links to a booking for teachers without an account.

The link carries the booking's reference signed with SECRET_KEY (django.core.signing), so
nothing secret is stored and a changed or guessed link is rejected.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

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
