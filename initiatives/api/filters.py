"""What the API accepts beyond the search page: the same InitiativeFilter, plus `bbox`, `sort` and
`updated_since`, strict booleans, and the sessions endpoint's own filters (`start`, `end`)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campuses.geo import distance_expression
from initiatives.filters import InitiativeFilter
from initiatives.models import Session

TRUE_VALUES = ("true", "1", "on", "yes")
FALSE_VALUES = ("false", "0", "off", "no")


class StrictBooleanField(forms.Field):
    """true/false (also 1/0, on/off, yes/no); anything else is an error, not "true"."""

    widget = forms.TextInput

    def to_python(self, value):
        text = str(value or "").strip().lower()
        if text in ("",):
            return None
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
        raise ValidationError(_("Gebruik true of false."), code="invalid_boolean")


class BoundingBoxField(forms.CharField):
    """`west,south,east,north` in degrees (WGS84, the GeoJSON order), cleaned to that tuple of floats."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            west, south, east, north = (float(part) for part in text.split(","))
        except ValueError:
            raise ValidationError(
                _("Gebruik bbox=west,zuid,oost,noord in graden, bijvoorbeeld 4.2,51.8,4.6,52.1."), code="invalid_bbox"
            ) from None
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise ValidationError(_("De bbox moet west < oost en zuid < noord hebben."), code="invalid_bbox")
        return west, south, east, north


def bounding_box_filter(box, prefix=""):
    """Rows whose point lies inside box (west, south, east, north)."""
    west, south, east, north = box
    return Q(
        **{
            f"{prefix}latitude__gte": south,
            f"{prefix}latitude__lte": north,
            f"{prefix}longitude__gte": west,
            f"{prefix}longitude__lte": east,
        }
    )


class BoundingBoxFilter(django_filters.Filter):
    field_class = BoundingBoxField

    def filter(self, qs, value):
        return qs.filter(bounding_box_filter(value)) if value else qs


INITIATIVE_SORTS = {
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "distance": (F("distance_km").asc(nulls_last=True), "title", "pk"),
    "next_session": (F("next_session_at").asc(nulls_last=True), "title", "pk"),
    "updated_at": ("updated_at", "pk"),
    "-updated_at": ("-updated_at", "-pk"),
}


def _sort_filter(choices, help_text):
    return django_filters.ChoiceFilter(
        choices=[(value, value) for value in choices], method="filter_sort", label=_("Sortering"), help_text=help_text
    )


class ApiFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("sort") == "distance" and not data.get("near") and "near" not in self.errors:
            self.add_error("sort", ValidationError(_("sort=distance werkt alleen met near."), code="needs_near"))
        return data


class ApiInitiativeFilter(InitiativeFilter):
    bbox = BoundingBoxFilter(label=_("Kader"))
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Gewijzigd sinds")
    )
    sort = _sort_filter(INITIATIVE_SORTS, "")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.BooleanFilter):
                filter_.field_class = StrictBooleanField
                filter_.extra.pop("widget", None)

    def filter_sort(self, queryset, name, value):
        return queryset  # ordering is applied last, in filter_queryset

    def sorts_by_distance(self):
        return self.form.cleaned_data.get("sort") in (None, "", "distance")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort")
        if not sort:
            return queryset
        if sort == "next_session":
            queryset = queryset.with_next_session()
        return queryset.order_by(*INITIATIVE_SORTS[sort])

    class Meta(InitiativeFilter.Meta):
        form = ApiFilterForm


SESSION_SORTS = {
    "starts_at": ("starts_at", "pk"),
    "-starts_at": ("-starts_at", "-pk"),
    "distance": (F("distance_km").asc(nulls_last=True), "starts_at", "pk"),
    "updated_at": ("updated_at", "pk"),
    "-updated_at": ("-updated_at", "-pk"),
}


class SessionFilter(django_filters.FilterSet):
    """The sessions endpoint's own parameters; every other parameter filters their initiatives
    (ApiInitiativeFilter). Cancelled sessions are listed too, with their status."""

    start = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte", label=_("Begint op of na"))
    end = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt", label=_("Begint voor"))
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Gewijzigd sinds")
    )
    sort = _sort_filter(SESSION_SORTS, "")

    class Meta:
        model = Session
        fields = []

    OWN = ("start", "end", "updated_since", "sort")

    def __init__(self, data, *, initiative_filter, **kwargs):
        self.initiative_filter = initiative_filter
        super().__init__(data, queryset=Session.objects.all(), **kwargs)

    @property
    def location(self):
        return self.initiative_filter.location

    def filter_sort(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("start"):
            queryset = queryset.filter(starts_at__gte=timezone.now())
        queryset = super().filter_queryset(queryset).filter(initiative__in=self.initiative_filter.qs.values("pk"))
        if self.location is not None:
            queryset = queryset.annotate(distance_km=distance_expression(self.location.point, prefix="initiative__"))
        sort = self.form.cleaned_data.get("sort") or "starts_at"
        if sort == "distance" and self.location is None:
            sort = "starts_at"
        return queryset.order_by(*SESSION_SORTS[sort])
