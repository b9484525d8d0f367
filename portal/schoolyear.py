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
