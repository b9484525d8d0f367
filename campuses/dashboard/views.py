from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from . import exports
from .forms import DashboardFilterForm
from .report import build_dashboard


def coordinator_required(view):
    """Staff who may use the admin (with a verified second factor when ADMIN_REQUIRE_2FA is on) and may
    view campuses; campus coordinators see every campus. Others go to the admin login first."""
    checked = permission_required("campuses.view_campus", raise_exception=True)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not admin.site.has_permission(request):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return checked(request, *args, **kwargs)

    return wrapped


def _dashboard_for(request):
    form = DashboardFilterForm(request.GET or None)
    campus, school_year, distance_km = form.filters()
    dashboard = build_dashboard(campus=campus, school_year=school_year, distance_km=distance_km)
    query = urlencode(
        {
            "campus": dashboard.campus.slug if dashboard.campus else "",
            "jaar": school_year.start_year,
            "afstand": f"{distance_km:g}",
        }
    )
    return form, dashboard, query


@coordinator_required
def index(request):
    """The coverage dashboard: the SEOR inventory per campus, live."""
    form, dashboard, query = _dashboard_for(request)
    if not form.errors:
        # Show the values in effect (defaults included) as the selected options.
        form = DashboardFilterForm(QueryDict(query))
    context = {"form": form, "dashboard": dashboard, "query": query, "map_config": _map_config(dashboard.campus)}
    return render(request, "campuses/dashboard/index.html", context)


def _map_config(campus):
    if campus is None:
        return None
    return {
        "tiles": settings.MAP_TILES_URL,
        "attribution": "© OpenStreetMap-bijdragers",
        "campus": {
            "name": campus.name,
            "lat": float(campus.latitude),
            "lon": float(campus.longitude),
            "radius_km": float(campus.radius_km),
        },
    }


@coordinator_required
def export(request, table, fmt):
    """One table as CSV or XLSX, or every table as one XLSX workbook (table "alles")."""
    _form, dashboard, _query = _dashboard_for(request)
    if table == "alles" and fmt == "xlsx":
        return exports.xlsx_response(list(dashboard.tables.values()), exports.filename(dashboard, "alles", fmt))
    if table not in dashboard.tables or fmt not in ("csv", "xlsx"):
        raise Http404
    chosen = dashboard.table(table)
    if fmt == "csv":
        return exports.csv_response(chosen, exports.filename(dashboard, table, fmt))
    return exports.xlsx_response([chosen], exports.filename(dashboard, table, fmt))
