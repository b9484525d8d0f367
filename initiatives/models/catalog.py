"""The offer: initiatives and their dated sessions (providers and vocabularies: vocabularies.py)."""

import functools
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import BooleanField, Exists, Expression, F, FloatField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campuses.geo import (
    FloatBox,
    Point,
    RowPoint,
    bounding_box_q,
    distance_expression,
    inside_netherlands_constraint,
    latitude_field,
    longitude_field,
)
from campuses.models import Campus, Municipality
from portal.models import QuickLoad

from .vocabularies import PRACTICE_LEVEL_EXPLANATIONS, Language, PracticeLevel, Programme, Provider, TargetGroup, Theme

# What full_clean says when who books contradicts the rest (the import shows it in the column "wie boekt").
BOOKED_BY_NEEDS_LEVEL = _(
    "“Wie boekt” is een leraar voor de klas, maar er is geen schoolniveau: vul “po vanaf groep” of “vo vanaf "
    "leerjaar” in (of “schoolniveau onbekend”), of kies bij “wie boekt” gezinnen / ouders."
)
FAMILY_ACTIVITY_NEEDS_FAMILIES = _(
    "Bij “ouder en kind samen” melden gezinnen zich aan: kies bij “wie boekt” gezinnen / ouders of allebei, of "
    "zet “ouder en kind samen” uit."
)

# What full_clean says when a point is outside the Netherlands (the import shows it by row and column).
POINT_IN_NL_MESSAGE = _(
    "Dit punt ligt niet in Nederland: de breedtegraad moet tussen 50,7 en 53,6 liggen en de lengtegraad tussen "
    "3,2 en 7,3. Staan ze niet verwisseld? Vul ze allebei in, of laat ze allebei leeg."
)

# The columns initiative_reach_idx holds after its key (status, kind, point): nearest_rows' scans need no table.
REACH_INDEX_COVERS = (
    "id", "latitude", "longitude", "service_radius_km", "po_group_from", "po_group_to", "vo_year_from", "vo_year_to",
)  # fmt: skip

# Fewer than SQLite's (32,766) and PostgreSQL's (65,535) limits on the parameters of one query.
MAX_QUERY_PARAMETERS = 30_000

# School visits further than this are not found by the distance search.
MAX_SERVICE_RADIUS_KM = 50


def _visit_box_q(point):
    # The bounding box for school visits uses the largest service radius we search.
    if isinstance(point, RowPoint):
        return Q(location_type=Initiative.LocationType.AT_SCHOOL) & bounding_box_q(point, MAX_SERVICE_RADIUS_KM)
    return Q(_KindBoxes(point, ((Initiative.LocationType.AT_SCHOOL, MAX_SERVICE_RADIUS_KM),)))


class _KindBoxes(Expression):
    """(location_type = kind AND the row in float_box_q(point, km)) OR ... for each (kind, km): the
    prefilter of reach_box_q as one condition, written out at once (as _Reach)."""

    conditional = True

    def __init__(self, point, boxes):
        super().__init__(output_field=BooleanField())
        self.kinds = [str(kind) for kind, _km in boxes]
        self.location_type = F("location_type")
        self.boxes = [FloatBox(point, km) for _kind, km in boxes]

    def get_source_expressions(self):
        return [self.location_type, *self.boxes]

    def set_source_expressions(self, exprs):
        self.location_type, *self.boxes = exprs

    def as_sql(self, compiler, connection):
        kind, kind_params = compiler.compile(self.location_type)
        parts, params = [], []
        for value, box in zip(self.kinds, self.boxes, strict=True):
            box_sql, box_params = compiler.compile(box)
            parts.append(f"({kind} = %s AND {box_sql})")
            params += [*kind_params, value, *box_params]
        return f"({' OR '.join(parts)})", tuple(params)


def _visit_reach_q(km, distance=None):
    """A school visit reaches the point within its service radius, or km. distance: the row's distance
    to the point (default: the `distance_km` annotation)."""
    return Q(_Reach(km, F("distance_km") if distance is None else distance, venues=False))


class _Reach(Expression):
    """The reach rule as one condition, written out at once (as campuses.geo's _PointDistance: building and
    compiling the same rule from Q objects, lookups and Coalesce cost more than the database's work on it):

        (location_type = 'venue' AND distance <= km)                                   -- unless not venues
        OR (location_type = 'at_school' AND distance <= COALESCE(service_radius_km, km))
    """

    conditional = True

    def __init__(self, km, distance, venues=True, visits=True):
        super().__init__(output_field=BooleanField())
        self.km, self.venues, self.visits = km, venues, visits
        self.location_type, self.service_radius, self.distance = F("location_type"), F("service_radius_km"), distance

    def get_source_expressions(self):
        return [self.location_type, self.service_radius, self.distance]

    def set_source_expressions(self, exprs):
        self.location_type, self.service_radius, self.distance = exprs

    def as_sql(self, compiler, connection):
        (kind, kind_params), (radius, radius_params), (distance, distance_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        visit = f"({kind} = %s AND {distance} <= (COALESCE({radius}, %s)))"
        visit_params = (*kind_params, Initiative.LocationType.AT_SCHOOL.value, *distance_params, *radius_params)
        visit_params += (self.km,)
        venue = f"({kind} = %s AND {distance} <= %s)"
        venue_params = (*kind_params, Initiative.LocationType.VENUE.value, *distance_params, self.km)
        if not self.venues:
            return visit, visit_params
        if not self.visits:
            return venue, venue_params
        return f"({venue} OR {visit})", (*venue_params, *visit_params)


class _Branch(Expression):
    """One kind in nearest_rows' UNION ALL: location_type = kind AND its box AND the reach rule (online: the
    kind alone)."""

    conditional = True

    def __init__(self, kind, box=None, reach=None):
        super().__init__(output_field=BooleanField())
        self.kind, self.location_type = str(kind), F("location_type")
        self.rules = [rule for rule in (box, reach) if rule is not None]

    def get_source_expressions(self):
        return [self.location_type, *self.rules]

    def set_source_expressions(self, exprs):
        self.location_type, *self.rules = exprs

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.location_type)
        parts, params = [f"{column} = %s"], [*params, self.kind]
        for rule in self.rules:
            rule_sql, rule_params = compiler.compile(rule)
            parts.append(rule_sql)
            params += rule_params
        return f"({' AND '.join(parts)})", tuple(params)


class _Branches(Expression):
    """Compiles to MARKER and puts each branch's (sql, params) in compiled["branches"]: the query around
    it is compiled once for all the branches (InitiativeQuerySet._nearest_query)."""

    MARKER = "(/* nearest_rows branch */ 1 = 1)"
    conditional = True

    def __init__(self, branches, compiled):
        super().__init__(output_field=BooleanField())
        self.branches, self.compiled = list(branches), compiled  # a copy shares compiled

    def get_source_expressions(self):
        return self.branches

    def set_source_expressions(self, exprs):
        self.branches = list(exprs)

    def as_sql(self, compiler, connection):
        self.compiled["branches"] = [compiler.compile(branch) for branch in self.branches]
        return self.MARKER, ()


_PLACEHOLDER_RE = re.compile(r"%%|%s")


def _placeholders(sql):
    """How many parameters a compiled query's sql takes (%s, not the escaped %%)."""
    return sum(1 for found in _PLACEHOLDER_RE.findall(sql) if found == "%s")


def reach_box_q(point, km):
    """The prefilter of reachable_from: venues in the box of km around point, school visits in theirs."""
    if isinstance(point, RowPoint):
        return (Q(location_type=Initiative.LocationType.VENUE) & bounding_box_q(point, km)) | _visit_box_q(point)
    kinds = Initiative.LocationType
    return Q(_KindBoxes(point, ((kinds.VENUE, km), (kinds.AT_SCHOOL, MAX_SERVICE_RADIUS_KM))))


def _reach_q(km, distance=None):
    """The rule of reachable_from: a venue within km, or a school visit whose service radius covers the point.
    distance: the row's distance to the point (default: the `distance_km` annotation)."""
    return Q(_Reach(km, F("distance_km") if distance is None else distance))


def reaches_q(point, km, distance=None):
    """reachable_from(point, km, include_online=False) as one condition on a row, without the annotation:
    for flags such as "near this campus" on rows of a wider query (the coverage dashboard). distance:
    a reference to distance_expression(point) when the query has it as an alias (default: inline)."""
    distance = distance_expression(point) if distance is None else distance
    return Q(latitude__isnull=False, longitude__isnull=False) & reach_box_q(point, km) & _reach_q(km, distance)


SLUG_RE = re.compile(r"[-a-zA-Z0-9_]+")
_SLUG_PLACEHOLDER = "0-slug-0"


def detail_url(slug):
    """reverse("initiatives:detail", slug=slug), put together from the URL reverse() gives for the
    active language and URL configuration: a page of results asks for its links 40 times, and reverse()
    cost more than the rest of building a result. A slug reverse() would quote or refuse goes through it."""
    if not SLUG_RE.fullmatch(slug):
        return reverse("initiatives:detail", kwargs={"slug": slug})
    key = (translation.get_language(), settings.LANGUAGE_CODE, get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))
    before, after = _detail_url_parts(*key)
    return f"{before}{slug}{after}"


@functools.lru_cache(maxsize=32)
def _detail_url_parts(language, default_language, script_prefix, urlconf):
    before, _placeholder, after = reverse(
        "initiatives:detail", kwargs={"slug": _SLUG_PLACEHOLDER}, urlconf=urlconf
    ).rpartition(_SLUG_PLACEHOLDER)
    return before, after


class InitiativeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Initiative.Status.PUBLISHED)

    def with_point(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def near(self, point, km):
        """Initiatives at a venue within km of point, annotated with `distance_km`."""
        return (
            self.with_point()
            .filter(bounding_box_q(point, km))
            .annotate(distance_km=distance_expression(point))
            .filter(distance_km__lte=km)
        )

    def for_po_group(self, group):
        return self.filter(po_group_from__lte=group, po_group_to__gte=group)

    def for_vo_year(self, year):
        return self.filter(vo_year_from__lte=year, vo_year_to__gte=year)

    def not_verified_since(self, date):
        return self.filter(Q(last_verified_on__lt=date) | Q(last_verified_on__isnull=True))

    def reachable_from(self, point, km, include_online=True):
        """What a visitor at point can join: venues within km, school visits whose service radius
        covers point, and (optionally) online offers. Annotated with `distance_km` (None online)."""
        box, reach = reach_box_q(point, km), _reach_q(km)
        online = Q(location_type=Initiative.LocationType.ONLINE)
        annotated = self.annotate(distance_km=distance_expression(point))  # one filter() after it: each one clones
        if include_online:
            return annotated.filter(((box & Q(latitude__isnull=False)) | online) & (reach | online))
        return annotated.filter(Q(latitude__isnull=False, longitude__isnull=False) & box & reach)

    def nearest_rows(self, point, km, include_online=True, fields=()):
        """reachable_from(point, km, include_online) nearest first, as rows (pk, distance_km, *fields):
        the rows of

            self.reachable_from(point, km, include_online)
                .order_by(F("distance_km").asc(nulls_last=True), "title", "pk")
                .values_list("pk", "distance_km", *fields)

        in one query that searches each kind in its own box: a UNION ALL of the venues, the school visits
        (and the online offers), each read from the covering index initiative_reach_idx without touching
        the table while the usual filters (groups, years) apply, and joined to the table for the order
        and the fields only for the rows found. (One OR of the two boxes must visit the table for every
        row in either box: some 3,800 of 20,000 at the benchmark's 10 km.) point: a Point. None when the
        filters take so many parameters that the parts together would pass what a database accepts."""
        sql, params = self._nearest_query(point, km, include_online, fields)
        if len(params) > MAX_QUERY_PARAMETERS:
            return None
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _nearest_query(self, point, km, include_online, fields):
        """nearest_rows' SQL and parameters. The filtered query is compiled once, with _Branches in its
        WHERE clause; each part of the UNION ALL is that SQL with one branch's condition in its place."""
        kinds = Initiative.LocationType
        distance = F("distance_km")
        conditions = [
            _Branch(kinds.VENUE, FloatBox(point, km), _Reach(km, distance, visits=False)),
            _Branch(kinds.AT_SCHOOL, FloatBox(point, MAX_SERVICE_RADIUS_KM), _Reach(km, distance, venues=False)),
        ]
        if include_online:
            conditions.append(_Branch(kinds.ONLINE))
        compiled = {}
        query = (
            self.order_by()
            .annotate(distance_km=distance_expression(point))
            .filter(Q(_Branches(conditions, compiled)))
            .values_list("pk", "distance_km")
        )
        sql, params = query.query.get_compiler(using=self.db).as_sql()
        before, marker, after = sql.partition(_Branches.MARKER)
        if not marker or _Branches.MARKER in after:
            raise RuntimeError("nearest_rows: the branch marker is not in the compiled query once")
        position = _placeholders(before)
        parts, all_params = [], []
        for branch_sql, branch_params in compiled["branches"]:
            parts.append(f"{before}{branch_sql}{after}")
            all_params += [*params[:position], *branch_params, *params[position:]]
        quote = connections[self.db].ops.quote_name
        meta = Initiative._meta
        table, title = quote(meta.db_table), quote(meta.get_field("title").column)
        columns = "".join(f", {table}.{quote(meta.get_field(name).column)}" for name in fields)
        sql = (  # quoted names and Django's own SQL for the branches
            f"WITH found (pk, distance_km) AS ({' UNION ALL '.join(parts)}) "  # noqa: S608
            f"SELECT found.pk, found.distance_km{columns} FROM found "
            f"INNER JOIN {table} ON {table}.{quote(meta.pk.column)} = found.pk "
            f"ORDER BY found.distance_km IS NULL, found.distance_km, {table}.{title}, found.pk"
        )
        return sql, all_params

    def visiting(self, point, km):
        """School visits that reach point: its distance is within their service radius (without
        one: within km). Annotated with `distance_km`; the same rule as in reachable_from."""
        return (
            self.with_point()
            .filter(_visit_box_q(point))
            .annotate(distance_km=distance_expression(point))
            .filter(_visit_reach_q(km))
        )

    def bookable_now(self, now=None):
        """Booked through this portal, with an upcoming session whose booking window is open."""
        open_sessions = Session.objects.open_for_booking(now).filter(initiative=OuterRef("pk"))
        return self.filter(booking_mode=Initiative.BookingMode.BOOK_HERE).filter(Exists(open_sessions))

    def with_sessions_between(self, start=None, end=None):
        """Initiatives with a non-cancelled session starting on a day in [start, end]."""
        sessions = Session.objects.filter(initiative=OuterRef("pk"), is_cancelled=False)
        if start:
            sessions = sessions.filter(starts_at__date__gte=start)
        if end:
            sessions = sessions.filter(starts_at__date__lte=end)
        return self.filter(Exists(sessions))

    def with_next_session(self, now=None):
        """Annotate `next_session_at`: the start of the next non-cancelled session, or None."""
        upcoming = Session.objects.upcoming(now).filter(initiative=OuterRef("pk")).order_by("starts_at")
        return self.annotate(next_session_at=Subquery(upcoming.values("starts_at")[:1]))


class Initiative(QuickLoad, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        REVIEW = "review", _("ter beoordeling")
        PUBLISHED = "published", _("gepubliceerd")
        ARCHIVED = "archived", _("gearchiveerd")

    class ActivityType(models.TextChoices):
        GUEST_LESSON = "guest_lesson", _("gastles")
        COMPANY_VISIT = "company_visit", _("bedrijfsbezoek")
        WORKSHOP = "workshop", _("workshop")
        EXCURSION = "excursion", _("excursie")
        LESSON_SERIES = "lesson_series", _("lessenserie of project")
        CLUB = "club", _("club")
        EVENT = "event", _("open dag of evenement")
        ONLINE = "online", _("online")
        COMES_TO_SCHOOL = "comes_to_school", _("komt naar school")

    class LocationType(models.TextChoices):
        VENUE = "venue", _("op locatie")
        AT_SCHOOL = "at_school", _("komt naar school")
        ONLINE = "online", _("online")

    class BookingMode(models.TextChoices):
        BOOK_HERE = "book_here", _("boeken via dit portaal")
        EXTERNAL = "external", _("boeken via de website van de aanbieder")
        CONTACT = "contact", _("contact opnemen met de aanbieder")

    class CapacityUnit(models.TextChoices):
        PUPILS = "pupils", _("leerlingen")
        GROUPS = "groups", _("groepen")

    class BookedBy(models.TextChoices):
        CLASSES = "classes", _("een leraar voor de klas")
        FAMILIES = "families", _("gezinnen / ouders")
        BOTH = "both", _("allebei")

    title = models.CharField(_("titel"), max_length=200, help_text=_("Zeg wat de activiteit is, niet de campagnenaam."))
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    external_ref = models.CharField(
        _("externe referentie"),
        max_length=100,
        blank=True,
        help_text=_("Sleutel uit een bronbestand of ander systeem."),
    )
    summary = models.CharField(_("korte omschrijving"), max_length=300)
    description = models.TextField(_("beschrijving"), blank=True)
    # Photo on cards, the detail page, the map and the API (portal.pages owns images).
    image = models.ForeignKey(
        "pages.Image",
        verbose_name=_("foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Een foto van de activiteit, met een beschrijving voor wie hem niet kan zien."),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("aanbieder")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="initiatives", verbose_name=_("thema's"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="initiatives", verbose_name=_("doelgroepen")
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="initiatives", verbose_name=_("talen"))

    # School levels: po groups 1-8 and vo years 1-6 as ranges (empty = not for that level).
    po_group_from = models.PositiveSmallIntegerField(_("po vanaf groep"), null=True, blank=True)
    po_group_to = models.PositiveSmallIntegerField(_("po tot en met groep"), null=True, blank=True)
    vo_year_from = models.PositiveSmallIntegerField(_("vo vanaf leerjaar"), null=True, blank=True)
    vo_year_to = models.PositiveSmallIntegerField(_("vo tot en met leerjaar"), null=True, blank=True)
    for_vmbo = models.BooleanField(
        _("vmbo"), default=False, help_text=_("Voor het vmbo: alle leerwegen, tenzij je hieronder leerwegen kiest.")
    )
    # The vmbo tracks (leerwegen). for_vmbo is on whenever one is; for_vmbo alone means all three.
    for_vmbo_bl = models.BooleanField(_("vmbo basis"), default=False)
    for_vmbo_kl = models.BooleanField(_("vmbo kader"), default=False)
    for_vmbo_gt = models.BooleanField(_("vmbo gemengd/theoretisch"), default=False)
    for_havo = models.BooleanField(_("havo"), default=False)
    for_vwo = models.BooleanField(_("vwo"), default=False)
    levels_unknown = models.BooleanField(
        _("schoolniveau onbekend"),
        default=False,
        help_text=_("Aan: de bronnen zeggen niet voor welke groepen of leerjaren dit is (navragen bij de aanbieder)."),
    )

    # Empty: not known yet (entries from public sources); the import asks for it or for "onbekend".
    activity_type = models.CharField(_("soort activiteit"), max_length=20, choices=ActivityType, blank=True)
    practice_level = models.PositiveSmallIntegerField(
        _("praktijkgerichtheid"),
        choices=PracticeLevel,
        null=True,
        blank=True,
        help_text=_(
            "1 kijken en luisteren · 2 zelf proberen met begeleiding · 3 zelf maken of onderzoeken · "
            "4 echte praktijk met vakmensen."
        ),
    )

    # Where it happens.
    location_type = models.CharField(_("waar"), max_length=12, choices=LocationType, default=LocationType.VENUE)
    venue_name = models.CharField(_("naam locatie"), max_length=150, blank=True)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    place_name = models.CharField(_("plaats"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("gemeente"),
    )
    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)
    is_point_approximate = models.BooleanField(
        _("locatie bij benadering"),
        default=False,
        help_text=_("Punt afgeleid van de postcode (PC4), niet van het adres."),
    )
    service_radius_km = models.DecimalField(
        _("komt naar scholen binnen (km)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Alleen voor activiteiten die naar school komen: gemeten vanaf het punt hierboven."),
    )

    duration_minutes = models.PositiveIntegerField(_("duur (minuten)"), null=True, blank=True)
    duration_note = models.CharField(_("toelichting duur"), max_length=150, blank=True)
    # None: the cost is not known (shown as "prijs: navragen bij de aanbieder", never as free).
    is_free = models.BooleanField(
        _("gratis"), null=True, blank=True, default=None, help_text=_("Leeg: onbekend (navragen bij de aanbieder).")
    )
    price = models.DecimalField(_("prijs (€)"), max_digits=8, decimal_places=2, null=True, blank=True)
    price_note = models.CharField(_("toelichting prijs"), max_length=150, blank=True)
    group_size_min = models.PositiveIntegerField(_("minimale groepsgrootte"), null=True, blank=True)
    group_size_max = models.PositiveIntegerField(_("maximale groepsgrootte"), null=True, blank=True)
    capacity_unit = models.CharField(
        _("capaciteit geteld in"), max_length=10, choices=CapacityUnit, default=CapacityUnit.PUPILS
    )

    booking_mode = models.CharField(_("boeken"), max_length=12, choices=BookingMode, default=BookingMode.BOOK_HERE)
    booking_url = models.URLField(_("boekingslink"), blank=True)
    contact_email = models.EmailField(_("e-mailadres contact"), blank=True)
    contact_phone = models.CharField(_("telefoon contact"), max_length=30, blank=True)

    # Booking rules (bookings app); per-session fields override the window.
    class ConfirmationMode(models.TextChoices):
        AUTO = "auto", _("automatisch bevestigen")
        MANUAL = "manual", _("aanbieder of coördinator bevestigt")

    class WaitlistMode(models.TextChoices):
        PROVIDER_PICKS = "provider_picks", _("aanbieder kiest van de wachtlijst")
        AUTO_OFFER = "auto_offer", _("eerste passende aanvraag op de wachtlijst schuift automatisch door")
        HOLD_OFFER = "hold_offer", _("eerste passende aanvraag krijgt de plek een aantal uur aangeboden")

    booking_opens_days_before = models.PositiveSmallIntegerField(
        _("boeken kan vanaf (dagen vooraf)"),
        null=True,
        blank=True,
        help_text=_("Leeg: boeken kan meteen zodra de datum bekend is."),
    )
    booking_closes_days_before = models.PositiveSmallIntegerField(
        _("boeken sluit (dagen vooraf)"),
        default=2,
        help_text=_("Zoveel dagen voor de activiteit sluit het boeken."),
    )
    confirmation_mode = models.CharField(
        _("bevestiging"),
        max_length=10,
        choices=ConfirmationMode,
        default=ConfirmationMode.MANUAL,
        help_text=_("Automatisch: een aanvraag met plek is meteen bevestigd. Anders beslist de aanbieder."),
    )
    waitlist_mode = models.CharField(
        _("wachtlijst"),
        max_length=20,
        choices=WaitlistMode,
        default=WaitlistMode.HOLD_OFFER,
        help_text=_("Wat er gebeurt als er een plek vrijkomt in een volle sessie."),
    )
    waitlist_hold_hours = models.PositiveSmallIntegerField(
        _("aangeboden plek vasthouden (uren)"),
        default=48,
        help_text=_("Bij 'plek aanbieden': zo lang heeft de eerste op de wachtlijst om de plek aan te nemen."),
    )
    sessions_required = models.PositiveSmallIntegerField(
        _("aantal sessies per groep"),
        default=1,
        help_text=_("Een groep boekt dit aantal sessies samen (bijvoorbeeld een lessenserie van 3 keer)."),
    )
    offers_bus_transport = models.BooleanField(
        _("gratis busvervoer mogelijk"),
        default=False,
        help_text=_("Scholen die voldoen aan de busregels kunnen bij het boeken gratis busvervoer aanvragen."),
    )

    # Parent-friendly flags (MRDH role 1: involve parents).
    is_family_activity = models.BooleanField(
        _("ouder en kind samen"), default=False, help_text=_("Ouders doen samen met hun kind mee.")
    )
    parents_welcome = models.BooleanField(
        _("ouders welkom"), default=False, help_text=_("Ouders mogen meekijken of meedoen.")
    )
    is_outside_school_hours = models.BooleanField(_("buiten schooltijd"), default=False)
    # Who books through this portal (initiatives/bookings/audience.py reads it for every page and form).
    booked_by = models.CharField(
        _("wie boekt"),
        max_length=10,
        choices=BookedBy,
        default=BookedBy.CLASSES,
        # The admin's one explanation of who books (the "Ouders" fieldset has no description of its own).
        help_text=_(
            "Alleen bij boeken via dit portaal. Een leraar voor de klas: de school kiest groep of leerjaar en het "
            "aantal leerlingen. Gezinnen / ouders: aanmelden zonder school; kinderen en volwassenen tellen mee, en "
            "het schoolniveau zegt dan alleen voor welke leeftijd het is. Allebei: beide formulieren. Bij 'ouder en "
            "kind samen' melden gezinnen zich aan. Een avond alleen voor ouders: gezinnen / ouders, zonder 'ouder "
            "en kind samen'; dan mag een volwassene zonder kinderen komen."
        ),
    )

    # Where it runs besides its own point: the whole region, or several municipalities.
    is_region_wide = models.BooleanField(
        _("in de hele regio"), default=False, help_text=_("Het aanbod is er voor scholen in de hele regio.")
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="initiatives_served",
        verbose_name=_("ook in gemeenten"),
        help_text=_("Gemeenten waar dit aanbod ook loopt."),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("programma"),
        help_text=_("Het programma of netwerk waar dit initiatief bij hoort."),
    )
    ends_on = models.DateField(_("loopt tot"), null=True, blank=True, help_text=_("Leeg: loopt door."))
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("opvolger"),
        help_text=_("Het initiatief dat dit aanbod voortzet."),
    )

    campus = models.ForeignKey(
        Campus,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("campus"),
        help_text=_("Leeg laten: de dichtstbijzijnde campus wordt berekend."),
    )
    campus_is_manual = models.BooleanField(_("campus handmatig gekozen"), default=False)

    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    last_verified_on = models.DateField(_("laatst gecontroleerd op"), null=True, blank=True)
    source = models.CharField(
        _("bron"),
        max_length=1000,
        blank=True,
        help_text=_("Waar deze gegevens vandaan komen: een of meer webadressen, gescheiden door “ ; ”."),
    )
    source_seen = models.CharField(
        _("bron gezien"),
        max_length=10,
        blank=True,
        help_text=_("Wanneer de bron dit zo beschreef: jjjj, jjjj-mm of jjjj-mm-dd; leeg of “onbekend”."),
    )
    is_demo = models.BooleanField(_("demodata"), default=False, help_text=_("Voorbeeldinhoud, geen echt aanbod."))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    objects = InitiativeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        ordering = ["title"]
        constraints = [
            inside_netherlands_constraint(
                "initiative_point_in_nl",
                nullable=True,
                violation_error_message=POINT_IN_NL_MESSAGE,
                violation_error_code="initiative_point_in_nl",
            ),
            models.CheckConstraint(
                condition=(Q(po_group_from__isnull=True, po_group_to__isnull=True))
                | Q(
                    po_group_from__gte=1,
                    po_group_to__lte=8,
                    po_group_from__lte=F("po_group_to"),
                    po_group_to__isnull=False,
                ),
                name="initiative_po_group_range",
                violation_error_message=_(
                    "Vul “po vanaf groep” en “po tot en met groep” allebei in, van laag naar hoog. "
                    "Groepen lopen van 1 tot en met 8."
                ),
                violation_error_code="initiative_po_group_range",
            ),
            models.CheckConstraint(
                condition=(Q(vo_year_from__isnull=True, vo_year_to__isnull=True))
                | Q(
                    vo_year_from__gte=1, vo_year_to__lte=6, vo_year_from__lte=F("vo_year_to"), vo_year_to__isnull=False
                ),
                name="initiative_vo_year_range",
                violation_error_message=_(
                    "Vul “vo vanaf leerjaar” en “vo tot en met leerjaar” allebei in, van laag naar hoog. "
                    "Leerjaren lopen van 1 tot en met 6."
                ),
                violation_error_code="initiative_vo_year_range",
            ),
            models.CheckConstraint(
                condition=Q(practice_level__isnull=True) | Q(practice_level__gte=1, practice_level__lte=4),
                name="initiative_practice_level_range",
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="initiative_price_not_negative",
                violation_error_message=_("De prijs kan niet negatief zijn."),
                violation_error_code="initiative_price_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(group_size_min__isnull=True)
                | Q(group_size_max__isnull=True)
                | Q(group_size_min__lte=F("group_size_max")),
                name="initiative_group_size_range",
                violation_error_message=_("De minimale groepsgrootte is groter dan de maximale."),
                violation_error_code="initiative_group_size_range",
            ),
            models.UniqueConstraint(
                fields=["external_ref"],
                condition=~Q(external_ref=""),
                name="initiative_unique_external_ref",
                violation_error_message=_("Deze externe referentie hoort al bij een ander initiatief."),
                violation_error_code="initiative_unique_external_ref",
            ),
            models.CheckConstraint(
                condition=Q(sessions_required__gte=1, sessions_required__lte=20),
                name="initiative_sessions_required_range",
            ),
        ]
        indexes = [
            # Bounding-box prefilter of the distance search.
            models.Index(fields=["status", "latitude", "longitude"], name="initiative_status_point_idx"),
            # Distance search per kind: venues in a small box, school visits in their (larger) service box,
            # on the coordinates as floats (float_box_q: a float comparison costs a fraction of a decimal one).
            # The columns after the box cover what nearest_rows reads and the usual filters (groups, years):
            # its scans answer from the index alone, without visiting the table for every row in the box.
            models.Index(
                F("status"),
                F("location_type"),
                Cast("latitude", FloatField()),
                Cast("longitude", FloatField()),
                *(F(name) for name in REACH_INDEX_COVERS),
                name="initiative_reach_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.sync_vmbo_tracks()
        if not self.campus_is_manual:
            self.campus = self.nearest_campus()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return detail_url(self.slug)

    def clean(self):
        super().clean()
        if self.booking_mode != self.BookingMode.BOOK_HERE:
            return  # who books only matters when the booking goes through this portal
        problems = []
        takes_classes = self.booked_by in (self.BookedBy.CLASSES, self.BookedBy.BOTH)
        has_level = self.is_for_po or self.is_for_vo or self.levels_unknown
        # A class books for a group or year, counted in pupils. Checked on publishing: a draft or an entry in
        # review may get its level later (and a parents' evening is for families, not classes).
        if takes_classes and not has_level and self.status == self.Status.PUBLISHED:
            problems.append(BOOKED_BY_NEEDS_LEVEL)
        if self.booked_by == self.BookedBy.CLASSES and self.is_family_activity:
            problems.append(FAMILY_ACTIVITY_NEEDS_FAMILIES)
        if problems:
            raise ValidationError({"booked_by": problems})

    VMBO_TRACK_FIELDS = ("for_vmbo_bl", "for_vmbo_kl", "for_vmbo_gt")

    def sync_vmbo_tracks(self, *, vmbo_turned_off=False):
        """One meaning for the vmbo fields: a track implies vmbo; vmbo without a track means every
        track; vmbo turned off (in the admin or a spreadsheet) clears the tracks."""
        if vmbo_turned_off and not self.for_vmbo:
            for name in self.VMBO_TRACK_FIELDS:
                setattr(self, name, False)
        elif any(getattr(self, name) for name in self.VMBO_TRACK_FIELDS):
            self.for_vmbo = True
        elif self.for_vmbo:
            for name in self.VMBO_TRACK_FIELDS:
                setattr(self, name, True)

    def nearest_campus(self):
        """The nearest active campus whose radius contains this initiative's point, or None."""
        from campuses.location import nearest_campus

        return nearest_campus(Point.of(self))

    @property
    def source_urls(self):
        """The web addresses in source (one or more, separated by " ; ")."""
        return [part.strip() for part in self.source.split(" ; ") if part.strip().startswith(("http://", "https://"))]

    @property
    def is_for_po(self):
        return self.po_group_from is not None

    @property
    def is_for_vo(self):
        return self.vo_year_from is not None

    @property
    def practice_level_explanation(self):
        return PRACTICE_LEVEL_EXPLANATIONS.get(self.practice_level, "")


class SessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now(), is_cancelled=False)

    def open_for_booking(self, now=None):
        """Upcoming sessions whose booking window contains now: the same rule as Session.is_bookable.

        A window comes from the session's own dates or else from its initiative's "N days before"
        rules. SQLite cannot multiply a duration by a column, so the rule is spelled out per
        distinct N in use (a handful of values; one small query).
        """
        now = now or timezone.now()
        # order_by(): with the model's ordering (title) distinct() would keep one rule per title.
        rules = (
            Initiative.objects.order_by()
            .values_list("booking_opens_days_before", "booking_closes_days_before")
            .distinct()
        )
        opens_by_rule, closes_by_rule = Q(pk__in=[]), Q(pk__in=[])
        for opens_days, closes_days in rules:
            closes_by_rule |= Q(
                initiative__booking_closes_days_before=closes_days, starts_at__gt=now + timedelta(days=closes_days)
            )
            if opens_days is not None:
                opens_by_rule |= Q(
                    initiative__booking_opens_days_before=opens_days, starts_at__lte=now + timedelta(days=opens_days)
                )
        opens = Q(booking_opens_at__lte=now) | Q(
            Q(initiative__booking_opens_days_before__isnull=True) | opens_by_rule, booking_opens_at__isnull=True
        )
        closes = Q(booking_closes_at__gt=now) | Q(closes_by_rule, booking_closes_at__isnull=True)
        return self.upcoming(now).filter(opens, closes)


class Session(models.Model):
    """A dated occurrence of an initiative."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("initiatief")
    )
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    capacity = models.PositiveIntegerField(
        _("capaciteit"), help_text=_("In leerlingen of groepen, zoals bij het initiatief ingesteld.")
    )
    booking_opens_at = models.DateTimeField(_("boeken mogelijk vanaf"), null=True, blank=True)
    booking_closes_at = models.DateTimeField(_("boeken mogelijk tot"), null=True, blank=True)
    is_cancelled = models.BooleanField(_("geannuleerd"), default=False)
    note = models.CharField(_("opmerking"), max_length=250, blank=True)
    # Optional venue override (e.g. a club that meets elsewhere on one date).
    venue_name = models.CharField(_("naam locatie"), max_length=150, blank=True)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    objects = SessionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("Het einde moet na het begin liggen."),
                violation_error_code="session_ends_after_start",
            ),
            inside_netherlands_constraint(
                "session_point_in_nl",
                nullable=True,
                violation_error_message=POINT_IN_NL_MESSAGE,
                violation_error_code="session_point_in_nl",
            ),
            models.CheckConstraint(
                condition=Q(booking_opens_at__isnull=True)
                | Q(booking_closes_at__isnull=True)
                | Q(booking_opens_at__lt=F("booking_closes_at")),
                name="session_booking_window_order",
                violation_error_message=_("Boeken moet eerst open gaan en dan sluiten."),
                violation_error_code="session_booking_window_order",
            ),
        ]
        indexes = [models.Index(fields=["initiative", "starts_at"], name="session_initiative_start_idx")]

    def __str__(self):
        return f"{self.initiative} – {timezone.localtime(self.starts_at):%d-%m-%Y %H:%M}"

    @property
    def seats_left(self):
        """Seats free for a new booking: not held, and not due to the waitlist. Needs the count of
        initiatives.bookings.seats (`with_seats_taken()` or the services' lock), which sets
        `seats_taken` and `seats_reserved`."""
        return max(self.capacity - self.seats_taken - getattr(self, "seats_reserved", 0), 0)

    @property
    def booking_window(self):
        """(opens_at, closes_at) from the per-session override or the initiative's days-before rule."""
        initiative = self.initiative
        opens_at = self.booking_opens_at
        if opens_at is None and initiative.booking_opens_days_before is not None:
            opens_at = self.starts_at - timedelta(days=initiative.booking_opens_days_before)
        closes_at = self.booking_closes_at or self.starts_at - timedelta(days=initiative.booking_closes_days_before)
        return opens_at, closes_at

    def is_bookable(self, now=None):
        now = now or timezone.now()
        opens_at, closes_at = self.booking_window
        return not self.is_cancelled and (opens_at is None or opens_at <= now) and now < closes_at
