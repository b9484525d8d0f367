"""Geography: municipalities, postcodes, places, campuses, school branches, vmbo profiles.

Reference data comes from ../shared/data through `manage.py load_reference_data`; campuses
are seeded from that data too but are owned and corrected by coordinators in the admin.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .geo import (
    Point,
    inside_netherlands_constraint,
    latitude_field,
    longitude_field,
    normalize_name,
)


class Located:
    """A row with latitude and longitude: its point, for the distance functions of campuses.geo."""

    @property
    def point(self):
        return Point.of(self)


class FoundByName:
    """A row people look up by what they type: `search_name` (normalize_name) follows `name` on every save."""

    def save(self, *args, **kwargs):
        self.search_name = normalize_name(self.name)
        super().save(*args, **kwargs)


class Municipality(models.Model):
    code = models.CharField(_("CBS-code"), max_length=6, unique=True, help_text=_("Bijvoorbeeld GM0599."))
    name = models.CharField(_("naam"), max_length=100)
    province = models.CharField(_("provincie"), max_length=50)
    is_zuid_holland = models.BooleanField(_("in Zuid-Holland"), default=False)
    is_mrdh = models.BooleanField(_("in MRDH"), default=False)
    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)

    objects = models.Manager()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]
        constraints = [inside_netherlands_constraint("municipality_point_in_nl", nullable=True)]

    def __str__(self):
        return self.name


class PostcodeArea(Located, models.Model):
    """A 4-digit postcode (PC4) with an approximate centre point."""

    pc4 = models.CharField(_("postcode (4 cijfers)"), max_length=4, unique=True)
    place_name = models.CharField(_("hoofdplaats"), max_length=100)
    place_names = models.CharField(_("alle plaatsen"), max_length=400, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="postcode_areas", verbose_name=_("gemeente")
    )
    latitude = latitude_field()
    longitude = longitude_field()
    coordinate_source = models.CharField(_("bron coördinaten"), max_length=30, blank=True)

    objects = models.Manager()

    class Meta:
        verbose_name = _("postcodegebied")
        verbose_name_plural = _("postcodegebieden")
        ordering = ["pc4"]
        constraints = [
            inside_netherlands_constraint("postcodearea_point_in_nl"),
            models.CheckConstraint(condition=Q(pc4__regex=r"^[1-9][0-9]{3}$"), name="postcodearea_pc4_format"),
        ]

    def __str__(self):
        return f"{self.pc4} {self.place_name}"


class PlaceQuerySet(models.QuerySet):
    def matching(self, text):
        """Places whose name or one of whose aliases equals text, case and accents forgiven."""
        key = normalize_name(text)
        return self.filter(Q(search_name=key) | Q(aliases__search_name=key)).distinct()

    def best_first(self):
        """The place most likely meant first when a name is ambiguous: MRDH, then Zuid-Holland, then population."""
        return self.order_by(
            F("municipality__is_mrdh").desc(),
            F("municipality__is_zuid_holland").desc(),
            F("population").desc(nulls_last=True),
            "name",
        )


class Place(FoundByName, Located, models.Model):
    """A woonplaats. Official names ('s-Gravenhage); people's names live in PlaceAlias."""

    name = models.CharField(_("naam"), max_length=100)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="places", verbose_name=_("gemeente")
    )
    latitude = latitude_field()
    longitude = longitude_field()
    pc4_list = models.TextField(_("postcodes"), blank=True)
    population = models.PositiveIntegerField(_("inwoners (GeoNames)"), null=True, blank=True)
    geonameid = models.PositiveIntegerField(null=True, blank=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("plaats")
        verbose_name_plural = _("plaatsen")
        ordering = ["name"]
        constraints = [
            inside_netherlands_constraint("place_point_in_nl"),
            models.UniqueConstraint(fields=["name", "municipality"], name="place_unique_name_per_municipality"),
        ]

    def __str__(self):
        return f"{self.name} ({self.municipality})" if self.name != self.municipality.name else self.name


class PlaceAlias(FoundByName, models.Model):
    """What people type for a place: "Den Haag" for 's-Gravenhage, "Hoogvliet"."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=100)
    search_name = models.CharField(max_length=100, unique=True, editable=False)
    pc4 = models.CharField(
        _("postcode van de wijk"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("Vul 4 cijfers in, bijvoorbeeld 2586."))],
        help_text=_(
            "Voor een wijk of dorpskern (Scheveningen: 2586): zoeken op deze naam begint bij deze postcode "
            "in plaats van het midden van de plaats."
        ),
    )

    class Meta:
        verbose_name = _("alternatieve plaatsnaam")
        verbose_name_plural = _("alternatieve plaatsnamen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Campus(Located, models.Model):
    class Precision(models.TextChoices):
        ADDRESS = "address", _("adres")
        PC4 = "pc4", _("midden van postcodegebied")
        PLACE = "place", _("midden van plaats")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=150)
    consortium = models.CharField(_("consortium"), max_length=150, blank=True)
    themes = models.CharField(_("thema's"), max_length=250, blank=True)
    description = models.TextField(_("beschrijving"), blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="campuses", verbose_name=_("gemeente")
    )
    place_name = models.CharField(_("plaats"), max_length=100, blank=True)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    location_precision = models.CharField(
        _("precisie van de locatie"), max_length=10, choices=Precision, default=Precision.PLACE
    )
    radius_km = models.DecimalField(_("straal (km)"), max_digits=4, decimal_places=1, default=10)
    source = models.CharField(_("bron"), max_length=250, blank=True)
    note = models.TextField(_("opmerking"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    updated_at = models.DateTimeField(auto_now=True)  # for reusers of the open data (updated_at in the API)

    objects = models.Manager()

    class Meta:
        verbose_name = _("campus")
        verbose_name_plural = _("campussen")
        ordering = ["name"]
        constraints = [
            inside_netherlands_constraint("campus_point_in_nl"),
            models.CheckConstraint(condition=Q(radius_km__gt=0, radius_km__lte=50), name="campus_radius_range"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campuses:detail", kwargs={"slug": self.slug})


class SchoolQuerySet(models.QuerySet):
    def primary(self):
        return self.filter(kind=School.Kind.PO)


class School(FoundByName, Located, models.Model):
    """A school branch (vestiging) from DUO's open data."""

    class Kind(models.TextChoices):
        PO = "po", _("basisonderwijs")
        VO = "vo", _("voortgezet onderwijs")

    code = models.CharField(_("vestigingscode"), max_length=8, unique=True)
    brin = models.CharField(_("BRIN"), max_length=4, db_index=True)
    kind = models.CharField(_("soort"), max_length=2, choices=Kind)
    name = models.CharField(_("naam"), max_length=250)
    search_name = models.CharField(max_length=250, editable=False, db_index=True)
    denomination = models.CharField(_("denominatie"), max_length=100, blank=True)
    street = models.CharField(_("straat"), max_length=150, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    pc4 = models.CharField(_("postcode (4 cijfers)"), max_length=4, blank=True, db_index=True)
    place_name = models.CharField(_("plaats"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="schools", verbose_name=_("gemeente")
    )
    website = models.CharField(_("website"), max_length=250, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    coordinate_source = models.CharField(_("bron coördinaten"), max_length=30, blank=True)
    # Secondary schools only.
    structure = models.CharField(_("onderwijsstructuur"), max_length=60, blank=True)
    has_pro = models.BooleanField(_("praktijkonderwijs"), default=False)
    has_vmbo = models.BooleanField(_("vmbo"), default=False)
    has_havo = models.BooleanField(_("havo"), default=False)
    has_vwo = models.BooleanField(_("vwo"), default=False)
    duo_reference = models.CharField(_("DUO-stand"), max_length=100, blank=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("school (vestiging)")
        verbose_name_plural = _("scholen (vestigingen)")
        ordering = ["name"]
        constraints = [inside_netherlands_constraint("school_point_in_nl")]
        indexes = [
            # Bounding-box prefilter of distance queries ("schools near a campus").
            models.Index(fields=["latitude", "longitude"], name="school_point_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.place_name})"


class VmboProfile(models.Model):
    """A vmbo profile. Which ones count as "hard" techniek is a coordinator's choice."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    sector = models.CharField(_("sector"), max_length=60, blank=True)
    is_technical = models.BooleanField(_("technisch profiel"), default=False)
    is_hard = models.BooleanField(
        _("harde techniek"),
        default=False,
        help_text=_("Telt mee als 'harde' techniek in de vmbo-analyse (standaard BWI, PIE, MOBT en MaT)."),
    )

    class Meta:
        verbose_name = _("vmbo-profiel")
        verbose_name_plural = _("vmbo-profielen")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} ({self.name})"


class VmboProfileOffer(models.Model):
    """A profile (or sector) a branch offered in a learning track, with pupils in years 3 and 4."""

    class Track(models.TextChoices):
        BL = "BL", _("basisberoepsgerichte leerweg")
        KL = "KL", _("kaderberoepsgerichte leerweg")
        GL = "GL", _("gemengde leerweg")
        TL = "TL", _("theoretische leerweg")

    branch_code = models.CharField(_("vestigingscode"), max_length=8, db_index=True)
    school = models.ForeignKey(School, on_delete=models.SET_NULL, null=True, blank=True, related_name="vmbo_offers")
    branch_name = models.CharField(_("naam (2019)"), max_length=250)
    branch_place = models.CharField(_("plaats (2019)"), max_length=100, blank=True)
    track = models.CharField(_("leerweg"), max_length=2, choices=Track)
    sector = models.CharField(_("sector"), max_length=60, blank=True)
    programme = models.CharField(_("profiel of afdeling"), max_length=100, blank=True)
    profile = models.ForeignKey(VmboProfile, on_delete=models.PROTECT, null=True, blank=True, related_name="offers")
    is_technical = models.BooleanField(_("techniek"), default=False)
    pupils_year3 = models.PositiveIntegerField(_("leerlingen leerjaar 3"), default=0)
    pupils_year4 = models.PositiveIntegerField(_("leerlingen leerjaar 4"), default=0)
    branch_exists_2026 = models.BooleanField(_("vestiging bestaat in 2026"), default=True)
    reference_date = models.DateField(_("peildatum"))

    class Meta:
        verbose_name = _("vmbo-profielaanbod")
        verbose_name_plural = _("vmbo-profielaanbod")
        ordering = ["branch_code", "track", "sector", "programme"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch_code", "track", "sector", "programme"], name="vmbooffer_unique_natural_key"
            ),
        ]

    def __str__(self):
        return f"{self.branch_code} {self.track} {self.programme or self.sector}"
