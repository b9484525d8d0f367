"""Booking pages: the form, the teacher's own booking behind a signed link, cancelling, privacy."""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from campuses.schools import school_by_code
from portal.middleware import client_ip

from .. import ical
from ..models import Initiative
from . import services, tokens
from .audience import takes_families, takes_families_and_classes
from .forms import BookingChangeForm, BookingForm, FamilyBookingForm
from .models import Booking, BusBudget, BusEligibilityRule, school_year_of


def booking_rate(group, request):
    return settings.BOOKING_RATE_LIMIT


def form_rate(group, request):
    return settings.BOOKING_FORM_RATE_LIMIT


def client_key(group, request):
    """Rate-limit per client IP (behind proxies as NUM_PROXIES says: portal.middleware.client_ip)."""
    return client_ip(request)


def rate_limited(request):
    return render(request, "bookings/rate_limited.html", status=429)


def limits_posts(view, rate=booking_rate):
    """At most `rate` POSTs per client (default BOOKING_RATE_LIMIT): past it, the "try again later" page (429),
    not the view. The booking and change forms use limits_form_posts instead: see sends_too_many."""

    @ratelimit(key=client_key, rate=rate, method="POST", block=False)
    @functools.wraps(view)
    def limited_view(request, *args, **kwargs):
        if request.method == "POST" and getattr(request, "limited", False):
            return rate_limited(request)
        return view(request, *args, **kwargs)

    return limited_view


def limits_form_posts(view):
    """Every send of a form, typos included, up to BOOKING_FORM_RATE_LIMIT; the complete ones also count
    against BOOKING_RATE_LIMIT (sends_too_many): a teacher correcting typos on a school's address is not blocked."""
    return limits_posts(view, rate=form_rate)


def sends_too_many(request, form):
    """Count a complete send (a valid form, about to book or change) against BOOKING_RATE_LIMIT; past it, say so
    on the form, which keeps everything typed (the view answers 429)."""
    if not is_ratelimited(
        request, group="bookings.send", key=client_key, rate=booking_rate, method="POST", increment=True
    ):
        return False
    form.add_error(
        None,
        gettext(
            "Vanaf dit adres zijn in korte tijd veel boekingen verstuurd. Wat je invulde staat er nog: probeer het "
            "over een uur opnieuw, of mail de aanbieder van de activiteit."
        ),
    )
    return True


def from_token(view):
    """A view of the booking behind the signed link in every e-mail: view(request, booking, token).
    A token that is not ours is a 404; a link past its booking's last date the "link expired" page (410)."""

    @functools.wraps(view)
    def booking_view(request, token):
        reference = tokens.reference_from_token(token)
        if reference is None:
            raise Http404
        queryset = Booking.objects.select_related("initiative__provider", "school").prefetch_related("sessions")
        booking = get_object_or_404(queryset, reference=reference)
        if tokens.link_expired(booking):
            return render(request, "bookings/link_expired.html", status=410)
        return view(request, booking, token)

    return booking_view


def _add_booking_error(form, error):
    """A refused booking or change on the form: on the field it names, else above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


@limits_form_posts
def book(request, slug):
    """The booking form for one initiative (a class, or a family); on success, the booking page."""
    initiative = get_object_or_404(
        Initiative.objects.published().select_related("provider", "campus"),
        slug=slug,
        booking_mode=Initiative.BookingMode.BOOK_HERE,
    )
    family = _is_family_booking(request, initiative)
    initial = {"sessions": request.GET.getlist("sessie"), "adults": 1 if family else 0}
    if not family:
        initial.update(BookingForm.initial_for_school(request.GET.get("school", "")[:8]))
    form_class = FamilyBookingForm if family else BookingForm
    form = form_class(request.POST or None, initiative=initiative, initial=initial)
    limited = request.method == "POST" and form.is_valid() and sends_too_many(request, form)
    if request.method == "POST" and form.is_valid() and not limited:
        try:
            booking = services.book(
                initiative=initiative,
                sessions=form.cleaned_data["sessions"],
                details=form.booking_details(get_language()),
                bus_pickup_address=form.bus_pickup_address(),
            )
        except services.BookingError as error:
            _add_booking_error(form, error)
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
    context = {
        "initiative": initiative,
        "form": form,
        "is_closed": is_closed,
        "family": family,
        "offers_both": takes_families_and_classes(initiative),
        # The chosen dates, kept when switching between the class and the family form.
        "session_query": urlencode([("sessie", pk) for pk in request.GET.getlist("sessie")[:20]]),
        "bus_answer": None if family else form.bus_answer(),
    }
    template = "bookings/family.html" if family else "bookings/book.html"
    return render(request, template, context, status=429 if limited else 200)


def _is_family_booking(request, initiative):
    if not takes_families(initiative):
        return False
    if not takes_families_and_classes(initiative):
        return True
    return (request.POST or request.GET).get("voor") == "gezin"


@require_safe
@ratelimit(key=client_key, rate="120/m", block=False)
def bus_eligibility(request, slug):
    """Whether the chosen school (and group) can get a free bus to this activity: the booking form asks as
    soon as a school is picked (JSON); the form also answers it on the page without JavaScript."""
    if getattr(request, "limited", False):
        return JsonResponse({"status": "unknown", "message": ""}, status=429)
    initiative = get_object_or_404(Initiative.objects.published(), slug=slug)
    school = school_by_code(request.GET.get("school", "")[:8])
    if school is None:
        return JsonResponse({"status": "unknown", "message": gettext("Kies eerst je school.")})
    data = {
        "po_group": _small_int(request.GET.get("po_group"), 1, 8),
        "vo_year": _small_int(request.GET.get("vo_year"), 1, 6),
        "vo_track": request.GET.get("vo_track") if request.GET.get("vo_track") in Booking.Track.values else "",
    }
    answer = services.bus_eligibility(initiative, school, data)
    return JsonResponse(answer.as_json())


def _small_int(value, low, high):
    return int(value) if value and value.isdigit() and low <= int(value) <= high else None


def _done_message(booking):
    """What the teacher sees at once; "we sturen je een e-mail" only when the e-mail was queued."""
    emailed = getattr(booking, "email_queued", False)
    if booking.status == Booking.Status.CONFIRMED:
        if emailed:
            return gettext("Je boeking is bevestigd. We sturen je een e-mail met deze gegevens.")
        return gettext("Je boeking is bevestigd.")
    if booking.status == Booking.Status.WAITLISTED:
        if emailed:
            return gettext("De gekozen datum is vol. Je staat op de wachtlijst; we sturen je een e-mail.")
        return gettext("De gekozen datum is vol. Je staat op de wachtlijst.")
    if emailed:
        return gettext("We hebben je aanvraag ontvangen. We sturen je een e-mail met deze gegevens.")
    return gettext("We hebben je aanvraag ontvangen.")


@never_cache
@from_token
def manage(request, booking, token):
    """The teacher's booking, reached through the signed link in every e-mail."""
    return render(
        request,
        "bookings/manage.html",
        {
            "booking": booking,
            "token": token,
            "bus_request": getattr(booking, "bus_request", None),
            "manage_url": request.build_absolute_uri(),
            "has_calendar": _has_calendar(booking),
        },
    )


def _has_calendar(booking):
    """A calendar file for a seat that is booked or asked for; not for the waitlist (no seat yet)."""
    calendar_statuses = (Booking.Status.CONFIRMED, Booking.Status.REQUESTED, Booking.Status.OFFERED)
    return booking.status in calendar_statuses and bool(booking.sessions.all())


@never_cache
@from_token
@limits_form_posts
def change(request, booking, token):
    """The booker changes the group, contact details and notes, or the date (services.change checks the seats)."""
    if not booking.can_be_cancelled:
        messages.error(request, gettext("Deze boeking kun je niet meer wijzigen."))
        return redirect("initiatives:booking", token=token)
    form = BookingChangeForm(request.POST or None, booking=booking)
    if request.method == "POST" and form.is_valid() and not form.has_changed():
        messages.info(request, gettext("Je hebt niets gewijzigd; je boeking blijft zoals hij was."))
        return redirect("initiatives:booking", token=token)
    limited = request.method == "POST" and form.is_valid() and sends_too_many(request, form)
    if request.method == "POST" and form.is_valid() and not limited:
        data = form.cleaned_data
        try:
            services.change(
                booking=booking,
                pupils=data["pupils"],
                adults=data["adults"],
                details=form.details(),
                session=data.get("session"),
            )
        except services.BookingError as error:
            _add_booking_error(form, error)
        else:
            messages.success(
                request, gettext("Je boeking is gewijzigd. We sturen je een e-mail met de nieuwe gegevens.")
            )
            return redirect("initiatives:booking", token=token)
    context = {"booking": booking, "token": token, "form": form}
    return render(request, "bookings/change.html", context, status=429 if limited else 200)


@never_cache
@from_token
def booking_calendar(request, booking, token):
    """ "In mijn agenda": the booked dates as an iCalendar file (initiatives.ical, the one writer)."""
    if not _has_calendar(booking):
        raise Http404
    sessions = [session for session in booking.sessions.all() if not session.is_cancelled]
    response = HttpResponse(
        ical.booking_calendar(booking, sessions, tokens.manage_url(booking)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{booking.reference}.ics"'
    return response


@never_cache
@from_token
@limits_posts
def cancel(request, booking, token):
    """Step two of cancelling: a confirmation page (GET) and the cancellation itself (POST)."""
    if request.method == "POST":
        try:
            services.cancel(booking=booking)
        except services.BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("Je boeking is geannuleerd. We sturen je een e-mail ter bevestiging."))
        return redirect("initiatives:booking", token=token)
    if not booking.can_be_cancelled:
        return redirect("initiatives:booking", token=token)
    return render(request, "bookings/cancel.html", {"booking": booking, "token": token})


@never_cache
@require_POST
@from_token
@limits_posts
def accept_offer(request, booking, token):
    """Take the seat held from the waitlist (the button on the booking page)."""
    try:
        booking = services.accept_offer(booking=booking)
    except services.BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _done_message(booking))
    return redirect("initiatives:booking", token=token)


def bus_rules(request):
    """The public page with the free bus rules: who qualifies, the budget per campus, how to ask."""
    today = timezone.localdate()
    budgets = (
        BusBudget.objects.with_usage()
        .filter(school_year=school_year_of(today), campus__is_active=True)
        .select_related("campus")
    )
    context = {
        "rules": BusEligibilityRule.objects.filter(is_active=True),
        "budgets": budgets,
    }
    return render(request, "bookings/bus_rules.html", context)
