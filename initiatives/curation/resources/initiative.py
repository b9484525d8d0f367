"""Spreadsheet import and export of initiatives (see the package docstring)."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campuses.geo import Point, normalize_name
from campuses.location import display_place_name, fill_point_from_place, fill_point_from_postcode, nearest_campus
from campuses.models import Campus, Place, PlaceAlias
from portal.pages.import_images import IMAGE_COLUMNS, ImportedImagesMixin

from ... import permissions, review
from ...bookings.audience import inferred_booked_by_of
from ...models import Initiative, Language, PracticeLevel, Programme, Provider, TargetGroup, Theme
from ..imports import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    MunicipalitiesWidget,
    MunicipalityWidget,
    NaturalKeyWidget,
    SlugWidget,
    StrictManyToManyWidget,
    TextWidget,
    is_blank,
    is_clear,
    normalize_title,
    parse_bool,
    similar_titles,
)
from ..resource_base import CuratedResource, column

Role = permissions.Role
# Words people put around a number in these columns ("groep 5", "leerjaar 2", "90 minuten").
GROUP_WORDS, YEAR_WORDS, MINUTE_WORDS = ("groep", "gr."), ("leerjaar", "klas", "lj"), ("minuten", "min")

MOVE_COLUMN = "andere aanbieder bevestigd"


# The title of the template's example row (import_template): left in a file, that row is refused.
EXAMPLE_TITLE = gettext_lazy("Voorbeeld: robots bouwen en programmeren (verwijder deze rij)")


class InitiativeResource(ImportedImagesMixin, CuratedResource):
    import_key_help = gettext_lazy(
        "Bestaande initiatieven worden alleen bijgewerkt via de kolom “slug” (of “externe referentie”) uit de export."
    )
    one_row_per = gettext_lazy("Eén rij per initiatief.")
    slug = column("slug", "slug", SlugWidget())
    external_ref = column("external_ref", "externe referentie")
    title = column("title", "titel")
    summary = column("summary", "korte omschrijving")
    description = column("description", "beschrijving")
    provider = column(
        "provider", "aanbieder", NaturalKeyWidget(Provider, lookups=("name", "slug"), what=gettext_lazy("aanbieder"))
    )
    themes = column("themes", "thema's", StrictManyToManyWidget(Theme, what=gettext_lazy("thema's")))
    target_groups = column(
        "target_groups", "doelgroepen", StrictManyToManyWidget(TargetGroup, what=gettext_lazy("doelgroepen"))
    )
    languages = column(
        "languages", "talen", StrictManyToManyWidget(Language, lookups=("code", "name"), what=gettext_lazy("talen"))
    )
    po_group_from = column("po_group_from", "po vanaf groep", IntegerWidget(words=GROUP_WORDS))
    po_group_to = column("po_group_to", "po tot en met groep", IntegerWidget(words=GROUP_WORDS))
    vo_year_from = column("vo_year_from", "vo vanaf leerjaar", IntegerWidget(words=YEAR_WORDS))
    vo_year_to = column("vo_year_to", "vo tot en met leerjaar", IntegerWidget(words=YEAR_WORDS))
    for_vmbo = column("for_vmbo", "vmbo", BooleanWidget())
    for_vmbo_bl = column("for_vmbo_bl", "vmbo basis", BooleanWidget())
    for_vmbo_kl = column("for_vmbo_kl", "vmbo kader", BooleanWidget())
    for_vmbo_gt = column("for_vmbo_gt", "vmbo gemengd/theoretisch", BooleanWidget())
    for_havo = column("for_havo", "havo", BooleanWidget())
    for_vwo = column("for_vwo", "vwo", BooleanWidget())
    levels_unknown = column("levels_unknown", "schoolniveau onbekend", BooleanWidget())
    activity_type = column(
        "activity_type", "soort activiteit", ChoiceWidget(Initiative.ActivityType.choices, unknown=True)
    )
    practice_level = column("practice_level", "praktijkgerichtheid", ChoiceWidget(PracticeLevel.choices))
    location_type = column("location_type", "waar", ChoiceWidget(Initiative.LocationType.choices))
    venue_name = column("venue_name", "naam locatie")
    address = column("address", "adres")
    postcode = column("postcode", "postcode")
    place_name = column("place_name", "plaats")
    municipality = column("municipality", "gemeente", MunicipalityWidget(what=gettext_lazy("gemeente")))
    latitude = column("latitude", "breedtegraad", DecimalWidget(places=6))
    longitude = column("longitude", "lengtegraad", DecimalWidget(places=6))
    service_radius_km = column("service_radius_km", "komt naar scholen binnen (km)", DecimalWidget(places=1))
    duration_minutes = column("duration_minutes", "duur (minuten)", IntegerWidget(words=MINUTE_WORDS))
    duration_note = column("duration_note", "toelichting duur")
    is_free = column("is_free", "gratis", BooleanWidget(unknown=True))
    price = column("price", "prijs (€)", DecimalWidget(places=2))
    price_note = column("price_note", "toelichting prijs")
    group_size_min = column("group_size_min", "minimale groepsgrootte", IntegerWidget())
    group_size_max = column("group_size_max", "maximale groepsgrootte", IntegerWidget())
    capacity_unit = column("capacity_unit", "capaciteit geteld in", ChoiceWidget(Initiative.CapacityUnit.choices))
    booking_mode = column("booking_mode", "boeken", ChoiceWidget(Initiative.BookingMode.choices))
    booking_url = column("booking_url", "boekingslink")
    offers_bus_transport = column("offers_bus_transport", "gratis busvervoer mogelijk", BooleanWidget())
    confirmation_mode = column("confirmation_mode", "bevestiging", ChoiceWidget(Initiative.ConfirmationMode.choices))
    waitlist_mode = column("waitlist_mode", "wachtlijst", ChoiceWidget(Initiative.WaitlistMode.choices))
    booking_opens_days_before = column("booking_opens_days_before", "boeken kan vanaf (dagen vooraf)", IntegerWidget())
    booking_closes_days_before = column("booking_closes_days_before", "boeken sluit (dagen vooraf)", IntegerWidget())
    contact_email = column("contact_email", "e-mailadres contact")
    contact_phone = column("contact_phone", "telefoon contact")
    is_family_activity = column("is_family_activity", "ouder en kind samen", BooleanWidget())
    parents_welcome = column("parents_welcome", "ouders welkom", BooleanWidget())
    is_outside_school_hours = column("is_outside_school_hours", "buiten schooltijd", BooleanWidget())
    # Empty: derived from the columns above, as before the column existed (_fill_booked_by).
    booked_by = column("booked_by", "wie boekt", ChoiceWidget(Initiative.BookedBy.choices))
    is_region_wide = column("is_region_wide", "hele regio", BooleanWidget())
    municipalities = column("municipalities", "ook in gemeenten", MunicipalitiesWidget(what=gettext_lazy("gemeenten")))
    programme = column(
        "programme",
        "programma",
        NaturalKeyWidget(Programme, lookups=("name", "slug"), what=gettext_lazy("programma"), neuter=True),
    )
    ends_on = column("ends_on", "loopt tot", DateWidget())
    successor = column(
        "successor",
        "opvolger",
        NaturalKeyWidget(
            Initiative, lookups=("slug", "external_ref"), label_attribute="slug", what=gettext_lazy("opvolger")
        ),
    )
    campus = column("campus", "campus", NaturalKeyWidget(Campus, lookups=("slug", "name"), what=gettext_lazy("campus")))
    status = column("status", "status", ChoiceWidget(Initiative.Status.choices))
    last_verified_on = column("last_verified_on", "laatst gecontroleerd op", DateWidget())
    source = column("source", "bron")
    source_seen = column("source_seen", "bron gezien")

    required_columns = ("titel", "aanbieder", "korte omschrijving", "soort activiteit", "praktijkgerichtheid")
    # Read from the file but not a field: "ja" confirms that a row moves an initiative to another provider.
    # "afbeelding" and its alt text: a photo by file name (in the zip) or URL (portal.pages.import_images).
    # In this order in the template (initiatives.curation.import_template) and the import page's list.
    extra_columns = (*IMAGE_COLUMNS, MOVE_COLUMN)
    # The export leaves the photo columns out (a stored photo cannot go back into a cell) and writes
    # an empty "andere aanbieder bevestigd" to fill in when a row moves to another provider.
    exported_extra_columns = (MOVE_COLUMN,)
    key_columns = ("slug", "externe referentie")

    # The model's constraints whose message belongs to one column (see CuratedResource._by_column).
    constraint_columns = {
        "initiative_point_in_nl": "latitude",
        "initiative_po_group_range": "po_group_from",
        "initiative_vo_year_range": "vo_year_from",
        "initiative_price_not_negative": "price",
        "initiative_group_size_range": "group_size_min",
        "initiative_unique_external_ref": "external_ref",
    }

    class Meta(CuratedResource.Meta):
        model = Initiative
        # Rows saved in batches (CuratedResource.bulk_create/bulk_update) after each has passed full_clean.
        use_bulk = True
        fields = (
            "slug", "external_ref", "title", "summary", "description", "provider", "themes", "target_groups",
            "languages", "po_group_from", "po_group_to", "vo_year_from", "vo_year_to", "for_vmbo", "for_vmbo_bl",
            "for_vmbo_kl", "for_vmbo_gt", "for_havo", "for_vwo", "activity_type", "practice_level", "location_type",
            "venue_name", "address", "postcode", "place_name", "municipality", "latitude", "longitude",
            "service_radius_km", "duration_minutes", "duration_note", "is_free", "price", "price_note",
            "group_size_min", "group_size_max", "capacity_unit", "booking_mode", "booking_url",
            "offers_bus_transport", "confirmation_mode", "waitlist_mode", "booking_opens_days_before",
            "booking_closes_days_before", "contact_email", "contact_phone", "is_family_activity", "parents_welcome",
            "is_outside_school_hours", "booked_by", "levels_unknown", "is_region_wide", "municipalities", "programme",
            "ends_on", "successor", "campus", "status", "last_verified_on", "source", "source_seen",
        )  # fmt: skip
        import_order = export_order = fields

    def get_queryset(self):
        queryset = Initiative.objects.select_related("provider", "municipality", "campus").prefetch_related(
            "themes", "target_groups", "languages", "municipalities"
        )
        return permissions.scope_initiatives(self.user, queryset) if self.user else queryset

    # --- keys

    def row_identity(self, row):
        """("ref", external_ref) or ("slug", slug) from the columns the export writes; None: a new row.

        Only an explicit key finds an existing initiative. A title never does: a row without a key
        whose title is taken becomes a new initiative with a slug of its own, flagged as a likely
        duplicate, so it can never overwrite someone else's entry.
        """
        ref = TextWidget().clean(row.get("externe referentie"))
        if ref:
            return ("ref", ref)
        slug = slugify(TextWidget().clean(row.get("slug")))[:220]
        return ("slug", slug) if slug else None

    def prepare(self, dataset):
        key_attribute = "slug" if "slug" in dataset.headers else "title"
        identities = self.flag_repeats(
            dataset,
            self.row_identity,
            lambda key, row: (
                "external_ref" if key[0] == "ref" else key_attribute,
                _("Dubbele sleutel “%(key)s”: dit initiatief staat ook op rij %(row)s van het bestand.")
                % {"key": key[1], "row": row},
            ),
        )
        slugs = {value for kind, value in filter(None, identities.values()) if kind == "slug"}
        refs = {value for kind, value in filter(None, identities.values()) if kind == "ref"}
        existing = Initiative.objects.filter(Q(slug__in=slugs) | Q(external_ref__in=refs)).select_related(
            "provider", "municipality", "campus"
        )
        existing = existing.prefetch_related("themes", "target_groups", "languages", "municipalities")
        self.existing_by_ref = {item.external_ref: item for item in existing if item.external_ref}
        self.existing_by_slug = {item.slug: item for item in existing}
        self.slug_owner = dict(Initiative.objects.values_list("slug", "pk"))
        self.slug_rows = {}  # slug -> first Excel row of this file with it (rows are saved together)
        self._campuses = None
        self._place_spellings = None  # normalized place name -> its spelling in the reference data
        self._proposals = []
        self.titles_by_provider = {}
        self.titles = {}
        for pk, provider_id, title in Initiative.objects.values_list("pk", "provider_id", "title"):
            self.titles_by_provider.setdefault(provider_id, []).append((pk, title))
            self.titles.setdefault(normalize_title(title), []).append((pk, title))

    def get_instance(self, instance_loader, row):
        identity = self.row_identity(row)
        if identity is None:
            return None
        kind, value = identity
        if kind == "ref":
            found = self.existing_by_ref.get(value)
            slug = slugify(TextWidget().clean(row.get("slug")))
            return found or (self.existing_by_slug.get(slug) if slug else None)
        return self.existing_by_slug.get(value)

    # --- one row

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # Campus is read-only for provider editors (as in the form); check_row refuses another campus.
        self.fields["campus"].readonly = permissions.role_of(self.user) == Role.PROVIDER

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if self.column_of("campus") in row and not self.fields["campus"].readonly:
            # A campus in the cell is chosen; [leeg] means: the nearest campus (computed on save).
            instance.campus_is_manual = instance.campus is not None

    def original(self):
        """The stored initiative of the current row before the row is applied, or None for a new row."""
        return self.originals.get(self._row_number)

    def check_row(self, instance, row, errors):
        if not instance.slug and instance.title:
            instance.slug = self._free_slug(slugify(instance.title)[:210])
        if instance.pk is None and self.column_of("activity_type") not in row and "activity_type" not in errors:
            errors["activity_type"] = [
                _("Vul de kolom “%(column)s” in (of “onbekend”); die is verplicht.") % {"column": "soort activiteit"}
            ]
        self._check_example_row(instance, errors)
        self._check_ends_on(instance, errors)
        self._spell_place(instance, errors)
        self._check_campus_cell(instance, row, errors)
        self._check_provider_move(instance, row, errors)
        self._check_slug_in_file(instance, row, errors)
        self._fill_point(instance, row, errors)
        self._fill_booked_by(instance, row, errors)
        if self.user is not None:
            self._check_scope(instance, row, errors)
        self.check_image_columns(instance, row, errors)

    def _check_example_row(self, instance, errors):
        title = " ".join((instance.title or "").split()).casefold()
        with translation.override("nl"):
            dutch = str(EXAMPLE_TITLE)
        if title and title in {dutch.casefold(), str(EXAMPLE_TITLE).casefold()}:
            errors.setdefault("title", []).append(
                _("Rij %(row)s is de voorbeeldrij uit het sjabloon: verwijder die rij en importeer opnieuw.")
                % {"row": self.excel_rows.get(self._row_number, self._row_number)}
            )

    def _check_ends_on(self, instance, errors):
        if "ends_on" not in errors and instance.ends_on and instance.ends_on < timezone.localdate():
            self.warn("ends_on", _("Deze einddatum is al voorbij; klopt dat?"))

    def _spell_place(self, instance, errors):
        """A place typed in other letters ("den haag") is stored as the reference data writes it ("Den Haag")."""
        text = " ".join((instance.place_name or "").split())
        if not text or "place_name" in errors:
            return
        if self._place_spellings is None:
            self._place_spellings = {}
        key = normalize_name(text)
        if key not in self._place_spellings:
            spelled = None
            place = Place.objects.matching(text).first()
            if place is not None:
                names = [display_place_name(place.name), place.name]
                names += list(PlaceAlias.objects.filter(search_name=key).values_list("name", flat=True))
                spelled = next((name for name in names if normalize_name(name) == key), None)
            self._place_spellings[key] = spelled
        instance.place_name = self._place_spellings[key] or instance.place_name

    def _check_campus_cell(self, instance, row, errors):
        if not self.fields["campus"].readonly or self.column_of("campus") not in row:
            return
        try:
            campus = self.fields["campus"].clean(row)
        except ValueError as error:
            errors["campus"] = [str(error)]
            return
        if campus is not None and (not instance.campus_is_manual or campus != instance.campus):
            errors["campus"] = [_("Alleen coördinatoren kiezen de campus; laat deze kolom leeg.")]

    def _free_slug(self, base):
        """base, or base-2, base-3...: a slug no existing initiative has."""
        slug, number = base, 2
        while slug in self.slug_owner:
            slug = f"{base}-{number}"
            number += 1
        return slug

    def _check_provider_move(self, instance, row, errors):
        original = self.original()
        if original is None or instance.provider_id in (None, original.provider_id) or "provider" in errors:
            return
        if permissions.role_of(self.user) == Role.PROVIDER:
            return  # _check_scope: only their own organisation
        try:
            confirmed = parse_bool(row.get(MOVE_COLUMN))
        except ValueError:
            confirmed = False
        if not confirmed:
            errors["provider"] = [
                _(
                    "Deze rij verplaatst het initiatief naar een andere aanbieder. Klopt dat, zet dan “ja” in de "
                    "kolom “%(column)s”; anders: zet de oude aanbieder terug."
                )
                % {"column": MOVE_COLUMN}
            ]

    def _check_slug_in_file(self, instance, row, errors):
        # Two rows with different external references but the same title would get the same slug.
        if not instance.slug or self._row_number in self.row_problems:
            return  # a repeated key is reported once (prepare, flag_repeats)
        first = self.slug_rows.setdefault(instance.slug, self.excel_rows.get(self._row_number))
        if first != self.excel_rows.get(self._row_number):
            key = "slug" if "slug" in row else "title"
            errors.setdefault(key, []).append(
                _("De slug “%(slug)s” staat ook op rij %(row)s van het bestand. Geef een andere titel of slug.")
                % {"slug": instance.slug, "row": first}
            )

    def _fill_point(self, instance, row, errors):
        """The point from the postcode or the place when the row gives no coordinates (full_clean checks it)."""
        if "latitude" in errors or "longitude" in errors:
            return
        coordinates_given = self.column_of("latitude") in row or self.column_of("longitude") in row
        problem = fill_point_from_postcode(instance, point_given=coordinates_given)
        if problem:
            errors["postcode"] = [problem]
            return
        if instance.location_type == Initiative.LocationType.VENUE and not coordinates_given:
            # No postcode: the place gives the point (and so the campus), as in the search's location box.
            problem = fill_point_from_place(instance)
            if problem:
                self._problem_or_warning(instance, errors, "place_name", problem)
        elif instance.location_type == Initiative.LocationType.AT_SCHOOL and instance.latitude is None:
            self._check_visit_reach(instance, errors)

    def _fill_booked_by(self, instance, row, errors):
        """An empty "wie boekt" (or [leeg]) keeps a file from before the column working: a new row gets who books
        as the portal derives it; an existing row keeps its choice unless the row changes what it rests on
        ("ouder en kind samen", the school level, "buiten schooltijd", the target groups)."""
        cell = row.get(self.column_of("booked_by"))
        if "booked_by" in errors or not (is_blank(cell) or is_clear(cell)):
            return
        new_groups = self.row_m2m.get(self._row_number, {}).get("target_groups")
        original = self.original()
        if original is None:
            instance.booked_by = inferred_booked_by_of(instance, [group.slug for group in new_groups or []])
            return
        old_slugs = [group.slug for group in original.target_groups.all()]
        new_slugs = old_slugs if new_groups is None else [group.slug for group in new_groups]
        derived = inferred_booked_by_of(instance, new_slugs)
        if derived != inferred_booked_by_of(original, old_slugs) or is_clear(cell):
            instance.booked_by = derived

    def _check_visit_reach(self, instance, errors):
        # A school visit is found from its point (and service radius): without a point no school finds it.
        # Published that would be a public entry nobody can reach: an error. A draft or an entry in review
        # may be completed later (the inventory of public sources arrives like that): a warning.
        message = _(
            "Deze activiteit komt naar school, maar heeft geen vertrekpunt: geen school vindt haar. Vul "
            "“%(postcode)s” in (of “%(lat)s” en “%(lon)s”) en “%(radius)s”."
        ) % {
            "postcode": self.column_of("postcode"),
            "lat": self.column_of("latitude"),
            "lon": self.column_of("longitude"),
            "radius": self.column_of("service_radius_km"),
        }
        self._problem_or_warning(instance, errors, "postcode", message)

    def _problem_or_warning(self, instance, errors, attribute, message):
        # Published, an entry the public cannot find is an error; a draft or review may be completed later.
        if instance.status == Initiative.Status.PUBLISHED and permissions.role_of(self.user) != Role.PROVIDER:
            errors.setdefault(attribute, []).append(message)
        else:
            self.warn(attribute, message)

    def _check_scope(self, instance, row, errors):
        role = permissions.role_of(self.user)
        original = self.original()
        if original is not None and not permissions.can_edit(self.user, original):
            key = "external_ref" if instance.external_ref else "slug"
            errors.setdefault(key, []).append(
                _("Dit bestaande initiatief valt buiten wat jij mag beheren; je kunt het niet wijzigen.")
            )
            return
        if role == Role.PROVIDER:
            own = permissions.provider_id(self.user)
            if instance.provider_id != own and "provider" not in errors:
                errors["provider"] = [_("Je kunt alleen initiatieven van je eigen organisatie importeren.")]
            if instance.status == Initiative.Status.PUBLISHED and (
                original is None or original.status != Initiative.Status.PUBLISHED
            ):
                errors["status"] = [_("Alleen coördinatoren publiceren. Kies “concept” of “ter beoordeling”.")]
        elif role == Role.CAMPUS:
            campus = instance.campus if instance.campus_is_manual else self.nearest_campus(instance)
            if campus is None or campus.pk not in permissions.campus_ids(self.user):
                errors.setdefault("campus", []).append(
                    _("Dit initiatief hoort niet bij jouw campus(sen); een MRDH-coördinator kan het importeren.")
                )
        elif role is None:
            errors[NON_FIELD_ERRORS] = [_("Je hebt geen rol waarmee je initiatieven mag importeren.")]

    def derived_changes(self, original, instance):
        """The point and the campus as they will be saved (derived from postcode and point)."""
        is_new = original is None or original.pk is None

        def point(obj):
            if obj.latitude is None or obj.longitude is None:
                return ""
            where = f"{obj.latitude:.4f}, {obj.longitude:.4f}".replace(".", ",").replace(", ", "; ")
            if not obj.is_point_approximate:
                return where
            # Approximate: the middle of the postcode, or of the place when the row has no postcode.
            source = _("(midden van de postcode)") if obj.postcode else _("(midden van de plaats)")
            return f"{where} {source}"

        def campus(obj, computed):
            chosen = obj.campus if obj.campus_is_manual else computed
            if chosen is None:
                return _("geen (buiten het bereik van elke campus)") if obj.latitude is not None else ""
            return str(chosen) + ("" if obj.campus_is_manual else " " + _("(berekend)"))

        old_point = "" if is_new else point(original)
        old_campus = "" if is_new else campus(original, original.campus)
        return [
            (_("punt (afgeleid)"), old_point, point(instance)),
            (_("campus (afgeleid)"), old_campus, campus(instance, self.nearest_campus(instance))),
            *self.image_changes(original, instance),
        ]

    def nearest_campus(self, instance):
        """The one nearest-campus rule (campuses.location), against campuses held in memory (no query per row)."""
        if self._campuses is None:
            self._campuses = list(Campus.objects.filter(is_active=True))
        return nearest_campus(Point.of(instance), self._campuses)

    def save_instance(self, instance, is_create, row, **kwargs):
        if not is_create and review.needs_review(self.user, instance):
            # A provider editor's change of a published initiative waits for review, as in the form: the
            # live row stays as the public sees it until a coordinator approves (after_rows_saved).
            self._proposals.append((instance, self.row_m2m.get(self._row_number, {})))
            self.review_rows.add(self._row_number)
            return
        super().save_instance(instance, is_create, row, **kwargs)

    def after_rows_saved(self):
        self.queue_image_fetches()
        fields = [field for field in review.proposable_fields(Initiative) if not field.many_to_many]
        for instance, m2m_values in self._proposals:
            values = {field.name: getattr(instance, field.name) for field in fields}
            review.propose(user=self.user, obj=instance, values={**values, **m2m_values})

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        # What Initiative.save does (bulk saves do not call it): the vmbo tracks and the nearest campus.
        # "vmbo: ja" alone means every track; "vmbo: nee" clears the tracks.
        vmbo_cell = row.get(self.column_of("for_vmbo"))
        instance.sync_vmbo_tracks(vmbo_turned_off=not is_blank(vmbo_cell) and parse_bool(vmbo_cell) is False)
        if not instance.campus_is_manual:
            instance.campus = self.nearest_campus(instance)
        original = self.original()
        if permissions.role_of(self.user) == Role.PROVIDER:
            # A provider's new or changed row goes to review, unless the file explicitly says draft.
            asked = self.fields["status"].clean(row) if "status" in row else None
            instance.status = Initiative.Status.DRAFT if asked == Initiative.Status.DRAFT else Initiative.Status.REVIEW
        if instance.status == Initiative.Status.PUBLISHED and (original is None or original.status != instance.status):
            instance.published_at = timezone.now()
        if instance.pk is None:
            if not instance.source:
                instance.source = _("Spreadsheetimport %(file)s") % {"file": self.file_name}
            self._note_likely_duplicates(instance, kwargs)

    def _note_likely_duplicates(self, instance, kwargs):
        # Almost the same title at the same provider, or the same title at any provider.
        matches = similar_titles(instance.title, self.titles_by_provider.get(instance.provider_id, []))
        for match in self.titles.get(normalize_title(instance.title), []):
            if match not in matches:
                matches.append(match)
        if matches:
            self.likely_duplicates.append(
                {
                    "row": self.excel_row(kwargs),
                    "title": instance.title,
                    "provider": instance.provider,
                    "matches": matches,
                }
            )

    # --- export

    def _names(self, initiative, attribute):
        label = "code" if attribute == "languages" else "name"
        return ", ".join(str(getattr(item, label)) for item in getattr(initiative, attribute).all())

    def dehydrate_themes(self, initiative):
        return self._names(initiative, "themes")

    def dehydrate_target_groups(self, initiative):
        return self._names(initiative, "target_groups")

    def dehydrate_languages(self, initiative):
        return self._names(initiative, "languages")

    def dehydrate_municipalities(self, initiative):
        return self._names(initiative, "municipalities")

    def dehydrate_campus(self, initiative):
        return initiative.campus.name if initiative.campus_is_manual and initiative.campus else ""

    def dehydrate_latitude(self, initiative):
        # An approximate point comes from the postcode; leaving it out keeps a round trip unchanged.
        return "" if initiative.is_point_approximate or initiative.latitude is None else initiative.latitude

    def dehydrate_longitude(self, initiative):
        return "" if initiative.is_point_approximate or initiative.longitude is None else initiative.longitude
