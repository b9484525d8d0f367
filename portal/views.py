from campuses.models import Campus
from initiatives.caching import cache_public_response
from initiatives.filters import RADIUS_CHOICES, InitiativeFilter

from .pages.content import live_content
from .pages.models import EntryBlock, NewsItem, Page
from .pages.views import render_page

HOME_NEWS = 3


def _location_form():
    return InitiativeFilter(None).form


def home_context(content):
    return {
        "campuses": Campus.objects.filter(is_active=True).select_related("municipality"),
        "form": _location_form(),
        "entry_blocks": EntryBlock.objects.all(),
        "news": NewsItem.objects.live().select_related("image")[:HOME_NEWS],
    }


def parents_context(content):
    return {"form": _location_form()}


def teachers_context(content):
    return {"form": _location_form(), "radius_choices": RADIUS_CHOICES}


# The fixed pages with a search form: template and extra context, shared with the admin preview.
SEARCH_PAGES = {
    Page.Kind.HOME: ("portal/home.html", home_context),
    Page.Kind.PARENTS: ("portal/parents.html", parents_context),
    Page.Kind.TEACHERS: ("portal/teachers.html", teachers_context),
}


def render_content(request, content):
    """Render any page's content with its own template (public views and the admin preview)."""
    template, context = SEARCH_PAGES.get(content.page.kind, ("pages/page.html", None))
    return render_page(request, content, template, context(content) if context else None)


@cache_public_response
def home(request):
    return render_content(request, live_content(kind=Page.Kind.HOME))


@cache_public_response
def parents(request):
    """Plain-Dutch page for parents with a postcode search preset to family-friendly filters."""
    return render_content(request, live_content(kind=Page.Kind.PARENTS))


@cache_public_response
def teachers(request):
    """Entry for teachers: search from your school, by group or year."""
    return render_content(request, live_content(kind=Page.Kind.TEACHERS))
