"""The school picker: one lookup and one label for every place a school is chosen.

The search page's location box, the booking form and the API endpoint behind the JavaScript
combobox (`/api/v1/schools/?q=`) all use `find_schools` and `school_label`. A label names the
branch (vestiging), not only the school board: "Name, Street 12, Place (15KR10)". The
vestigingscode in brackets makes it unique and is what `campuses.location` recognises.
"""

import re

from django.db.models import Q

from .geo import normalize_name
from .models import School

MAX_SCHOOL_CANDIDATES = 12
# A label typed back (or kept by the browser): the branch code in brackets at the end.
LABEL_CODE_RE = re.compile(r"\((\d{2}[a-zA-Z]{2}\d{2})\)\s*$")


def school_label(school):
    """How a branch is offered and typed back: name, street and number, place, branch code."""
    street = f"{school.street} {school.house_number}".strip()
    parts = [school.name, street, school.place_name]
    return f"{', '.join(part for part in parts if part)} ({school.code})"


def school_by_code(code):
    return School.objects.filter(code=(code or "").strip().upper()).first() if code else None


def find_schools(query, near=None, *, suggest=False):
    """Branches matching a label, a name (every word), a place, a BRIN or branch code.

    Nearest to `near` first when given, otherwise MRDH, then Zuid-Holland, then by name.
    Whole-word matches win: "De Boog Rotterdam" means De Boog, not De Regenboog. Suggestions
    (`suggest=True`) list the partial matches after them instead of dropping them.
    """
    text = (query or "").strip()[:250]
    if len(text) < 2:
        return []
    picked = LABEL_CODE_RE.search(text)
    if picked:
        school = school_by_code(picked[1])
        if school is not None:
            return [school]
    compact = text.replace(" ", "")
    exact = list(School.objects.filter(Q(code__iexact=compact) | Q(brin__iexact=text))[:2])
    if len(exact) == 1:
        return exact
    words = normalize_name(text).split()
    if not words:
        return []
    matches = School.objects.all()
    for word in words:
        matches = matches.filter(Q(search_name__contains=word) | Q(place_name__icontains=word) | Q(brin__iexact=word))
    ordered = matches.order_by("-municipality__is_mrdh", "-municipality__is_zuid_holland", "name", "place_name", "code")
    candidates = list(ordered[:200])
    if near is not None:
        candidates.sort(key=lambda school: school.point.distance_km(near))
    whole = [school for school in candidates if set(words) <= set(_words_of(school))]
    partial = [school for school in candidates if school not in whole]
    found = whole + partial if suggest else (whole or partial)
    return found[: MAX_SCHOOL_CANDIDATES + 1]


def _words_of(school):
    return f"{school.search_name} {normalize_name(school.place_name)} {school.brin.lower()}".split()
