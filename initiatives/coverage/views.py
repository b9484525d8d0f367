"""The coordinators' coverage dashboard at /beheer/dekking/ (and its downloads)."""

from functools import wraps

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campuses.models import Campus
from portal.maps import map_context

from ..permissions import Role, campus_ids, role_of
from . import exports
from .forms import DashboardFilterForm
from .report import build_dashboard
from .snapshots import take_snapshot


def visible_campuses(user):
    """The active campuses whose rows the user sees: all for MRDH coordinators, their own for campus coordinators."""
    campuses = Campus.objects.filter(is_active=True).order_by("name")
    if role_of(user) == Role.CAMPUS:
        return campuses.filter(pk__in=campus_ids(user))
    return campuses


def coordinator_required(view):
    """MRDH and campus coordinators (signed in to the admin, with a verified second factor when required).
    Others go to the admin login first; signed-in staff with another role (provider editors) get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not admin.site.has_permission(request):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if role_of(request.user) not in (Role.MRDH, Role.CAMPUS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _dashboard_for(request):
    campuses = visible_campuses(request.user)
    form = DashboardFilterForm(request.GET or None, campuses=campuses)
    campus, school_year, distance_km, include_visits = form.filters()
    dashboard = build_dashboard(
        visible=list(campuses),
        campus=campus,
        school_year=school_year,
        distance_km=distance_km,
        include_visits=include_visits,
    )
    values = {
        "campus": dashboard.campus.slug if dashboard.campus else "",
        "jaar": school_year.start_year,
        "afstand": f"{distance_km:g}",
    }
    if include_visits:
        values["bezoeken"] = "on"
    return form, dashboard, urlencode(values), campuses


@coordinator_required
def index(request):
    """The coverage dashboard: the SEOR findings, per campus, live."""
    form, dashboard, query, campuses = _dashboard_for(request)
    if not form.errors:
        # Show the values in effect (defaults included) as the selected options.
        form = DashboardFilterForm(QueryDict(query), campuses=campuses)
    context = {
        "form": form,
        "dashboard": dashboard,
        "query": query,
        "map_config": _map_config(dashboard.campus),
        "can_snapshot": role_of(request.user) == Role.MRDH,
    }
    return render(request, "coverage/index.html", context)


def _map_config(campus):
    if campus is None:
        return None
    tiles = map_context()  # the one tile source and its credit (portal/maps.py)
    return {
        "tiles": tiles["tiles_url"],
        "attribution": tiles["tiles_attribution"],
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
    _form, dashboard, _query, _campuses = _dashboard_for(request)
    if table == "alles" and fmt == "xlsx":
        return exports.xlsx_response(list(dashboard.tables.values()), exports.filename(dashboard, "alles"))
    if table not in dashboard.tables or fmt not in ("csv", "xlsx"):
        raise Http404
    chosen = dashboard.table(table)
    if fmt == "csv":
        return exports.csv_response(chosen, exports.filename(dashboard, table))
    return exports.xlsx_response([chosen], exports.filename(dashboard, table))


@require_POST
@coordinator_required
def snapshot(request):
    """Take this school year's snapshot now (MRDH coordinators)."""
    if role_of(request.user) != Role.MRDH:
        raise PermissionDenied
    taken = take_snapshot()
    messages.success(request, _("Momentopname voor schooljaar %(year)s opgeslagen.") % {"year": taken})
    return redirect(reverse("dashboard:index") + "#trend")
