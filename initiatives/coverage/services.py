"""Bookings and bus figures per campus and school year (MRDH roles 1 and 2)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ..bookings.models import Booking, BusRequest


@dataclass(frozen=True)
class BookingFigures:
    """Bookings, pupils and parents reached, bus trips (of a campus area or the region, in a school year)."""

    bookings: int
    pupils_reached: int
    parents_reached: int
    bus_requested: int
    bus_approved: int
    bus_budget_used: Decimal


def booking_figures(*, campus=None, school_year):
    """Bookings and bus figures for the campus area (or the region when campus is None) in the school year."""
    if campus is not None:
        return booking_figures_by_campus([campus], school_year=school_year)[campus.pk]
    return _booking_figures(Booking.objects.all(), BusRequest.objects.all(), school_year)


def booking_figures_by_campus(campuses, *, school_year):
    """BookingFigures per campus pk, in two queries for all campuses.

    A booking counts for the campus of its initiative (Initiative.campus, as for the bus budgets);
    "reached" counts confirmed bookings only. Parents reached are the accompanying adults on
    confirmed bookings of family activities and activities that welcome parents (MRDH role 1).
    """
    year = school_year.start_year
    pks = [campus.pk for campus in campuses]
    bookings = {
        row.pop("initiative__campus"): row
        for row in _booking_rows(Booking.objects.filter(initiative__campus__in=pks), year).values("initiative__campus")
        .annotate(**_BOOKING_AGGREGATES)
    }  # fmt: skip
    buses = {
        row.pop("budget__campus"): row
        for row in BusRequest.objects.in_school_year(year).filter(budget__campus__in=pks).values("budget__campus")
        .annotate(**_BUS_AGGREGATES)
    }  # fmt: skip
    return {pk: _figures(bookings.get(pk, {}), buses.get(pk, {})) for pk in pks}


_APPROVED = Q(status=BusRequest.Status.APPROVED)
_BUS_AGGREGATES = {
    "requested": Count("pk", filter=~Q(status=BusRequest.Status.CANCELLED)),
    "approved": Count("pk", filter=_APPROVED),
    "used": Sum("estimated_cost", filter=_APPROVED),
}
_PARENTS = Q(initiative__is_family_activity=True) | Q(initiative__parents_welcome=True)
_BOOKING_AGGREGATES = {
    "bookings": Count("pk"),
    "pupils": Sum("pupils"),
    "parents": Sum("adults", filter=_PARENTS),
}


def _booking_rows(queryset, year):
    return queryset.confirmed().in_school_year(year).order_by()


def _booking_figures(bookings, bus_requests, school_year):
    year = school_year.start_year
    booking_row = _booking_rows(bookings, year).aggregate(**_BOOKING_AGGREGATES)
    bus_row = bus_requests.in_school_year(year).aggregate(**_BUS_AGGREGATES)
    return _figures(booking_row, bus_row)


def _figures(booking_row, bus_row):
    return BookingFigures(
        bookings=booking_row.get("bookings") or 0,
        pupils_reached=booking_row.get("pupils") or 0,
        parents_reached=booking_row.get("parents") or 0,
        bus_requested=bus_row.get("requested") or 0,
        bus_approved=bus_row.get("approved") or 0,
        bus_budget_used=bus_row.get("used") or Decimal("0"),
    )
