"""The booking form for teachers (no account)."""

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from campuses.geo import Point, normalize_name
from campuses.models import School

from ..models import Booking, Initiative, Session
from ..templatetags.booking_tags import session_when

MAX_SCHOOL_CANDIDATES = 12

# format_lazy keeps the labels translatable: they are built at import time, translated per request.
PO_GROUPS = [("", _("Kies een groep"))] + [(n, format_lazy(_("groep {n}"), n=n)) for n in range(1, 9)]
VO_YEARS = [("", _("Kies een leerjaar"))] + [(n, format_lazy(_("leerjaar {n}"), n=n)) for n in range(1, 7)]


def find_schools(query, near=None, *, suggest=False):
    """Schools matching a name (every word), a place, a BRIN code or a branch code; nearest to `near` first.

    Whole-word matches win: "De Boog Rotterdam" means De Boog, not De Regenboog. Suggestions
    (`suggest=True`) list the partial matches after them instead of dropping them.
    """
    text = (query or "").strip()
    if len(text) < 2:
        return []
    exact = list(School.objects.filter(Q(code__iexact=text.replace(" ", "")) | Q(brin__iexact=text))[:2])
    if len(exact) == 1:
        return exact
    words = normalize_name(text).split()
    matches = School.objects.all()
    for word in words:
        matches = matches.filter(Q(search_name__contains=word) | Q(place_name__icontains=word) | Q(brin__iexact=word))
    candidates = list(matches.order_by("name", "place_name")[:200])
    if near is not None:
        candidates.sort(key=lambda school: school.point.distance_km(near))
    whole = [school for school in candidates if set(words) <= set(_words_of(school))]
    partial = [school for school in candidates if school not in whole]
    found = whole + partial if suggest else (whole or partial)
    return found[: MAX_SCHOOL_CANDIDATES + 1]


def school_label(school):
    """How a school is suggested and typed back: "De Boog (12DY), Rotterdam" (the BRIN code makes it unique)."""
    return f"{school.name} ({school.brin}), {school.place_name}"


def _words_of(school):
    return f"{school.search_name} {normalize_name(school.place_name)} {school.brin.lower()}".split()


class SingleChoiceRadioSelect(forms.RadioSelect):
    """Radio buttons for a multiple-choice field that needs exactly one pick (a list of one in the data)."""

    allow_multiple_selected = True


class SessionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, session):
        if session.seats_left <= 0:
            return _("%(when)s · vol: aanmelden voor de wachtlijst") % {"when": session_when(session)}
        return _("%(when)s · %(left)s plaatsen vrij") % {"when": session_when(session), "left": session.seats_left}


class BookingForm(forms.Form):
    # Order here is the order on the page.
    sessions = SessionChoiceField(
        label=_("Datum"), queryset=Session.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    preferred_periods = forms.CharField(
        label=_("Wanneer zou het jullie passen?"),
        help_text=_("Noem een paar weken of dagen, bijvoorbeeld: 'dinsdagen in maart' of 'week 12 of 14'."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    school_query = forms.CharField(
        label=_("School"),
        help_text=_("Typ de naam van de school en eventueel de plaats, of de BRIN-code (bijvoorbeeld 12AB)."),
        max_length=250,
        required=False,
    )
    school = forms.IntegerField(required=False, widget=forms.HiddenInput)
    school_not_listed = forms.BooleanField(label=_("Mijn school staat niet in de lijst"), required=False)
    school_name = forms.CharField(label=_("Naam van de school"), max_length=250, required=False)
    school_place = forms.CharField(label=_("Plaats van de school"), max_length=100, required=False)
    school_level = forms.ChoiceField(
        label=_("Soort onderwijs"), choices=Booking.SchoolLevel.choices, widget=forms.RadioSelect
    )
    po_group = forms.TypedChoiceField(
        label=_("Groep (basisonderwijs)"), choices=PO_GROUPS, coerce=int, empty_value=None, required=False
    )
    vo_year = forms.TypedChoiceField(
        label=_("Leerjaar (voortgezet onderwijs)"), choices=VO_YEARS, coerce=int, empty_value=None, required=False
    )
    vo_track = forms.ChoiceField(
        label=_("Niveau (voortgezet onderwijs)"),
        choices=[("", _("Kies een niveau"))] + list(Booking.Track.choices),
        required=False,
    )
    class_name = forms.CharField(
        label=_("Naam van de klas"), help_text=_("Niet verplicht, bijvoorbeeld 7B."), max_length=30, required=False
    )
    pupils = forms.IntegerField(label=_("Aantal leerlingen"), min_value=1, max_value=250)
    adults = forms.IntegerField(
        label=_("Aantal begeleiders"),
        help_text=_("Leraren en ouders die meegaan."),
        min_value=0,
        max_value=40,
        initial=0,
    )
    teacher_name = forms.CharField(
        label=_("Je naam"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        help_text=_("Hierheen sturen we de bevestiging en de link om je boeking te bekijken of te annuleren."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.RegexField(
        label=_("Je telefoonnummer"),
        help_text=_("Voor als er op de dag iets verandert."),
        regex=r"^\+?[0-9 ()-]{8,20}$",
        error_messages={"invalid": _("Vul een telefoonnummer in, bijvoorbeeld 010 123 45 67.")},
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    special_needs = forms.CharField(
        label=_("Bijzonderheden en ondersteuning"),
        help_text=_("Bijvoorbeeld een rolstoel, allergieën of extra begeleiding. Noem geen namen van leerlingen."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    remarks = forms.CharField(
        label=_("Opmerkingen"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    bus_requested = forms.BooleanField(label=_("Ik vraag gratis busvervoer aan"), required=False)
    pickup_address = forms.CharField(
        label=_("Ophaaladres van de bus"),
        help_text=_("Leeg laten: de bus haalt jullie op bij het adres van de school."),
        max_length=250,
        required=False,
    )
    privacy_consent = forms.BooleanField(
        label=_("Ik ga akkoord met de privacyverklaring"),
        error_messages={"required": _("Geef aan dat je akkoord gaat met de privacyverklaring.")},
    )
    # Honeypot: hidden from people with CSS, filled in by simple bots.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, initiative, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        self.now = now or timezone.now()
        self.school_candidates = []
        self.resolved_school = None
        if initiative.sessions_required > 1:
            self.fields["sessions"].label = _("Datums (kies er %(count)s)") % {"count": initiative.sessions_required}
        else:
            self.fields["sessions"].widget = SingleChoiceRadioSelect()
        # The queryset is set after the widget, so the widget gets its choices from it.
        sessions = [s for s in self.bookable_sessions() if s.is_bookable(self.now)]
        self.fields["sessions"].queryset = Session.objects.filter(pk__in=[s.pk for s in sessions]).with_seats_taken()
        self.has_fixed_dates = bool(sessions) or initiative.sessions.upcoming(self.now).exists()
        self.fields["sessions"].required = self.has_fixed_dates
        self.fields["sessions"].error_messages["required"] = _("Kies een datum.")
        if not initiative.offers_bus_transport:
            del self.fields["bus_requested"], self.fields["pickup_address"]
        # static/js/booking.js turns this into a suggestion list; without JavaScript the server looks the name up.
        suggest_url = f"{reverse('initiatives:school-suggestions')}?bij={initiative.pk}"
        self.fields["school_query"].widget.attrs["data-suggest-url"] = suggest_url

    def full_clean(self):
        super().full_clean()
        # Point assistive technology at each field's error message.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = [f"id_{name}_error"] + ([f"id_{name}_helptext"] if self.fields[name].help_text else [])
                attrs["aria-describedby"] = " ".join(described)

    def bookable_sessions(self):
        upcoming = self.initiative.sessions.upcoming(self.now).select_related("initiative")
        return upcoming.with_seats_taken().order_by("starts_at")

    def clean_sessions(self):
        sessions = self.cleaned_data["sessions"]
        if isinstance(sessions, Session):
            sessions = [sessions]
        sessions = list(sessions or [])
        required = self.initiative.sessions_required
        if self.has_fixed_dates and len(sessions) != required:
            if required == 1:
                raise forms.ValidationError(_("Kies een datum."))
            raise forms.ValidationError(_("Kies %(count)s datums.") % {"count": required})
        return sessions

    def clean_preferred_periods(self):
        value = self.cleaned_data["preferred_periods"].strip()
        if not self.has_fixed_dates and not value:
            raise forms.ValidationError(_("Schrijf op wanneer het jullie zou passen."))
        return value

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Laat dit veld leeg."))
        return ""

    def clean(self):
        cleaned = super().clean()
        self._clean_school(cleaned)
        self._clean_group(cleaned)
        return cleaned

    def _clean_school(self, cleaned):
        chosen = cleaned.get("school")
        if chosen:
            self.resolved_school = School.objects.filter(pk=chosen).first()
        if self.resolved_school is None and not cleaned.get("school_not_listed"):
            self.school_candidates = find_schools(cleaned.get("school_query"), near=Point.of(self.initiative))
            if len(self.school_candidates) == 1:
                self.resolved_school = self.school_candidates[0]
        if self.resolved_school is not None:
            self.school_candidates = self.school_candidates or [self.resolved_school]
            cleaned["school_query"] = self.resolved_school.name
            return
        if cleaned.get("school_not_listed"):
            if not cleaned.get("school_name"):
                self.add_error("school_name", _("Vul de naam van de school in."))
            if not cleaned.get("school_place"):
                self.add_error("school_place", _("Vul de plaats van de school in."))
        elif not cleaned.get("school_query"):
            self.add_error("school_query", _("Vul de naam van de school in."))
        elif len(self.school_candidates) > MAX_SCHOOL_CANDIDATES:
            self.school_candidates = []
            self.add_error(
                "school_query", _("Er lijken te veel scholen op. Typ ook de plaats, bijvoorbeeld 'Regenboog Delft'.")
            )
        elif self.school_candidates:
            self.add_error("school_query", _("Er zijn meer scholen die hierop lijken. Kies je school uit de lijst."))
        else:
            self.add_error(
                "school_query",
                _("We vinden deze school niet. Controleer de naam, of kies 'Mijn school staat niet in de lijst'."),
            )

    def _clean_group(self, cleaned):
        level = cleaned.get("school_level")
        if level == Booking.SchoolLevel.PO and not cleaned.get("po_group"):
            self.add_error("po_group", _("Kies de groep."))
        if level == Booking.SchoolLevel.VO:
            if not cleaned.get("vo_year"):
                self.add_error("vo_year", _("Kies het leerjaar."))
            if not cleaned.get("vo_track"):
                self.add_error("vo_track", _("Kies het niveau."))
        pupils = cleaned.get("pupils")
        initiative = self.initiative
        if pupils and initiative.group_size_min and pupils < initiative.group_size_min:
            self.add_error(
                "pupils",
                _("Deze activiteit is voor groepen vanaf %(n)s leerlingen.") % {"n": initiative.group_size_min},
            )
        if pupils and initiative.group_size_max and pupils > initiative.group_size_max:
            self.add_error(
                "pupils", _("Deze activiteit is voor groepen tot %(n)s leerlingen.") % {"n": initiative.group_size_max}
            )

    def booking_details(self, language):
        """The Booking field values for services.book()."""
        data = self.cleaned_data
        is_po = data["school_level"] == Booking.SchoolLevel.PO
        school = self.resolved_school
        return {
            "school": school,
            "school_name": "" if school else data["school_name"],
            "school_place": "" if school else data["school_place"],
            "school_level": data["school_level"],
            "po_group": data["po_group"] if is_po else None,
            "vo_year": None if is_po else data["vo_year"],
            "vo_track": "" if is_po else data["vo_track"],
            "class_name": data["class_name"],
            "pupils": data["pupils"],
            "adults": data["adults"] or 0,
            "teacher_name": data["teacher_name"],
            "email": data["email"],
            "phone": data["phone"],
            "remarks": data["remarks"],
            "special_needs": data["special_needs"],
            "preferred_periods": "" if data["sessions"] else data["preferred_periods"],
            "language": language if language in dict(Booking._meta.get_field("language").choices) else "nl",
        }

    def bus_pickup_address(self):
        """None when no bus was asked for; "" means the school's address."""
        if not self.cleaned_data.get("bus_requested"):
            return None
        return self.cleaned_data.get("pickup_address", "")


class DecisionForm(forms.Form):
    """Admin: a message sent along with a bulk confirm or decline."""

    message = forms.CharField(
        label=_("Bericht aan de leraar"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000
    )


def initiative_is_bookable_here(initiative):
    return initiative.booking_mode == Initiative.BookingMode.BOOK_HERE
