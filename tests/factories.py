"""factory-boy factories. Constrained fields get fixed, valid values; names use sequences."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from campuses.models import Campus, Municipality, Place, PlaceAlias, PostcodeArea, School, VmboProfile
from initiatives.bookings.audience import inferred_booked_by
from initiatives.models import Initiative, Language, Provider, Session, TargetGroup, Theme

# Rotterdam centre; every point the factories make lies near it unless given.
ROTTERDAM = (Decimal("51.922500"), Decimal("4.479170"))
FIXED_NOW = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = "GM0599"
    name = "Rotterdam"
    province = "Zuid-Holland"
    is_zuid_holland = True
    is_mrdh = True
    latitude, longitude = ROTTERDAM


class PostcodeAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostcodeArea
        django_get_or_create = ("pc4",)

    pc4 = "3011"
    place_name = "Rotterdam"
    place_names = "Rotterdam"
    municipality = factory.SubFactory(MunicipalityFactory)
    latitude = Decimal("51.919100")
    longitude = Decimal("4.486700")


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("name", "municipality")

    name = "Rotterdam"
    municipality = factory.SubFactory(MunicipalityFactory)
    latitude, longitude = ROTTERDAM


class PlaceAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlaceAlias

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class CampusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campus
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Campus {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    municipality = factory.SubFactory(MunicipalityFactory)
    place_name = "Rotterdam"
    latitude, longitude = ROTTERDAM
    radius_km = Decimal("10.0")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n:02d}XX00"[-6:])
    brin = factory.LazyAttribute(lambda o: o.code[:4])
    kind = School.Kind.PO
    name = factory.Sequence(lambda n: f"Basisschool De Regenboog {n}")
    postcode = "3011 AB"
    pc4 = "3011"
    place_name = "Rotterdam"
    municipality = factory.SubFactory(MunicipalityFactory)
    latitude, longitude = ROTTERDAM


class VmboProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VmboProfile
        django_get_or_create = ("code",)

    code = "PIE"
    name = "Produceren, installeren en energie"
    sector = "Techniek"
    is_technical = True
    is_hard = True


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Techniekbedrijf {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Provider.Kind.COMPANY
    email = factory.Sequence(lambda n: f"aanbieder{n}@example.org")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Doelgroep {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = "nl"
    name = "Nederlands"


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Robots bouwen en programmeren {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Leerlingen bouwen en programmeren een eenvoudige robot."
    description = "Een middag zelf bouwen, testen en verbeteren."
    provider = factory.SubFactory(ProviderFactory)
    po_group_from = 5
    po_group_to = 8
    activity_type = Initiative.ActivityType.WORKSHOP
    practice_level = 3
    location_type = Initiative.LocationType.VENUE
    address = "Coolsingel 40"
    postcode = "3011 AD"
    place_name = "Rotterdam"
    latitude, longitude = ROTTERDAM
    is_free = True
    status = Initiative.Status.PUBLISHED
    last_verified_on = datetime.date(2026, 9, 1)
    source = "tests"
    # Who books follows the family flags as the data migration derives it; pass booked_by to choose.
    booked_by = factory.LazyAttribute(
        lambda o: inferred_booked_by(
            is_family_activity=getattr(o, "is_family_activity", False),
            has_school_level=o.po_group_from is not None or getattr(o, "vo_year_from", None) is not None,
            is_outside_school_hours=getattr(o, "is_outside_school_hours", False),
            target_group_slugs=(),
        )
    )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    initiative = factory.SubFactory(InitiativeFactory)
    starts_at = factory.Sequence(lambda n: timezone.now().replace(microsecond=0) + datetime.timedelta(days=7 + n))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    capacity = 30


# ---- Bookings ----
from initiatives.models import Booking, BusBudget, BusEligibilityRule, BusRequest  # noqa: E402


class BookingFactory(factory.django.DjangoModelFactory):
    """A requested booking for group 7 of a listed school; pass sessions=[...] to link sessions."""

    class Meta:
        model = Booking
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory)
    status = Booking.Status.REQUESTED
    school = factory.SubFactory(SchoolFactory)
    school_level = Booking.SchoolLevel.PO
    po_group = 7
    pupils = 28
    adults = 3
    seats = factory.LazyAttribute(lambda o: o.pupils)
    teacher_name = factory.Sequence(lambda n: f"Leraar {n}")
    email = factory.Sequence(lambda n: f"leraar{n}@school.example")
    phone = "010 123 45 67"
    language = "nl"

    @factory.post_generation
    def sessions(self, create, extracted, **kwargs):
        if create and extracted:
            self.sessions.set(extracted)
            self.starts_at = min(s.starts_at for s in extracted)
            self.ends_at = max(s.ends_at for s in extracted)
            self.save(update_fields=["starts_at", "ends_at"])


class BusBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusBudget
        django_get_or_create = ("campus", "school_year")

    campus = factory.SubFactory(CampusFactory)
    school_year = 2026
    max_trips = 10
    cost_per_trip = Decimal("250.00")


class BusEligibilityRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusEligibilityRule
        django_get_or_create = ("name",)

    name = "Basisschool groep 5-8 binnen 10 km van de campus"
    school_kind = BusEligibilityRule.SchoolKind.PO
    po_group_from = 5
    po_group_to = 8
    max_distance_km = Decimal("10.0")


class BusRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusRequest

    booking = factory.SubFactory(BookingFactory)
    budget = factory.SubFactory(BusBudgetFactory)
    pickup_address = "Schoolstraat 1, 3011 AB Rotterdam"
    passengers = 31
    estimated_cost = Decimal("250.00")


# --- content (portal/pages) ---------------------------------------------------------------------


def image_bytes(size=(1200, 800), image_format="JPEG", exif=None, color=(40, 120, 200)):
    """A real picture file of the given size (with EXIF when given)."""
    import io

    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    PillowImage.new("RGB", size, color).save(buffer, format=image_format, **options)
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    """An uploaded image, processed as the admin does (renditions, no EXIF). Needs MEDIA_ROOT in tmp."""

    class Meta:
        model = "pages.Image"

    file = factory.LazyFunction(lambda: _upload("foto.jpg", image_bytes()))
    alt_text = factory.Sequence(lambda n: f"Kinderen bouwen een robot van karton {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from portal.pages.images import process_image

        image = super()._create(model_class, *args, **kwargs)
        process_image(image)
        return image


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/jpeg")


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "pages.NewsItem"

    title = factory.Sequence(lambda n: f"Nieuwe techniekclub in Delft {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Elke woensdag bouwen kinderen samen aan robots."
    body = "<p>Meer weten? Kom langs.</p>"
    published_at = FIXED_NOW
