"""Searching the offer: one function behind the search page, the campus pages and the API."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import QueryDict

from .filters import InitiativeFilter
from .models import Initiative, Language, TargetGroup, Theme

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def result_url(initiative, location):
    """The detail page, carrying the visitor's location for the route link."""
    url = initiative.get_absolute_url()
    return f"{url}?{urlencode({'van': location.query_value})}" if location else url


@dataclass
class SearchOutcome:
    filterset: InitiativeFilter
    page: object  # django.core.paginator.Page, or None when the location is unknown
    facets: dict

    @property
    def location(self):
        return self.filterset.location

    @property
    def radius_km(self):
        return self.filterset.search_radius_km

    @property
    def count(self):
        return self.page.paginator.count if self.page else 0


def result_queryset(base=None):
    """Published initiatives with what a result card shows, in a constant number of queries."""
    base = base if base is not None else Initiative.objects.published()
    return (
        base.select_related("provider")
        .with_next_session()
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("name", "slug")),
            Prefetch("target_groups", queryset=TargetGroup.objects.only("name", "slug")),
            Prefetch("languages", queryset=Language.objects.only("name", "code")),
        )
    )


def search_initiatives(data, *, page_number=1, page_size=PAGE_SIZE, base=None, with_facets=False):
    """Filter, order and paginate published initiatives with data (a QueryDict of filters).

    When the location cannot be resolved the page is None: the caller shows the message.
    Raises django.core.paginator.InvalidPage for a page number out of range.
    """
    filterset = InitiativeFilter(data, queryset=result_queryset(base))
    if filterset.errors.get("near"):
        return SearchOutcome(filterset, None, {})
    queryset = filterset.qs
    page = Paginator(queryset, page_size).page(page_number)
    for initiative in page:
        initiative.result_url = result_url(initiative, filterset.location)
    facets = filterset.facet_counts(queryset) if with_facets else {}
    return SearchOutcome(filterset, page, facets)


@dataclass
class Chip:
    label: str
    remove_query: str


def active_filter_chips(filterset, data):
    """One removable chip per applied filter value, each with the query string without it."""
    form = filterset.form
    chips = []
    for name in filterset.PANEL_FIELDS:
        field = form.fields[name]
        choices = _choice_labels(field)
        for value in data.getlist(name):
            if not value or name in form.errors:
                continue
            if isinstance(field.widget, forms.CheckboxInput):
                label = str(field.label)
            elif choices:
                label = f"{field.label}: {choices.get(value, value)}"
            else:
                label = f"{field.label}: {value}"
            remaining = data.copy()
            remaining.setlist(name, [kept for kept in data.getlist(name) if kept != value])
            remaining.pop("page", None)
            chips.append(Chip(label, remaining.urlencode()))
    return chips


def _choice_labels(field):
    if not hasattr(field, "choices"):
        return {}
    return {str(value): str(label) for value, label in field.choices if value != ""}


def clear_filters_query(data):
    """The query string that keeps the location and radius but drops every filter."""
    kept = QueryDict(mutable=True)
    for name in ("near", "radius_km"):
        if data.get(name):
            kept[name] = data[name]
    return kept.urlencode()
