"""The one FilterSet behind the search page, the campus pages and the open data API."""

import calendar
import copy
import datetime
import functools
import re
from collections import Counter
from dataclasses import replace
from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField, Count, Exists, Expression, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campuses.geo import RowPoint
from campuses.location import COORDINATES_RE, LocationNotFound, resolve_location
from campuses.models import Campus
from portal.cache import catalog_stamp, versioned
from portal.schoolyear import next_holiday

from .bookings.bus_reach import bus_possible_q
from .models import PRACTICE_LEVEL_EXPLANATIONS, Initiative, Language, PracticeLevel, Provider, TargetGroup, Theme

RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (15, "15 km"), (25, "25 km"), (50, "50 km")]
DEFAULT_RADIUS_KM = 10
MAX_RADIUS_KM = 50


def _po_group_label(n):
    return gettext("groep %(n)s (%(from)s-%(to)s jaar)") % {"n": n, "from": n + 3, "to": n + 4}


def _vo_year_label(n):
    return gettext("leerjaar %(n)s (%(from)s-%(to)s jaar)") % {"n": n, "from": n + 11, "to": n + 12}


# Translated when shown (lazily), with the usual ages beside the group or year.
PO_GROUP_CHOICES = [(n, lazy(_po_group_label, str)(n)) for n in range(1, 9)]
VO_YEAR_CHOICES = [(n, lazy(_vo_year_label, str)(n)) for n in range(1, 7)]
TRACK_CHOICES = [
    ("vmbo", _("vmbo (elke leerweg)")),
    ("vmbo_bl", _("vmbo basis")),
    ("vmbo_kl", _("vmbo kader")),
    ("vmbo_gt", _("vmbo gemengd/theoretisch")),
    ("havo", "havo"),
    ("vwo", "vwo"),
]
PARENTS_SLUG = TargetGroup.PARENTS_SLUG
TRACK_FIELDS = {
    "vmbo": "for_vmbo",
    "vmbo_bl": "for_vmbo_bl",
    "vmbo_kl": "for_vmbo_kl",
    "vmbo_gt": "for_vmbo_gt",
    "havo": "for_havo",
    "vwo": "for_vwo",
}


# What the location box shows when the point comes from the browser ("Gebruik mijn locatie") or a
# map click, and how the results then say it. The coordinates travel in the hidden `point` field.
POINT_LABELS = {
    "mijn locatie": _("jouw locatie"),
    "my location": _("jouw locatie"),
    "punt op de kaart": _("het punt op de kaart"),
    "point on the map": _("het punt op de kaart"),
}


class LocationField(forms.CharField):
    """A text field that cleans to a campuses.location.Location (or None). With `point` ("lat,lon"
    from the hidden field) and a box that still shows its label, the point is the location."""

    def __init__(self, point="", **kwargs):
        self.point = point
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        label = POINT_LABELS.get(" ".join(value.lower().split())) if value else None
        if self.point and (label or not value) and COORDINATES_RE.match(self.point):
            try:
                return replace(resolve_location(self.point), label=str(label or POINT_LABELS["mijn locatie"]))
            except LocationNotFound:
                pass  # a point outside the Netherlands: the text decides
        try:
            return resolve_location(value)
        except LocationNotFound as error:
            # The message already holds the visitor's text: escape it, as Django formats it with params once more.
            raise ValidationError(
                error.message.replace("%", "%%"), code="unknown_location", params={"suggestions": error.suggestions}
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


def link_columns(relation):
    """(link table, its initiative column, its term column) of one of Initiative's many-to-many relations."""
    m2m = Initiative._meta.get_field(relation)
    through = m2m.remote_field.through._meta
    return (
        through.db_table,
        through.get_field(m2m.m2m_field_name()).column,
        through.get_field(m2m.m2m_reverse_field_name()).column,
    )


def _through_exists(relation, ids):
    """Initiatives linked to any of the terms with ids through the many-to-many relation (no duplicate rows)."""
    return Q(_Linked(relation, ids))


class _Linked(Expression):
    """EXISTS (SELECT 1 FROM <link table> WHERE initiative = the row AND term IN (ids)), written out at once:
    Django's Exists over the through model costs more to build and compile than the database's work on it."""

    conditional = True

    def __init__(self, relation, ids):
        super().__init__(output_field=BooleanField())
        self.table, self.own, self.term = link_columns(relation)
        self.ids = [int(pk) for pk in ids]
        self.pk = F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        pk, pk_params = compiler.compile(self.pk)
        quote = connection.ops.quote_name
        link = quote("linked_term")
        values = ", ".join(["%s"] * len(self.ids)) or "NULL"
        sql = (  # quoted names and placeholders only
            f"EXISTS(SELECT 1 FROM {quote(self.table)} {link} WHERE {link}.{quote(self.own)} = {pk} "  # noqa: S608
            f"AND {link}.{quote(self.term)} IN ({values}))"
        )
        return sql, (*pk_params, *self.ids)


# What a date field accepts: the browser's date picker sends 2026-03-14, people type 14-3-2026.
DATE_INPUT_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d %m %Y")
DAY_MONTH_YEAR_RE = re.compile(r"^\s*(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})\s*$|^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
MAX_DATE_LENGTH = 40


class SearchDateField(forms.DateField):
    """A date as people type it, with a message that says what is wrong with this one."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        if len(text) > MAX_DATE_LENGTH:
            raise ValidationError(_("Typ een datum als 14-03-2026 (dag-maand-jaar)."), code="invalid")
        try:
            return super().to_python(text)
        except ValidationError:
            pass
        match = DAY_MONTH_YEAR_RE.match(text)
        if match:
            # The shape of a date, but no such day ("31-02-2026", "2026-13-01").
            raise ValidationError(
                _("‘%(value)s’ bestaat niet als datum. Kijk de dag en de maand na."),
                code="no_such_date",
                params={"value": text},
            )
        raise ValidationError(
            _("‘%(value)s’ is geen datum. Typ een datum als 14-03-2026 (dag-maand-jaar)."),
            code="invalid",
            params={"value": text},
        )


class SearchDateFilter(django_filters.DateFilter):
    field_class = SearchDateField


class KeywordField(forms.CharField):
    """Keywords need a letter or digit: "%" or "';--" would match everything (and say so in a chip)."""

    def clean(self, value):
        value = super().clean(value)
        if value and not any(char.isalnum() for char in value):
            raise ValidationError(_("Vul een zoekwoord met letters of cijfers in."), code="no_word")
        return value


class KeywordFilter(django_filters.CharFilter):
    field_class = KeywordField


def vocabulary(queryset):
    """The rows of a small vocabulary (themes, target groups, languages, active campuses), read once per
    catalogue version (portal.cache.versioned): the filter form checks its values and the panel lists
    its options without a query. Shared between requests: only read, never changed."""
    return versioned("vocabulary", lambda: list(queryset.all()), queryset.model._meta.label, str(queryset.query.where))


class VocabularyChoiceField(django_filters.fields.ModelChoiceField):
    """A ModelChoiceField that finds the value among vocabulary() instead of with a query (same errors)."""

    from_vocabulary = True

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        for item in vocabulary(self.queryset):
            if str(getattr(item, key)) == str(value):
                return item
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


class VocabularyMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that checks the values against vocabulary() (same errors); cleans to a list."""

    from_vocabulary = True

    def clean(self, value):
        # Nothing chosen is an empty list, not queryset.none(): a filter method's `if value` would run
        # the empty queryset through the ORM (half a millisecond per field and search).
        if not self.required and not value:
            return []
        return super().clean(value)

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        try:
            value = frozenset(value)
        except TypeError:
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list") from None
        for item in value:
            self.validate_no_null_characters(item)
        found = {str(getattr(item, key)): item for item in vocabulary(self.queryset)}
        for item in value:
            if str(item) not in found:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        chosen = {str(item) for item in value}
        return [item for text, item in found.items() if text in chosen]  # in the vocabulary's order


class VocabularyFilter(django_filters.ModelChoiceFilter):
    field_class = VocabularyChoiceField


class VocabularyMultipleFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = VocabularyMultipleChoiceField


class SearchForm(forms.Form):
    """The filter form: a date range must run forwards."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to",
                ValidationError(
                    _("De datum ‘tot en met’ ligt vóór de datum ‘vanaf’. Kies een datum op of na %(start)s."),
                    code="reversed_range",
                    params={"start": date_format(start, "j F Y")},
                ),
            )
        return cleaned


# Activity types that say where, not what: one filter for each ("Waar het plaatsvindt"). Older links
# with activity_type=comes_to_school or =online still work: they mean the location type.
ACTIVITY_TYPES_AS_LOCATION = {
    Initiative.ActivityType.COMES_TO_SCHOOL: Initiative.LocationType.AT_SCHOOL,
    Initiative.ActivityType.ONLINE: Initiative.LocationType.ONLINE,
}
ACTIVITY_TYPE_CHOICES = [
    (value, label) for value, label in Initiative.ActivityType.choices if value not in ACTIVITY_TYPES_AS_LOCATION
]


def with_current_parameters(data):
    """data with old parameters put as the current ones (activity_type=comes_to_school becomes
    location_type=at_school), or data itself when it has none."""
    if data is None or not hasattr(data, "getlist"):
        return data
    activity_types = data.getlist("activity_type")
    if not any(value in ACTIVITY_TYPES_AS_LOCATION for value in activity_types):
        return data
    current = data.copy()
    current.setlist("activity_type", [value for value in activity_types if value not in ACTIVITY_TYPES_AS_LOCATION])
    location_types = current.getlist("location_type")
    for value in activity_types:
        location_type = ACTIVITY_TYPES_AS_LOCATION.get(value)
        if location_type and location_type not in location_types:
            location_types.append(location_type)
    current.setlist("location_type", location_types)
    return current


class ShallowFields(dict):
    """A form's base fields that each form copies shallowly: Django deep-copies every field, its widget,
    choices and queryset for each form (each search). A form only sets attributes on its own copy
    (LocationField.point); widgets, choices and querysets are shared and only read."""

    def __deepcopy__(self, memo):
        return {name: copy.copy(field) for name, field in self.items()}


class ShallowFilters(dict):
    """A filter set's base filters, copied shallowly per filter set (django-filter deep-copies them,
    fields and querysets included): each copy gets its own `extra`, and its own method proxy bound
    to itself (FilterMethod refers to the filter whose parent is the filter set)."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, base in self.items():
            filter_ = copy.copy(base)
            filter_.extra = dict(base.extra)
            if filter_.method is not None:
                filter_.method = filter_.method  # a FilterMethod bound to this copy
            copies[name] = filter_
        return copies


class InitiativeFilter(django_filters.FilterSet):
    near = LocationFilter(
        label=_("Waar zoek je?"),
        help_text=_("Postcode, plaats of school"),
    )
    radius_km = RadiusFilter(label=_("Afstand"))
    q = KeywordFilter(method="filter_text", label=_("Zoekwoorden"), help_text=_("Bijvoorbeeld robots of haven"))
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
    target_group = VocabularyMultipleFilter(
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        method="filter_target_group",
        distinct=False,
        label=_("Voor wie"),
        widget=forms.CheckboxSelectMultiple,
    )
    theme = VocabularyMultipleFilter(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_theme",
        distinct=False,
        label=_("Thema"),
        widget=forms.CheckboxSelectMultiple,
    )
    activity_type = django_filters.MultipleChoiceFilter(
        choices=ACTIVITY_TYPE_CHOICES,
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
    bus = django_filters.BooleanFilter(method="filter_bus", label=_("Gratis bus mogelijk"), widget=forms.CheckboxInput)
    date_from = SearchDateFilter(
        method="filter_dates", label=_("Datum vanaf"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = SearchDateFilter(
        method="filter_dates", label=_("Datum tot en met"), widget=forms.DateInput(attrs={"type": "date"})
    )
    language = VocabularyFilter(
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
    when = django_filters.ChoiceFilter(
        choices=[("week", _("deze week")), ("month", _("deze maand")), ("holiday", _("in de vakantie"))],
        method="filter_when",
        label=_("Wanneer"),
        empty_label=_("Altijd"),
    )
    sort = django_filters.ChoiceFilter(
        choices=[("distance", _("dichtbij eerst")), ("date", _("eerstvolgende datum")), ("title", _("titel (A-Z)"))],
        method="filter_sort",
        label=_("Sorteren op"),
        empty_label=None,
    )
    campus = VocabularyFilter(
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
        form = SearchForm

    def __init__(self, data=None, *args, **kwargs):
        data = with_current_parameters(data)
        cls = type(self)
        if not isinstance(cls.__dict__.get("base_filters"), ShallowFilters):
            cls.base_filters = ShallowFilters(cls.base_filters)
        super().__init__(data, *args, **kwargs)
        point = data.get("point", "") if data is not None else ""
        self.point_text = point if isinstance(point, str) and len(point) <= 40 else ""

    _form_classes = {}

    def get_form_class(self):
        """The form class, built once per filter set class: django-filter builds it, and every field
        in it, anew for each filter set (each search). Each form copies its fields shallowly (ShallowFields)."""
        form_class = self._form_classes.get(type(self))
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = ShallowFields(form_class.base_fields)
            self._form_classes[type(self)] = form_class
        return form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            form.fields["near"].point = self.point_text  # the hidden point beside the location box
        return self._form

    # Filters shown on the page's filter panel (the location box sits above the results).
    PANEL_FIELDS = (
        "q", "po_group", "vo_year", "track", "target_group", "theme", "activity_type", "location_type", "free",
        "bookable", "family", "outside_school_hours", "bus", "when", "date_from", "date_to", "language",
        "practice_min", "campus", "provider", "sort",
    )  # fmt: skip

    @property
    def location(self):
        """The resolved location (None when empty or unknown)."""
        return self.form.cleaned_data.get("near") if self.is_bound and not self.errors.get("near") else None

    @property
    def search_radius_km(self):
        radius = self.form.cleaned_data.get("radius_km") if self.is_bound and not self.errors.get("radius_km") else None
        return radius or Decimal(DEFAULT_RADIUS_KM)

    def nearest_rows(self, fields=()):
        """The matches as rows (pk, distance_km, *fields), nearest first, as self.qs would give them,
        in InitiativeQuerySet.nearest_rows' one query; None unless the search is near a location and
        sorted by distance, or when nearest_rows declines (then self.qs has them)."""
        location = self.location
        if location is None or isinstance(location.point, RowPoint) or not self.sorts_by_distance():
            return None
        filtered = self.filter_without_location(self.queryset.all())
        return filtered.nearest_rows(
            location.point, float(self.search_radius_km), self._includes_online(), fields=fields
        )

    def sorts_by_distance(self):
        return (self.form.cleaned_data.get("sort") or "distance") == "distance"

    def _includes_online(self):
        chosen = self.form.cleaned_data.get("location_type")  # the chosen types already filter the rows
        return not chosen or Initiative.LocationType.ONLINE in chosen

    def filter_without_location(self, queryset):
        """Every filter but the location and the order (which filter_queryset and nearest_rows apply): a
        subclass with filters of its own adds them here."""
        return super().filter_queryset(queryset)

    def filter_queryset(self, queryset):
        queryset = self.filter_without_location(queryset)
        location = self.form.cleaned_data.get("near")
        sort = self.form.cleaned_data.get("sort") or "distance"
        if location is not None:
            queryset = queryset.reachable_from(
                location.point, float(self.search_radius_km), include_online=self._includes_online()
            )
        if sort == "date":
            return queryset.with_next_session().order_by(F("next_session_at").asc(nulls_last=True), "title", "pk")
        if sort == "title" or location is None:
            return queryset.order_by("title", "pk")
        return queryset.order_by(F("distance_km").asc(nulls_last=True), "title", "pk")

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset

    def filter_when(self, queryset, name, value):
        start, end = date_preset(value)
        return queryset.with_sessions_between(start, end) if start else queryset.none()

    def filter_text(self, queryset, name, value):
        return text_search(queryset, value)

    def filter_po_group(self, queryset, name, value):
        return queryset.for_po_group(int(value))

    def filter_vo_year(self, queryset, name, value):
        return queryset.for_vo_year(int(value))

    def filter_track(self, queryset, name, value):
        return queryset.filter(**{TRACK_FIELDS[value]: True})

    def filter_target_group(self, queryset, name, value):
        return queryset.filter(_through_exists("target_groups", [item.pk for item in value])) if value else queryset

    def filter_theme(self, queryset, name, value):
        return queryset.filter(_through_exists("themes", [item.pk for item in value])) if value else queryset

    def filter_language(self, queryset, name, value):
        return queryset.filter(_through_exists("languages", [value.pk]))

    def filter_free(self, queryset, name, value):
        return queryset.filter(is_free=True) if value else queryset

    def filter_bookable(self, queryset, name, value):
        return queryset.bookable_now() if value else queryset

    def filter_family(self, queryset, name, value):
        """For a parent with a child: what they do together ("ouder en kind samen"), or what welcomes parents
        (the flag, or aimed at parents) where a family can go: not booked here by a class or as a parents'
        evening (a family books only "ouder en kind samen" here; audience.py), not for parents alone."""
        if not value:
            return queryset
        links = Initiative.target_groups.through.objects.filter(initiative=OuterRef("pk"))
        for_parents = Q(Exists(links.filter(targetgroup__slug=PARENTS_SLUG)))
        parents_only = for_parents & ~Q(Exists(links.exclude(targetgroup__slug=PARENTS_SLUG)))
        welcoming = (Q(parents_welcome=True) | for_parents) & ~parents_only
        booked_here = Q(booking_mode=Initiative.BookingMode.BOOK_HERE)
        return queryset.filter(Q(is_family_activity=True) | (welcoming & ~booked_here))

    def filter_outside_school_hours(self, queryset, name, value):
        return queryset.filter(is_outside_school_hours=True) if value else queryset

    def filter_bus(self, queryset, name, value):
        return queryset.filter(bus_possible_q()) if value else queryset

    def filter_dates(self, queryset, name, value):
        # Both date fields end up here; apply the range once, on the first one that is set.
        start, end = self.form.cleaned_data.get("date_from"), self.form.cleaned_data.get("date_to")
        if name == "date_to" and start:
            return queryset
        return queryset.with_sessions_between(start, end)

    CHOICE_FACETS = {"activity_type": Initiative.ActivityType, "location_type": Initiative.LocationType}
    TERM_FACETS = {"target_group": "target_groups", "theme": "themes"}

    def facet_counts(self, ids, choice_rows=None):
        """Result counts per facet value for the matching ids (a list or a values("pk") subquery):
        at most two queries, whatever the number of results. choice_rows, when given, holds the
        matches' (activity_type, location_type) pairs: those facets are then counted without a query."""
        facets = {facet: {} for facet in self.TERM_FACETS}
        for facet, slug, number in self._term_counts(ids):
            facets[facet][slug] = number
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

    def _term_counts(self, ids):
        """(facet, slug, count) for every term facet, in ONE query written out: a UNION ALL of one
        grouped count per link table (the ORM's union of grouped querysets costs more to build than to run)."""
        quote = connection.ops.quote_name
        parts, params, names = [], [], list(self.TERM_FACETS)
        for index, relation in enumerate(self.TERM_FACETS.values()):
            m2m = Initiative._meta.get_field(relation)
            through = m2m.remote_field.through._meta
            table, term = quote(through.db_table), quote(m2m.related_model._meta.db_table)
            own = f"{table}.{quote(through.get_field(m2m.m2m_field_name()).column)}"
            link = f"{table}.{quote(through.get_field(m2m.m2m_reverse_field_name()).column)}"
            slug = f"{term}.{quote(m2m.related_model._meta.get_field('slug').column)}"
            condition, condition_params = _id_condition(own, ids)
            parts.append(  # quoted names only; the ids are parameters
                f"SELECT {index}, {slug}, COUNT({own}) FROM {table} "  # noqa: S608
                f"INNER JOIN {term} ON {term}.{quote('id')} = {link} WHERE {condition} GROUP BY {slug}"
            )
            params.extend(condition_params)
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            return [(names[index], slug, number) for index, slug, number in cursor.fetchall()]


def _id_condition(column, ids):
    """SQL (and its parameters) for column being one of ids: a list (on PostgreSQL one array parameter,
    as in _pk_in) or a values("pk") queryset (a subquery)."""
    if isinstance(ids, list):
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s)", [ids]
        if not ids:
            return "1 = 0", []
        return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)
    sql, params = ids.order_by().query.sql_with_params()
    return f"{column} IN ({sql})", list(params)


def date_preset(name, today=None):
    """(first day, last day) of a date preset: this week, this month or the (next) school holiday."""
    today = today or timezone.localdate()
    if name == "week":
        return today, today + datetime.timedelta(days=6 - today.weekday())
    if name == "month":
        return today, today.replace(day=calendar.monthrange(today.year, today.month)[1])
    holiday = next_holiday(today)
    if holiday is None:
        return None, None
    return max(today, holiday.first_day), holiday.last_day


def _pk_in(model, column, ids):
    """A filter on column being one of ids (a list or a subquery). On PostgreSQL a list goes as one
    array parameter (`= ANY(%s)`): thousands of literal ids cost more to send and plan than to count."""
    if isinstance(ids, list) and connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        sql = f"{quote(model._meta.db_table)}.{quote(column)} = ANY(%s)"
        return RawSQL(sql, (ids,), output_field=BooleanField())  # noqa: S611 (quoted names; ids are a parameter)
    return Q(**{f"{column}__in": ids})


# Words too common to narrow a search ("robots in de haven" means robots and haven).
STOP_WORDS = frozenset(
    ("de", "het", "een", "en", "in", "op", "van", "voor", "met", "bij", "aan", "te", "of", "om",
     "the", "a", "an", "and", "for", "at", "to")
)  # fmt: skip
# Dutch endings folded off a search word so that the word matches its other forms: "robots" finds
# "robot", "bouwen" finds "bouw", "lessen" finds "les". Longest first; a stem keeps four letters.
DUTCH_ENDINGS = ("heden", "ingen", "tjes", "jes", "ing", "en", "es", "je", "s", "e")


def _query_words(value):
    """The words of a free-text query that narrow it (at most ten)."""
    words = "".join(ch if ch.isalnum() else " " for ch in value.lower()).split()
    return [word for word in words if word not in STOP_WORDS][:10]


# Dutch writes compounds as one word ("ouderavond", "bedrijfsbezoek") where a text may say "avond voor
# ouders" or "bezoek aan een bedrijf". A long word that occurs nowhere in the published offer is also
# tried as two parts of at least COMPOUND_PART letters that must both occur (each as a word, stemmed;
# the first also without a linking "s"). A word that does occur is searched as it is. Bounded: words of at
# most MAX_COMPOUND letters, and only MAX_COMPOUND_WORDS of a query (ten 30-letter words made a query of
# 700,000 characters and 4 s at 20,000 initiatives; now 13,000 characters; ten 20-letter words ~0.75 s).
MIN_COMPOUND = 8
MAX_COMPOUND = 20
COMPOUND_PART = 4
MAX_COMPOUND_WORDS = 1


def _compound_parts(word):
    """("ouder", "avond") and the word's other two-part splits, as variants (tuples: every part must occur)."""
    if not MIN_COMPOUND <= len(word) <= MAX_COMPOUND or not word.isalpha():
        return ()
    splits = []
    for cut in range(COMPOUND_PART, len(word) - COMPOUND_PART + 1):
        head, tail = word[:cut], word[cut:]
        if head.endswith("s") and len(head) > COMPOUND_PART:
            head = head[:-1]  # "bedrijfs|bezoek": "bedrijf" and "bezoek"
        splits.append((head, _stems(tail)[0]))
    return tuple(dict.fromkeys(splits))


def _word_variants(words):
    """Each word's variants: its stems ("bibliotheken": "bibliothek" or "bibliotheek"), and for the first
    MAX_COMPOUND_WORDS long words its compound parts when none of the stems occurs in the published offer."""
    variants, split = [], 0
    for word in words:
        stems = _stems(word)
        parts = _compound_parts(word) if split < MAX_COMPOUND_WORDS else ()
        if parts:
            split += 1
        if parts and not _occurs_in_offer(catalog_stamp(), stems):
            stems += parts
        variants.append(stems)
    return variants


@functools.lru_cache(maxsize=1024)  # bounded: visitors type any word; a new catalogue version is a new key
def _occurs_in_offer(_stamp, variants):
    return Initiative.objects.published().filter(_word_matches(variants)).exists()


def _stems(word):
    for ending in DUTCH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            stem = word[: -len(ending)]
            break
    else:
        return (word,)
    if stem[-1] == stem[-2] and stem[-1] not in VOWELS:
        return (stem[:-1],)  # "lessen" -> "les", "programmeren" keeps "programmer"
    if stem[-1] not in VOWELS and stem[-2] in "aeou" and stem[-3] not in VOWELS:
        return (stem, stem[:-1] + stem[-2:])  # "bibliotheken": "bibliothek" or "bibliotheek"; "spelen": "spel"
    return (stem,)


VOWELS = "aeiouy"


def _word_matches(variants):
    """Initiatives where a variant of the word occurs in any searchable text (a variant that is a tuple
    of parts: every part, each anywhere)."""
    matches = Q()
    for variant in variants:
        if isinstance(variant, tuple):
            every_part = Q()
            for part in variant:
                every_part &= _text_contains(part)
            matches |= every_part
        else:
            matches |= _text_contains(variant)
    return matches


def _text_contains(word):
    """Initiatives where word occurs in title, summary, description, provider, theme, target group or place
    (themes and target groups also by their English names: the offer itself is written in Dutch), or names
    their kind of activity or place ("bedrijfsbezoek", "workshop", "online"). A number matches only as a
    whole number: "50" is not in "150 meter"."""
    kinds = Q()
    if word.isdigit():
        lookup, word = "iregex", f"(^|[^0-9]){word}([^0-9]|$)"  # digits only: nothing to escape
    else:
        lookup = "icontains"
        for field, choices in (("activity_type", Initiative.ActivityType), ("location_type", Initiative.LocationType)):
            named = _kinds_named(word, choices)
            if named:
                kinds |= Q(**{f"{field}__in": named})
    return (
        Q(**{f"title__{lookup}": word})
        | Q(**{f"summary__{lookup}": word})
        | Q(**{f"description__{lookup}": word})
        | Q(**{f"provider__name__{lookup}": word})
        | Q(**{f"place_name__{lookup}": word})
        | _term_named("themes", lookup, word)
        | _term_named("target_groups", lookup, word)
        | kinds
    )


def _term_named(relation, lookup, word):
    """Initiatives with a term of the relation (themes, target groups) whose Dutch or English name matches: one
    subquery for both names."""
    m2m = Initiative._meta.get_field(relation)
    term = m2m.m2m_reverse_field_name()
    named = Q(**{f"{term}__name__{lookup}": word}) | Q(**{f"{term}__name_en__{lookup}": word})
    return Exists(m2m.remote_field.through.objects.filter(named, initiative=OuterRef("pk")))


MIN_KIND_WORD = 3


def _kinds_named(word, choices):
    """The values of choices whose label, in Dutch or English, contains word (of at least MIN_KIND_WORD letters)."""
    if len(word) < MIN_KIND_WORD:
        return []
    return [value for value, labels in _choice_labels(choices) if any(word in label for label in labels)]


@functools.cache
def _choice_labels(choices):
    labels = []
    for value, label in choices.choices:
        with translation.override("nl"):
            dutch = str(label).lower()
        with translation.override("en"):
            english = str(label).lower()
        labels.append((value, (dutch, english)))
    return labels


def text_search(queryset, value):
    """Free text: every word must occur somewhere (stems, so Dutch word forms match; the parts of a compound
    the offer does not hold, see _compound_parts). PostgreSQL adds
    Dutch full-text search and trigram similarity for typos; it finds at least what SQLite finds."""
    words = _query_words(value)
    if not words:
        return queryset
    every_word = Q()
    for variants in _word_variants(words):
        every_word &= _word_matches(variants)
    if connection.vendor != "postgresql":
        return queryset.filter(every_word)
    return queryset.filter(every_word | _postgres_text_match(value))


def _postgres_text_match(value):
    """Dutch full text on title, summary and description, or (one word) a title word that looks like it (a typo)."""
    from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordSimilarity

    vector = (
        SearchVector("title", weight="A", config="dutch")
        + SearchVector("summary", weight="B", config="dutch")
        + SearchVector("description", weight="C", config="dutch")
    )
    query = SearchQuery(value, config="dutch", search_type="websearch")
    match = Q(Exists(Initiative.objects.annotate(text_match=vector).filter(pk=OuterRef("pk"), text_match=query)))
    if len(value.split()) == 1:  # a typo in one word; several words would match a title on any one of them
        similar = Initiative.objects.annotate(similarity=TrigramWordSimilarity(value, "title"))
        match |= Q(Exists(similar.filter(pk=OuterRef("pk"), similarity__gte=0.5)))
    return match


PRACTICE_LEVEL_HELP = [(level, label, PRACTICE_LEVEL_EXPLANATIONS[level]) for level, label in PracticeLevel.choices]
