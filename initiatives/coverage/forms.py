from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from campuses.models import Campus
from portal.schoolyear import SchoolYear

DEFAULT_DISTANCE_KM = Decimal("10")


def school_year_choices():
    current = SchoolYear.current().start_year
    return [(str(year), str(SchoolYear(year))) for year in range(current - 3, current + 2)]


class DashboardFilterForm(forms.Form):
    """The dashboard's GET filters; invalid values fall back to the defaults."""

    campus = forms.ModelChoiceField(
        label=_("Campus"),
        queryset=Campus.objects.filter(is_active=True).order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=None,
    )
    jaar = forms.TypedChoiceField(
        label=_("Schooljaar"),
        help_text=_("1 augustus tot en met 31 juli; telt voor sessies en boekingen."),
        coerce=int,
        required=False,
    )
    afstand = forms.DecimalField(
        label=_("Afstand school tot initiatief (km)"),
        help_text=_(
            "Een school heeft passend aanbod dichtbij als er binnen deze afstand een activiteit voor haar niveau is."
        ),
        min_value=Decimal("0.5"),
        max_value=Decimal("50"),
        decimal_places=1,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )

    bezoeken = forms.BooleanField(
        label=_("Schoolbezoeken meetellen als aanbod"),
        help_text=_(
            "Een school telt dan ook als gedekt als een activiteit die naar school komt haar bereikt. Standaard uit: "
            "een bezoekprogramma kan niet elke school in zijn straal bezoeken."
        ),
        required=False,
    )

    def __init__(self, data=None, *, campuses=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["jaar"].choices = school_year_choices()
        if campuses is not None:
            self.fields["campus"].queryset = campuses

    def filters(self):
        """(campus or None, SchoolYear, distance in km, include visits) from valid input, defaults for the rest."""
        cleaned = {}
        if self.is_bound:
            self.is_valid()
            cleaned = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        year = cleaned.get("jaar")
        distance = cleaned.get("afstand") or DEFAULT_DISTANCE_KM
        year = SchoolYear(year) if year else SchoolYear.current()
        return cleaned.get("campus"), year, float(distance), bool(cleaned.get("bezoeken"))
