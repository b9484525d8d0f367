"""Booking pages: the form, the teacher's own booking behind a signed link, cancelling, privacy."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from campuses.geo import Point
from portal.middleware import client_ip

from ..models import Booking, Initiative
from . import services, tokens
from .forms import BookingForm, find_schools, school_label


def booking_rate(group, request):
    return settings.BOOKING_RATE_LIMIT


def client_key(group, request):
    """Rate-limit per client IP (behind proxies as NUM_PROXIES says: portal.middleware.client_ip)."""
    return client_ip(request)


def rate_limited(request):
    return render(request, "bookings/rate_limited.html", status=429)


@ratelimit(key=client_key, rate=booking_rate, method="POST", block=False)
def book(request, slug):
    """The booking form for one initiative; on success, the teacher lands on their booking page."""
    initiative = get_object_or_404(
        Initiative.objects.published().select_related("provider", "campus"),
        slug=slug,
        booking_mode=Initiative.BookingMode.BOOK_HERE,
    )
    if request.method == "POST" and getattr(request, "limited", False):
        return rate_limited(request)
    initial = {"sessions": request.GET.getlist("sessie"), "adults": 0}
    form = BookingForm(request.POST or None, initiative=initiative, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.book(
                initiative=initiative,
                sessions=form.cleaned_data["sessions"],
                details=form.booking_details(get_language()),
                bus_pickup_address=form.bus_pickup_address(),
            )
        except services.BookingError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _done_message(booking))
            if form.bus_pickup_address() is not None and not hasattr(booking, "bus_request"):
                messages.info(
                    request,
                    gettext(
                        "Voor deze boeking is geen gratis bus mogelijk: de school of groep valt buiten de busregels."
                    ),
                )
            return redirect(tokens.manage_path(booking))
    is_closed = form.has_fixed_dates and not form.fields["sessions"].queryset.exists()
    return render(request, "bookings/book.html", {"initiative": initiative, "form": form, "is_closed": is_closed})


def _done_message(booking):
    if booking.status == Booking.Status.CONFIRMED:
        return gettext("Je boeking is bevestigd. We hebben je een e-mail gestuurd.")
    if booking.status == Booking.Status.WAITLISTED:
        return gettext("De activiteit is vol. Je staat op de wachtlijst; we hebben je een e-mail gestuurd.")
    return gettext("We hebben je aanvraag ontvangen. We hebben je een e-mail gestuurd.")


def _booking_from_token(token):
    reference = tokens.reference_from_token(token)
    if reference is None:
        raise Http404
    queryset = Booking.objects.select_related("initiative__provider", "school").prefetch_related("sessions")
    return get_object_or_404(queryset, reference=reference)


@never_cache
def manage(request, token):
    """The teacher's booking, reached through the signed link in every e-mail."""
    booking = _booking_from_token(token)
    return render(
        request,
        "bookings/manage.html",
        {"booking": booking, "token": token, "bus_request": getattr(booking, "bus_request", None)},
    )


@never_cache
@ratelimit(key=client_key, rate=booking_rate, method="POST", block=False)
def cancel(request, token):
    """Step two of cancelling: a confirmation page (GET) and the cancellation itself (POST)."""
    booking = _booking_from_token(token)
    if request.method == "POST":
        if getattr(request, "limited", False):
            return rate_limited(request)
        try:
            services.cancel(booking=booking)
        except services.BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("Je boeking is geannuleerd. We hebben je een e-mail gestuurd."))
        return redirect("initiatives:booking", token=token)
    if not booking.can_be_cancelled:
        return redirect("initiatives:booking", token=token)
    return render(request, "bookings/cancel.html", {"booking": booking, "token": token})


@ratelimit(key=client_key, rate="120/m", block=False)
def school_suggestions(request):
    """Up to 12 school names for the booking form's suggestion list (an enhancement; the form works without)."""
    if getattr(request, "limited", False):
        return JsonResponse({"schools": []}, status=429)
    near_pk = request.GET.get("bij", "")
    near = Initiative.objects.published().filter(pk=near_pk).first() if near_pk.isdigit() else None
    schools = find_schools(request.GET.get("q", "")[:100], near=near and Point.of(near), suggest=True)[:12]
    return JsonResponse({"schools": [school_label(school) for school in schools]})
