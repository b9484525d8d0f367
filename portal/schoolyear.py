"""The Dutch school year, 1 August to 31 July, named by the year it starts in."""

import datetime
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class SchoolYear:
    start_year: int

    @classmethod
    def containing(cls, day):
        return cls(day.year if day.month >= 8 else day.year - 1)

    @classmethod
    def current(cls):
        return cls.containing(timezone.localdate())

    @property
    def first_day(self):
        return datetime.date(self.start_year, 8, 1)

    @property
    def next_first_day(self):
        """Exclusive end: 1 August of the next year."""
        return datetime.date(self.start_year + 1, 8, 1)

    @property
    def starts_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.first_day, datetime.time()))

    @property
    def ends_at(self):
        """Exclusive end: 1 August of the next year, 00.00."""
        return timezone.make_aware(datetime.datetime.combine(self.next_first_day, datetime.time()))

    def __str__(self):
        return f"{self.start_year}/{self.start_year + 1}"


@dataclass(frozen=True)
class Holiday:
    name: str
    first_day: datetime.date
    last_day: datetime.date


# The school holidays of regio midden (Rotterdam, Den Haag and the rest of the MRDH), as published by
# the Rijksoverheid (rijksoverheid.nl, "Schoolvakanties"). Add the next school year here each spring.
REGIONAL_HOLIDAYS = (
    Holiday("Herfstvakantie", datetime.date(2025, 10, 18), datetime.date(2025, 10, 26)),
    Holiday("Kerstvakantie", datetime.date(2025, 12, 20), datetime.date(2026, 1, 4)),
    Holiday("Voorjaarsvakantie", datetime.date(2026, 2, 14), datetime.date(2026, 2, 22)),
    Holiday("Meivakantie", datetime.date(2026, 4, 25), datetime.date(2026, 5, 3)),
    Holiday("Zomervakantie", datetime.date(2026, 7, 18), datetime.date(2026, 8, 30)),
    Holiday("Herfstvakantie", datetime.date(2026, 10, 17), datetime.date(2026, 10, 25)),
    Holiday("Kerstvakantie", datetime.date(2026, 12, 19), datetime.date(2027, 1, 3)),
    Holiday("Voorjaarsvakantie", datetime.date(2027, 2, 20), datetime.date(2027, 2, 28)),
    Holiday("Meivakantie", datetime.date(2027, 4, 24), datetime.date(2027, 5, 2)),
    Holiday("Zomervakantie", datetime.date(2027, 7, 17), datetime.date(2027, 8, 29)),
)


def next_holiday(day=None):
    """The school holiday going on at day, else the next one; None when the list has run out."""
    day = day or timezone.localdate()
    return next((holiday for holiday in REGIONAL_HOLIDAYS if holiday.last_day >= day), None)
