"""The one FilterSet behind the search page, the campus pages and the open data API."""

from collections import Counter
from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField, Count, Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from campuses.location import LocationNotFound, resolve_location
from campuses.models import Campus

from .models import PRACTICE_LEVEL_EXPLANATIONS, Initiative, Language, PracticeLevel, Provider, TargetGroup, Theme

RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (15, "15 km"), (25, "25 km"), (50, "50 km")]
DEFAULT_RADIUS_KM = 10
MAX_RADIUS_KM = 50
PO_GROUP_CHOICES = [(n, _("groep %(n)s") % {"n": n}) for n in range(1, 9)]
VO_YEAR_CHOICES = [(n, _("leerjaar %(n)s") % {"n": n}) for n in range(1, 7)]
TRACK_CHOICES = [("vmbo", "vmbo"), ("havo", "havo"), ("vwo", "vwo")]
PARENTS_SLUG = "ouders"  # the target group seeded in initiatives/migrations/0002
TRACK_FIELDS = {"vmbo": "for_vmbo", "havo": "for_havo", "vwo": "for_vwo"}


class LocationField(forms.CharField):
    """A text field that cleans to a campuses.location.Location (or None)."""

    def clean(self, value):
        value = super().clean(value)
        try:
            return resolve_location(value)
        except LocationNotFound as error:
            raise ValidationError(
                error.message, code="unknown_location", params={"suggestions": error.suggestions}
            ) from None


class LocationFilter(django_filters.Filter):
    field_class = LocationField

    def filter(self, qs, value):
        return qs  # applied with radius and online together in InitiativeFilter.filter_queryset


class RadiusField(forms.DecimalField):
    """Any radius from 1 to 50 km, any decimals (the API); the page offers the usual steps in a select."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Select(choices=RADIUS_CHOICES))
        super().__init__(min_value=1, max_value=MAX_RADIUS_KM, **kwargs)


class RadiusFilter(django_filters.Filter):
    field_class = RadiusField

    def filter(self, qs, value):
        return qs


def _through_exists(relation, field, values):
    """Initiatives linked to any of values through the many-to-many relation (no duplicate rows)."""
    m2m = Initiative._meta.get_field(relation)
    target = m2m.m2m_reverse_field_name()  # themes -> theme, target_groups -> targetgroup
    return Exists(
        m2m.remote_field.through.objects.filter(initiative=OuterRef("pk"), **{f"{target}__{field}__in": values})
    )


class InitiativeFilter(django_filters.FilterSet):
    near = LocationFilter(
        label=_("Waar zoek je?"),
        help_text=_("Postcode, plaats of school"),
    )
    radius_km = RadiusFilter(label=_("Afstand"))
    q = django_filters.CharFilter(
        method="filter_text", label=_("Zoekwoorden"), help_text=_("Bijvoorbeeld robots of haven")
    )
    po_group = django_filters.ChoiceFilter(
        choices=PO_GROUP_CHOICES, method="filter_po_group", label=_("Basisschool: groep"), empty_label=_("Alle groepen")
    )
    vo_year = django_filters.ChoiceFilter(
        choices=VO_YEAR_CHOICES,
        method="filter_vo_year",
        label=_("Middelbare school: leerjaar"),
        empty_label=_("Alle leerjaren"),
    )
    track = django_filters.ChoiceFilter(
        choices=TRACK_CHOICES, method="filter_track", label=_("Schoolsoort"), empty_label=_("Alle schoolsoorten")
    )
    target_group = django_filters.ModelMultipleChoiceFilter(
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        method="filter_target_group",
        distinct=False,
        label=_("Voor wie"),
        widget=forms.CheckboxSelectMultiple,
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_theme",
        distinct=False,
        label=_("Thema"),
        widget=forms.CheckboxSelectMultiple,
    )
    activity_type = django_filters.MultipleChoiceFilter(
        choices=Initiative.ActivityType.choices,
        label=_("Soort activiteit"),
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    location_type = django_filters.MultipleChoiceFilter(
        choices=Initiative.LocationType.choices,
        label=_("Waar het plaatsvindt"),
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    free = django_filters.BooleanFilter(method="filter_free", label=_("Alleen gratis"), widget=forms.CheckboxInput)
    bookable = django_filters.BooleanFilter(
        method="filter_bookable", label=_("Nu te boeken via dit portaal"), widget=forms.CheckboxInput
    )
    family = django_filters.BooleanFilter(
        method="filter_family", label=_("Ouder en kind samen"), widget=forms.CheckboxInput
    )
    outside_school_hours = django_filters.BooleanFilter(
        method="filter_outside_school_hours", label=_("Buiten schooltijd"), widget=forms.CheckboxInput
    )
    date_from = django_filters.DateFilter(
        method="filter_dates", label=_("Datum vanaf"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        method="filter_dates", label=_("Datum tot en met"), widget=forms.DateInput(attrs={"type": "date"})
    )
    language = django_filters.ModelChoiceFilter(
        queryset=Language.objects.all(),
        to_field_name="code",
        method="filter_language",
        label=_("Taal"),
        empty_label=_("Alle talen"),
    )
    practice_min = django_filters.ChoiceFilter(
        choices=PracticeLevel.choices,
        field_name="practice_level",
        lookup_expr="gte",
        label=_("Minimaal zo praktijkgericht"),
        empty_label=_("Alle niveaus"),
    )
    campus = django_filters.ModelChoiceFilter(
        queryset=Campus.objects.filter(is_active=True),
        to_field_name="slug",
        label=_("Campus"),
        empty_label=_("Alle campussen"),
    )
    provider = django_filters.ModelChoiceFilter(
        queryset=Provider.objects.all(), to_field_name="slug", label=_("Aanbieder"), empty_label=_("Alle aanbieders")
    )

    class Meta:
        model = Initiative
        fields = []

    # Filters shown on the page's filter panel (the location box sits above the results).
    PANEL_FIELDS = (
        "q", "po_group", "vo_year", "track", "target_group", "theme", "activity_type", "location_type", "free",
        "bookable", "family", "outside_school_hours", "date_from", "date_to", "language", "practice_min", "campus",
        "provider",
    )  # fmt: skip

    @property
    def location(self):
        """The resolved location (None when empty or unknown)."""
        return self.form.cleaned_data.get("near") if self.is_bound and not self.errors.get("near") else None

    @property
    def search_radius_km(self):
        radius = self.form.cleaned_data.get("radius_km") if self.is_bound and not self.errors.get("radius_km") else None
        return radius or Decimal(DEFAULT_RADIUS_KM)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        location = self.form.cleaned_data.get("near")
        if location is None:
            return queryset.order_by("title", "pk")
        include_online = not self.form.cleaned_data.get("location_type")  # chosen types already decide
        return queryset.reachable_from(
            location.point, float(self.search_radius_km), include_online=include_online
        ).order_by(F("distance_km").asc(nulls_last=True), "title", "pk")

    def filter_text(self, queryset, name, value):
        if connection.vendor == "postgresql":
            return _postgres_text_search(queryset, value)
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(description__icontains=word)
                | Q(provider__name__icontains=word)
            )
        return queryset

    def filter_po_group(self, queryset, name, value):
        return queryset.for_po_group(int(value))

    def filter_vo_year(self, queryset, name, value):
        return queryset.for_vo_year(int(value))

    def filter_track(self, queryset, name, value):
        return queryset.filter(**{TRACK_FIELDS[value]: True})

    def filter_target_group(self, queryset, name, value):
        return (
            queryset.filter(_through_exists("target_groups", "pk", [item.pk for item in value])) if value else queryset
        )

    def filter_theme(self, queryset, name, value):
        return queryset.filter(_through_exists("themes", "pk", [item.pk for item in value])) if value else queryset

    def filter_language(self, queryset, name, value):
        return queryset.filter(_through_exists("languages", "pk", [value.pk]))

    def filter_free(self, queryset, name, value):
        return queryset.filter(is_free=True) if value else queryset

    def filter_bookable(self, queryset, name, value):
        return queryset.bookable_now() if value else queryset

    def filter_family(self, queryset, name, value):
        """For parents: together with the child, parents welcome, or aimed at parents."""
        if not value:
            return queryset
        for_parents = _through_exists("target_groups", "slug", [PARENTS_SLUG])
        return queryset.filter(Q(is_family_activity=True) | Q(parents_welcome=True) | Q(for_parents))

    def filter_outside_school_hours(self, queryset, name, value):
        return queryset.filter(is_outside_school_hours=True) if value else queryset

    def filter_dates(self, queryset, name, value):
        # Both date fields end up here; apply the range once, on the first one that is set.
        start, end = self.form.cleaned_data.get("date_from"), self.form.cleaned_data.get("date_to")
        if name == "date_to" and start:
            return queryset
        return queryset.with_sessions_between(start, end)

    CHOICE_FACETS = {"activity_type": Initiative.ActivityType, "location_type": Initiative.LocationType}

    def facet_counts(self, ids, choice_rows=None):
        """Result counts per facet value for the matching ids (a list or a values("pk") subquery):
        at most three queries, whatever the number of results. choice_rows, when given, holds the
        matches' (activity_type, location_type) pairs: those facets are then counted without a query."""
        facets = {}
        for facet, relation in (("target_group", "target_groups"), ("theme", "themes")):
            m2m = Initiative._meta.get_field(relation)
            slug = f"{m2m.m2m_reverse_field_name()}__slug"
            through = m2m.remote_field.through
            rows = (
                through.objects.filter(_pk_in(through, "initiative_id", ids))
                .values(slug)
                .annotate(n=Count("initiative_id"))
                .order_by()
            )
            facets[facet] = {row[slug]: row["n"] for row in rows}
        if choice_rows is not None:
            for index, (facet, choices) in enumerate(self.CHOICE_FACETS.items()):
                found = Counter(row[index] for row in choice_rows)
                facets[facet] = {value: found[value] for value in choices.values}
            return facets
        totals = Initiative.objects.filter(_pk_in(Initiative, "id", ids)).aggregate(
            **{
                f"{facet}__{value}": Count("pk", filter=Q(**{facet: value}))
                for facet, choices in self.CHOICE_FACETS.items()
                for value in choices.values
            }
        )
        for facet, choices in self.CHOICE_FACETS.items():
            facets[facet] = {value: totals[f"{facet}__{value}"] for value in choices.values}
        return facets


def _pk_in(model, column, ids):
    """A filter on column being one of ids (a list or a subquery). On PostgreSQL a list goes as one
    array parameter (`= ANY(%s)`): thousands of literal ids cost more to send and plan than to count."""
    if isinstance(ids, list) and connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        sql = f"{quote(model._meta.db_table)}.{quote(column)} = ANY(%s)"
        return RawSQL(sql, (ids,), output_field=BooleanField())  # noqa: S611 (quoted names; ids are a parameter)
    return Q(**{f"{column}__in": ids})


def _postgres_text_search(queryset, value):
    """Dutch full-text search on title, summary and description, plus trigram matches for typos."""
    from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordSimilarity

    vector = (
        SearchVector("title", weight="A", config="dutch")
        + SearchVector("summary", weight="B", config="dutch")
        + SearchVector("description", weight="C", config="dutch")
    )
    query = SearchQuery(value, config="dutch", search_type="websearch")
    return queryset.annotate(text_match=vector, title_similarity=TrigramWordSimilarity(value, "title")).filter(
        Q(text_match=query) | Q(title_similarity__gte=0.5) | Q(provider__name__icontains=value)
    )


PRACTICE_LEVEL_HELP = [(level, label, PRACTICE_LEVEL_EXPLANATIONS[level]) for level, label in PracticeLevel.choices]
