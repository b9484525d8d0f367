from django.shortcuts import render

from campuses.models import Campus
from initiatives.caching import cache_public_response
from initiatives.filters import RADIUS_CHOICES, InitiativeFilter


def _location_form():
    return InitiativeFilter(None).form


@cache_public_response
def home(request):
    campuses = Campus.objects.filter(is_active=True).select_related("municipality")
    return render(request, "portal/home.html", {"campuses": campuses, "form": _location_form()})


@cache_public_response
def parents(request):
    """Plain-Dutch page for parents with a postcode search preset to family-friendly filters."""
    return render(request, "portal/parents.html", {"form": _location_form()})


@cache_public_response
def teachers(request):
    """Entry for teachers: search from your school, by group or year."""
    return render(request, "portal/teachers.html", {"form": _location_form(), "radius_choices": RADIUS_CHOICES})
