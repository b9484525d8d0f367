"""The free-bus question on an initiative's detail page: can the bus apply, and for which school.

The school comes from the search (?school=<branch code>) or from the small form on the page (the
school picker; without JavaScript the server looks the typed name up and lists the branches).
The answer is services.bus_eligibility, the same one the booking form gives.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campuses.geo import Point
from campuses.schools import MAX_SCHOOL_CANDIDATES, find_schools, school_by_code, school_label

from .bus_reach import bus_possible
from .services import bus_eligibility

# Query parameters of the detail page kept by the school form (the route origin, the way back).
KEPT_PARAMS = ("van", "terug")


def detail_bus_check(request, initiative):
    """Context for templates/bookings/includes/bus_check.html, or {} when no bus can take a class there
    (bus_reach.bus_possible: offered, booked by classes, and reached by a bus rule)."""
    if not bus_possible(initiative):
        return {}
    code = request.GET.get("school", "")[:8]
    typed = request.GET.get("school_zoek", "").strip()[:250]
    school = school_by_code(code)
    if school is not None and typed and typed != school_label(school):
        school = None  # the text was changed after the school was picked: look the new text up
    candidates, not_found = [], False
    if school is None and typed:
        candidates = find_schools(typed, near=Point.of(initiative))
        if len(candidates) == 1:
            school, candidates = candidates[0], []
        elif not candidates:
            not_found = True
        candidates = candidates[:MAX_SCHOOL_CANDIDATES]
    kept = {name: request.GET[name] for name in KEPT_PARAMS if request.GET.get(name)}
    answer = bus_eligibility(initiative, school, on_detail_page=True) if school else None
    return {
        "bus_check": {
            "school": school,
            "label": school_label(school) if school else typed,
            "answer": answer,
            "candidates": [
                (candidate, "?" + urlencode({**kept, "school": candidate.code}) + "#bus-heading")
                for candidate in candidates
            ],
            "not_found": not_found,
            "kept": kept,
            "schools_url": f"{reverse('api:schools')}?{urlencode({'initiative': initiative.slug})}",
            "list_label": _("Scholen die passen"),
        }
    }
