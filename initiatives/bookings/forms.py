"""The booking form for teachers (no account)."""

from urllib.parse import urlencode

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from campuses.geo import Point
from campuses.schools import MAX_SCHOOL_CANDIDATES, find_schools, school_by_code, school_label

from ..models import Session
from ..templatetags.booking_tags import seats_left_text, session_when
from .audience import is_for_parents
from .bus_reach import bus_possible
from .models import Booking
from .seats import with_seats_taken
from .services import bus_eligibility, class_level_errors

# format_lazy keeps the labels translatable: they are built at import time, translated per request.
PO_GROUPS = [("", _("Kies een groep"))] + [(n, format_lazy(_("groep {n}"), n=n)) for n in range(1, 9)]
VO_YEARS = [("", _("Kies een leerjaar"))] + [(n, format_lazy(_("leerjaar {n}"), n=n)) for n in range(1, 7)]


def _required(message):
    """Error messages for a required field: say which one, not five times "Dit veld is verplicht."."""
    return {"required": message}


class MarksFullSessions:
    """Each date's input says whether it is full (data-full): static/js/booking.js then names the button
    "Op de wachtlijst" instead of "Boeken" as soon as a full date is picked."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        session = getattr(value, "instance", None)
        if session is not None and session.seats_left <= 0:
            option["attrs"]["data-full"] = "true"
        return option


class SessionCheckboxes(MarksFullSessions, forms.CheckboxSelectMultiple):
    pass


class SingleChoiceRadioSelect(MarksFullSessions, forms.RadioSelect):
    """Radio buttons for a multiple-choice field that needs exactly one pick (a list of one in the data)."""

    allow_multiple_selected = True


class SessionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, session):
        if session.seats_left <= 0:
            return _("%(when)s · vol: aanmelden voor de wachtlijst") % {"when": session_when(session)}
        return f"{session_when(session)} · {seats_left_text(session, session.initiative.capacity_unit)}"


class MarksInvalidFields:
    """After validation, point assistive technology at each field's error message (and its help)."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = [f"id_{name}_error"] + ([f"id_{name}_helptext"] if self.fields[name].help_text else [])
                attrs["aria-describedby"] = " ".join(described)


class BaseBookingForm(MarksInvalidFields, forms.Form):
    """What a class booking and a family sign-up share: dates, contact, privacy, the honeypot."""

    sessions = SessionChoiceField(
        label=_("Datum"), queryset=Session.objects.none(), widget=SessionCheckboxes, required=False
    )
    preferred_periods = forms.CharField(
        label=_("Wanneer zou het jullie passen?"),
        help_text=_("Noem een paar weken of dagen, bijvoorbeeld: 'dinsdagen in maart' of 'week 12 of 14'."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    teacher_name = forms.CharField(
        label=_("Je naam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages=_required(_("Vul je naam in.")),
    )
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        help_text=_("Hierheen sturen we de bevestiging en de link om je boeking te bekijken of te annuleren."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Vul je e-mailadres in."),
            "invalid": _("Vul een e-mailadres in zoals naam@voorbeeld.nl."),
        },
    )
    phone = forms.RegexField(
        label=_("Je telefoonnummer"),
        help_text=_("Voor als er op de dag iets verandert."),
        regex=r"^\+?[0-9 ()-]{8,20}$",
        error_messages={
            "required": _("Vul je telefoonnummer in."),
            "invalid": _("Vul een telefoonnummer in, bijvoorbeeld 010 123 45 67."),
        },
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
    privacy_consent = forms.BooleanField(
        label=_("Ik ga akkoord met de privacyverklaring"),
        error_messages=_required(_("Geef aan dat je akkoord gaat met de privacyverklaring.")),
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
        if initiative.sessions_required > 1:
            self.fields["sessions"].label = _("Datums (kies er %(count)s)") % {"count": initiative.sessions_required}
        else:
            self.fields["sessions"].widget = SingleChoiceRadioSelect()
        # The queryset is set after the widget, so the widget gets its choices from it.
        sessions = [s for s in self.bookable_sessions() if s.is_bookable(self.now)]
        queryset = with_seats_taken(Session.objects.filter(pk__in=[s.pk for s in sessions]))
        self.fields["sessions"].queryset = queryset.select_related("initiative")
        self.has_fixed_dates = bool(sessions) or initiative.sessions.upcoming(self.now).exists()
        self.fields["sessions"].required = self.has_fixed_dates
        self.fields["sessions"].error_messages["required"] = _("Kies een datum.")

    @property
    def joins_waitlist(self):
        """Whether this form puts the booker on the waitlist: the dates picked (or, with none picked yet,
        every date there is) are full. The heading, the button and the e-mail then say so."""
        sessions = {str(session.pk): session for session in self.fields["sessions"].queryset}
        if not sessions:
            return False
        picked = self.data.getlist("sessions") if self.is_bound else self.initial.get("sessions") or []
        chosen = [sessions[str(pk)] for pk in picked if str(pk) in sessions] or list(sessions.values())
        return all(session.seats_left <= 0 for session in chosen)

    def bookable_sessions(self):
        upcoming = self.initiative.sessions.upcoming(self.now).select_related("initiative")
        return with_seats_taken(upcoming).order_by("starts_at")

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

    def contact_details(self, language):
        data = self.cleaned_data
        return {
            "teacher_name": data["teacher_name"],
            "email": data["email"],
            "phone": data.get("phone", ""),
            "remarks": data["remarks"],
            "special_needs": data["special_needs"],
            "preferred_periods": "" if data["sessions"] else data["preferred_periods"],
            "language": language if language in dict(Booking._meta.get_field("language").choices) else "nl",
        }


class BookingForm(BaseBookingForm):
    """A teacher books for a class: the school, the group and how many pupils come."""

    school_query = forms.CharField(
        label=_("School"),
        help_text=_(
            "Typ de naam van de school en eventueel de plaats of straat, of de BRIN-code (bijvoorbeeld 12AB). "
            "Kies daarna je vestiging."
        ),
        max_length=250,
        required=False,
    )
    # The branch code: "picked_school" from the picker (JavaScript, or carried from the search), honoured while
    # the text still is that school's label; "school" from the radio list the server offers without JavaScript.
    picked_school = forms.CharField(required=False, max_length=8, widget=forms.HiddenInput)
    school = forms.CharField(required=False, max_length=8, widget=forms.HiddenInput)
    school_not_listed = forms.BooleanField(label=_("Mijn school staat niet in de lijst"), required=False)
    school_name = forms.CharField(label=_("Naam van de school"), max_length=250, required=False)
    school_place = forms.CharField(label=_("Plaats van de school"), max_length=100, required=False)
    school_level = forms.ChoiceField(
        label=_("Soort onderwijs"),
        help_text=_("Kies je een school uit de lijst, dan vullen we dit voor je in."),
        choices=Booking.SchoolLevel.choices,
        widget=forms.RadioSelect,
        required=False,
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
    pupils = forms.IntegerField(
        label=_("Aantal leerlingen"),
        min_value=1,
        max_value=250,
        error_messages={
            "required": _("Vul het aantal leerlingen in."),
            "invalid": _("Vul het aantal leerlingen in als getal, bijvoorbeeld 25."),
            "min_value": _("Er komt minstens 1 leerling."),
            "max_value": _("Boek voor hoogstens 250 leerlingen tegelijk."),
        },
    )
    adults = forms.IntegerField(
        label=_("Aantal begeleiders"),
        help_text=_("Leraren en ouders die meegaan."),
        min_value=0,
        max_value=40,
        initial=0,
        error_messages={
            "required": _("Vul het aantal begeleiders in (0 mag)."),
            "invalid": _("Vul het aantal begeleiders in als getal, bijvoorbeeld 2."),
            "min_value": _("Het aantal begeleiders kan niet negatief zijn."),
            "max_value": _("Boek voor hoogstens 40 begeleiders."),
        },
    )
    bus_requested = forms.BooleanField(label=_("Ik vraag gratis busvervoer aan"), required=False)
    pickup_address = forms.CharField(
        label=_("Ophaaladres van de bus"),
        help_text=_("Leeg laten: de bus haalt jullie op bij het adres van de school."),
        max_length=250,
        required=False,
    )

    field_order = [
        "sessions",
        "preferred_periods",
        "school_query",
        "picked_school",
        "school",
        "school_not_listed",
        "school_name",
        "school_place",
        "school_level",
        "po_group",
        "vo_year",
        "vo_track",
        "class_name",
        "pupils",
        "adults",
        "teacher_name",
        "email",
        "phone",
        "special_needs",
        "remarks",
        "bus_requested",
        "pickup_address",
        "privacy_consent",
    ]

    def __init__(self, *args, initiative, now=None, **kwargs):
        super().__init__(*args, initiative=initiative, now=now, **kwargs)
        self.school_candidates = []
        self.resolved_school = None
        if not bus_possible(initiative):
            del self.fields["bus_requested"], self.fields["pickup_address"]
        if initiative.group_size_max:
            _limit_to_group_size(self.fields["pupils"], initiative.group_size_max)
        # static/js/school-picker.js turns this into a combobox; without JavaScript the server looks the name up.
        attrs = self.fields["school_query"].widget.attrs
        attrs["data-school-picker"] = ""
        attrs["data-code-field"] = "picked_school"
        attrs["data-schools-url"] = f"{reverse('api:schools')}?{urlencode({'initiative': initiative.slug})}"
        attrs["autocomplete"] = "off"
        attrs["data-list-label"] = _("Scholen die passen")
        attrs["data-count-text"] = _("{count} scholen gevonden. Kies met de pijltjestoetsen en Enter.")
        attrs["data-one-text"] = _("1 school gevonden. Kies met de pijltjestoetsen en Enter.")
        attrs["data-none-text"] = _("Geen school gevonden.")
        if bus_possible(initiative):
            attrs["data-bus-url"] = reverse("initiatives:bus-eligibility", kwargs={"slug": initiative.slug})

    @classmethod
    def initial_for_school(cls, code):
        """Initial values for a school carried over from the search page (its branch code)."""
        school = school_by_code(code)
        if school is None:
            return {}
        return {"school_query": school_label(school), "picked_school": school.code, "school_level": school.kind}

    def clean(self):
        cleaned = super().clean()
        self._clean_school(cleaned)
        self._clean_group(cleaned)
        return cleaned

    def _clean_school(self, cleaned):
        if not cleaned.get("school_not_listed"):
            picked = school_by_code(cleaned.get("picked_school"))
            if picked and school_label(picked) == (cleaned.get("school_query") or "").strip():
                self.resolved_school = picked
            elif cleaned.get("school"):
                self.resolved_school = school_by_code(cleaned["school"])
        if self.resolved_school is None and not cleaned.get("school_not_listed"):
            self.school_candidates = find_schools(cleaned.get("school_query"), near=Point.of(self.initiative))
            if len(self.school_candidates) == 1:
                self.resolved_school = self.school_candidates[0]
        if self.resolved_school is not None:
            self.school_candidates = self.school_candidates or [self.resolved_school]
            cleaned["school_query"] = school_label(self.resolved_school)
            # The level follows from the school: a po branch is basisonderwijs, a vo branch voortgezet.
            cleaned["school_level"] = self.resolved_school.kind
            return
        if cleaned.get("school_not_listed"):
            if not cleaned.get("school_name"):
                self.add_error("school_name", _("Vul de naam van de school in."))
            if not cleaned.get("school_place"):
                self.add_error("school_place", _("Vul de plaats van de school in."))
            if not cleaned.get("school_level"):
                self.add_error("school_level", _("Kies het soort onderwijs: basisonderwijs of voortgezet."))
        elif not cleaned.get("school_query"):
            self.add_error("school_query", _("Vul de naam van de school in."))
        elif len(self.school_candidates) > MAX_SCHOOL_CANDIDATES:
            self.school_candidates = []
            self.add_error(
                "school_query", _("Er lijken te veel scholen op. Typ ook de plaats, bijvoorbeeld 'Regenboog Delft'.")
            )
        elif self.school_candidates:
            self.add_error("school_query", _("Er zijn meer scholen die hierop lijken. Kies je vestiging uit de lijst."))
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
        self._clean_class_level(cleaned)
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

    def _clean_class_level(self, cleaned):
        """A group, year or track the activity is not for is refused at its field, saying what the activity is for."""
        names = ("school_level", "po_group", "vo_year", "vo_track")
        errors = class_level_errors(self.initiative, **{name: cleaned.get(name) for name in names})
        for field, message in errors.items():
            if field == "school_level" and self.resolved_school is not None:
                field = "school_query"  # the level follows from the school chosen
            self.add_error(field, message)

    def bus_answer(self):
        """The bus eligibility answer for the school chosen so far (the no-JavaScript path), or None."""
        if "bus_requested" not in self.fields:
            return None
        school = self.resolved_school or (
            school_by_code(self.initial.get("picked_school")) if not self.is_bound else None
        )
        if school is None:
            return None
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return bus_eligibility(self.initiative, school, data)

    def booking_details(self, language):
        """The Booking field values for services.book()."""
        data = self.cleaned_data
        is_po = data["school_level"] == Booking.SchoolLevel.PO
        school = self.resolved_school
        return {
            **self.contact_details(language),
            "kind": Booking.Kind.CLASS,
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
        }

    def bus_pickup_address(self):
        """None when no bus was asked for; "" means the school's address."""
        if not self.cleaned_data.get("bus_requested"):
            return None
        return self.cleaned_data.get("pickup_address", "")


def _limit_to_group_size(field, maximum):
    """The pupils field's maximum is the activity's group size, not the form's general bound: in its validator,
    its error message ("tot 30 leerlingen" for any number over 30) and the browser's max attribute."""
    message = _("Deze activiteit is voor groepen tot %(max)s leerlingen.") % {"max": maximum}
    field.max_value = maximum
    field.validators = [v for v in field.validators if not isinstance(v, MaxValueValidator)] + [
        MaxValueValidator(maximum)
    ]
    field.widget.attrs["max"] = maximum
    field.error_messages["max_value"] = message


def _allow_no_children(field):
    """At a parents' evening an adult may come alone: the number of children may be 0 (never negative)."""
    field.min_value = 0
    field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator)] + [MinValueValidator(0)]
    field.widget.attrs["min"] = 0
    field.error_messages["min_value"] = _("Het aantal kinderen kan niet negatief zijn.")


class FamilyBookingForm(BaseBookingForm):
    """A parent signs up the family: who comes, no school."""

    children = forms.IntegerField(
        label=_("Aantal kinderen"),
        min_value=1,
        max_value=10,
        error_messages={
            "required": _("Vul in hoeveel kinderen er meedoen."),
            "invalid": _("Vul het aantal kinderen in als getal, bijvoorbeeld 2."),
            "min_value": _("Er doet minstens 1 kind mee."),
            "max_value": _("Meld hoogstens 10 kinderen tegelijk aan."),
        },
    )
    children_ages = forms.CharField(
        label=_("Leeftijd of groep van de kinderen"),
        help_text=_("Bijvoorbeeld: 9 en 12 jaar, of groep 6."),
        max_length=100,
        error_messages=_required(_("Vul de leeftijd of groep van de kinderen in.")),
    )
    adults = forms.IntegerField(
        label=_("Aantal volwassenen"),
        help_text=_("Ouders of verzorgers die meedoen."),
        min_value=1,
        max_value=10,
        initial=1,
        error_messages={
            "required": _("Vul in hoeveel volwassenen er meekomen."),
            "invalid": _("Vul het aantal volwassenen in als getal, bijvoorbeeld 1."),
            "min_value": _("Er komt minstens 1 volwassene mee."),
            "max_value": _("Meld hoogstens 10 volwassenen tegelijk aan."),
        },
    )

    field_order = [
        "sessions",
        "preferred_periods",
        "children",
        "children_ages",
        "adults",
        "teacher_name",
        "email",
        "phone",
        "special_needs",
        "remarks",
        "privacy_consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        phone = self.fields["phone"]
        phone.required = False
        phone.help_text = _("Niet verplicht. Voor als er op de dag iets verandert.")
        self.fields["special_needs"].help_text = _("Bijvoorbeeld een rolstoel of allergieën.")
        if is_for_parents(self.initiative):
            children = self.fields["children"]
            children.required, children.initial = False, 0
            children.help_text = _("Niet verplicht: 0 als je zonder kinderen komt.")
            _allow_no_children(children)
            self.fields["children_ages"].required = False
            self.fields["children_ages"].help_text = _("Alleen als er kinderen meekomen. Bijvoorbeeld: 9 en 12 jaar.")
            self.fields["adults"].error_messages["min_value"] = _("Meld minstens 1 volwassene aan.")
            # The adults come first (templates/bookings/family.html), so do their errors in the summary.
            order = list(self.field_order)
            order.remove("adults")
            order.insert(order.index("children"), "adults")
            self.order_fields(order)

    def clean(self):
        cleaned = super().clean()
        if not is_for_parents(self.initiative):
            return cleaned
        cleaned["children"] = cleaned.get("children") or 0
        if cleaned["children"] and not cleaned.get("children_ages") and "children_ages" not in self.errors:
            self.add_error("children_ages", _("Vul de leeftijd of groep van de kinderen in."))
        if not cleaned["children"]:
            cleaned["children_ages"] = ""
        return cleaned

    def booking_details(self, language):
        data = self.cleaned_data
        return {
            **self.contact_details(language),
            "kind": Booking.Kind.FAMILY,
            "pupils": data["children"],
            "children_ages": data["children_ages"],
            "adults": data["adults"],
        }

    def bus_pickup_address(self):
        return None


class DecisionForm(forms.Form):
    """Admin: a message sent along with a bulk confirm or decline."""

    message = forms.CharField(
        label=_("Bericht aan de leraar"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000
    )


class ChangeSessionField(forms.ModelChoiceField):
    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current

    def label_from_instance(self, session):
        when = session_when(session, "year")
        if self.current is not None and session.pk == self.current.pk:
            return _("%(when)s · je huidige datum") % {"when": when}
        if session.seats_left <= 0:
            return f"{when} · {_('vol')}"
        return f"{when} · {seats_left_text(session, session.initiative.capacity_unit)}"


class BookingChangeForm(MarksInvalidFields, forms.Form):
    """What a teacher or family changes on their own booking page (services.change checks the seats)."""

    session = ChangeSessionField(
        label=_("Kies de datum"),
        queryset=Session.objects.none(),
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Je kunt naar een andere datum van deze activiteit waar genoeg plaatsen vrij zijn."),
    )
    pupils = BookingForm.base_fields["pupils"]
    adults = BookingForm.base_fields["adults"]
    class_name = forms.CharField(label=_("Naam van de klas"), max_length=30, required=False)
    children_ages = FamilyBookingForm.base_fields["children_ages"]
    teacher_name = BaseBookingForm.base_fields["teacher_name"]
    email = BaseBookingForm.base_fields["email"]
    phone = BaseBookingForm.base_fields["phone"]
    special_needs = BaseBookingForm.base_fields["special_needs"]
    remarks = BaseBookingForm.base_fields["remarks"]

    def __init__(self, *args, booking, now=None, **kwargs):
        initial = {
            name: getattr(booking, name)
            for name in ("pupils", "adults", "class_name", "children_ages", "teacher_name", "email", "phone")
        }
        initial.update(special_needs=booking.special_needs, remarks=booking.remarks)
        current = booking.sessions.first()
        initial["session"] = current
        super().__init__(*args, initial={**initial, **kwargs.pop("initial", {})}, **kwargs)
        self.booking = booking
        self.now = now or timezone.now()
        self.fields["email"].help_text = _("Hierheen sturen we de bevestiging van de wijziging.")
        initiative = booking.initiative
        can_move = current is not None and initiative.sessions_required == 1
        if can_move:
            upcoming = initiative.sessions.upcoming(self.now).select_related("initiative")
            bookable = [s.pk for s in upcoming if s.is_bookable(self.now) or s.pk == current.pk]
            field = self.fields["session"]
            field.current = current
            field.queryset = with_seats_taken(Session.objects.filter(pk__in=bookable).select_related("initiative"))
            field.empty_label = None
        else:
            del self.fields["session"]
        if booking.is_family:
            del self.fields["class_name"]
            self.fields["pupils"].label = _("Aantal kinderen")
            self.fields["pupils"].error_messages["required"] = _("Vul in hoeveel kinderen er meedoen.")
            self.fields["adults"].label = _("Aantal volwassenen")
            self.fields["adults"].help_text = ""
            if is_for_parents(initiative):
                children = self.fields["pupils"]
                children.required = False
                children.help_text = _("Niet verplicht: 0 als je zonder kinderen komt.")
                _allow_no_children(children)
                self.fields["children_ages"].required = False
            self.fields["phone"].required = False
            self.fields["special_needs"].help_text = _("Bijvoorbeeld een rolstoel of allergieën.")
        else:
            del self.fields["children_ages"]
            if initiative.group_size_max:
                _limit_to_group_size(self.fields["pupils"], initiative.group_size_max)

    def clean_pupils(self):
        pupils = self.cleaned_data.get("pupils")
        return 0 if pupils is None and not self.fields["pupils"].required else pupils  # a parents' evening

    def details(self):
        data = self.cleaned_data
        names = ("teacher_name", "email", "phone", "class_name", "children_ages", "special_needs", "remarks")
        return {name: data[name] for name in names if name in data}
