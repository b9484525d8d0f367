"""Distances without GeoDjango: points as latitude/longitude decimals.

At the scale of the Netherlands an equirectangular projection around the query point is
accurate to well under 0.5 % within 50 km, and it is plain arithmetic, so the same SQL runs
on SQLite and PostgreSQL. A bounding box on the indexed coordinate columns prefilters
before the exact distance is computed.
"""

import math
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import ExpressionWrapper, F, FloatField, Q
from django.db.models.functions import Cast, Sqrt
from django.utils.translation import gettext_lazy as _

# The Netherlands, with a margin for the Wadden islands and the border.
NL_LAT_MIN, NL_LAT_MAX = Decimal("50.70"), Decimal("53.60")
NL_LON_MIN, NL_LON_MAX = Decimal("3.20"), Decimal("7.30")

KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON_AT_EQUATOR = 111.320


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float

    @classmethod
    def of(cls, obj):
        """The point of a model instance with latitude/longitude, or None."""
        if obj.latitude is None or obj.longitude is None:
            return None
        return cls(float(obj.latitude), float(obj.longitude))

    def is_in_netherlands(self):
        return float(NL_LAT_MIN) <= self.latitude <= float(NL_LAT_MAX) and float(NL_LON_MIN) <= self.longitude <= float(
            NL_LON_MAX
        )

    def distance_km(self, other):
        """Great-circle distance in km (haversine), for use outside SQL."""
        lat1, lon1, lat2, lon2 = map(math.radians, (self.latitude, self.longitude, other.latitude, other.longitude))
        a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        return 6371.0088 * 2 * math.asin(math.sqrt(a))

    def km_per_degree_lon(self):
        return KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(self.latitude))


def bounding_box_q(point, km, prefix=""):
    """A Q that keeps rows whose point lies in the square of +/- km around point."""
    dlat = km / KM_PER_DEGREE_LAT
    dlon = km / point.km_per_degree_lon()
    return Q(
        **{
            f"{prefix}latitude__gte": point.latitude - dlat,
            f"{prefix}latitude__lte": point.latitude + dlat,
            f"{prefix}longitude__gte": point.longitude - dlon,
            f"{prefix}longitude__lte": point.longitude + dlon,
        }
    )


def distance_expression(point, prefix=""):
    """SQL expression for the distance in km from point to the row's latitude/longitude."""
    # Float arithmetic: on PostgreSQL, numeric (decimal) arithmetic and sqrt are several times slower.
    dy = (Cast(F(f"{prefix}latitude"), FloatField()) - point.latitude) * KM_PER_DEGREE_LAT
    dx = (Cast(F(f"{prefix}longitude"), FloatField()) - point.longitude) * point.km_per_degree_lon()
    return ExpressionWrapper(Sqrt(dx * dx + dy * dy), output_field=FloatField())


def inside_netherlands_constraint(name, nullable=False):
    """CheckConstraint keeping latitude/longitude inside the Netherlands (or both empty)."""
    inside = Q(
        latitude__gte=NL_LAT_MIN,
        latitude__lte=NL_LAT_MAX,
        longitude__gte=NL_LON_MIN,
        longitude__lte=NL_LON_MAX,
    )
    if nullable:
        inside |= Q(latitude__isnull=True, longitude__isnull=True)
    return models.CheckConstraint(condition=inside, name=name)


def latitude_field(**kwargs):
    return models.DecimalField(_("breedtegraad"), max_digits=8, decimal_places=6, **kwargs)


def longitude_field(**kwargs):
    return models.DecimalField(_("lengtegraad"), max_digits=9, decimal_places=6, **kwargs)


def normalize_name(text):
    """Lower case, accents and punctuation folded: "'s-Gravenhage" -> "s gravenhage"."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.lower())
    return " ".join(cleaned.split())
