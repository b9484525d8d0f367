"""Spreadsheet exports: attendee lists for providers, approved bus trips for the bus company."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook

from portal.spreadsheets import FORMULA_STARTS, escape_formula, excel_csv_response

from .models import Booking, BusRequest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local(moment, fmt):
    return timezone.localtime(moment).strftime(fmt) if moment else ""


def attendee_rows(bookings):
    yield [
        _("Kenmerk"), _("Activiteit"), _("Datum"), _("Tijd"), _("Status"), _("School"), _("Groep"),
        _("Leerlingen"), _("Begeleiders"), _("Leraar"), _("E-mail"), _("Telefoon"),
        _("Bijzonderheden"), _("Opmerkingen"), _("Bus"), _("Afstand school–activiteit (km)"),
    ]  # fmt: skip
    for booking in bookings:
        bus = getattr(booking, "bus_request", None)
        yield [
            booking.reference,
            booking.initiative.title,
            _local(booking.starts_at, "%d-%m-%Y"),
            _local(booking.starts_at, "%H.%M"),
            booking.get_status_display(),
            booking.school_display,
            str(booking.group_display),
            booking.pupils,
            booking.adults,
            booking.teacher_name,
            booking.email,
            booking.phone,
            booking.special_needs,
            booking.remarks,
            bus.get_status_display() if bus else "",
            booking.school_distance_km,
        ]


def trip_rows(bus_requests):
    yield [
        _("Datum"), _("Aankomst"), _("Vertrek"), _("Ophaaladres"), _("School"), _("Bestemming"), _("Adres bestemming"),
        _("Reizigers"), _("Leerlingen"), _("Begeleiders"), _("Contact"), _("Telefoon"), _("Kenmerk"),
        _("Campus"), _("Geschatte kosten (€)"),
    ]  # fmt: skip
    for trip in bus_requests:
        booking, initiative = trip.booking, trip.booking.initiative
        yield [
            _local(booking.starts_at, "%d-%m-%Y"),
            _local(booking.starts_at, "%H.%M"),
            _local(booking.ends_at, "%H.%M"),
            trip.pickup_address,
            booking.school_display,
            initiative.venue_name or initiative.title,
            f"{initiative.address}, {initiative.postcode} {initiative.place_name}".strip(" ,"),
            trip.passengers,
            booking.pupils,
            booking.adults,
            booking.teacher_name,
            booking.phone,
            booking.reference,
            str(trip.budget.campus),
            f"{trip.estimated_cost:.2f}".replace(".", ","),
        ]


def approved_trips():
    return (
        BusRequest.objects.approved()
        .select_related("booking__initiative", "booking__school", "budget__campus")
        .order_by("booking__starts_at")
    )


def attendees(queryset):
    """The bookings that will come (confirmed) of a selection: requests still open, waitlisted,
    offered, declined and cancelled ones are not attendees."""
    return (
        queryset.confirmed().select_related("initiative", "school", "bus_request").order_by("starts_at", "created_at")
    )


def left_out_note(queryset):
    """ "2 geselecteerde boekingen zijn niet in de lijst: niet bevestigd (1 aangevraagd, 1 afgewezen)." or ""."""
    counts = {}
    for status in queryset.exclude(status=Booking.Status.CONFIRMED).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    total = sum(counts.values())
    if not total:
        return ""
    reasons = ", ".join(f"{counts[status]} {label}" for status, label in Booking.Status.choices if status in counts)
    return ngettext(
        "%(count)s geselecteerde boeking is niet in de lijst: niet bevestigd (%(reasons)s).",
        "%(count)s geselecteerde boekingen zijn niet in de lijst: niet bevestigd (%(reasons)s).",
        total,
    ) % {"count": total, "reasons": reasons}


def _safe_rows(rows, starts=FORMULA_STARTS):
    """Text a teacher typed must never run as a spreadsheet formula (CSV/formula injection)."""
    for row in rows:
        yield [escape_formula(value, starts) for value in row]


def xlsx_response(rows, filename, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    # In a workbook only a leading "=" makes a formula (openpyxl), so "+31 10 ..." stays a phone number.
    for row in _safe_rows(rows, starts=("=",)):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def csv_response(rows, filename):
    return excel_csv_response(rows, filename)
