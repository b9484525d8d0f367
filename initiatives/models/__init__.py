from initiatives.bookings.models import Booking, BookingEvent, BusBudget, BusEligibilityRule, BusRequest

from .catalog import Initiative, Session
from .coverage import CoverageSnapshot
from .imports import ImportJob
from .review import PendingChange
from .staff import StaffProfile
from .vocabularies import (
    PRACTICE_LEVEL_EXPLANATIONS,
    Language,
    PracticeLevel,
    Programme,
    Provider,
    TargetGroup,
    Theme,
)

__all__ = [
    "Booking",
    "BookingEvent",
    "BusBudget",
    "BusEligibilityRule",
    "BusRequest",
    "CoverageSnapshot",
    "PRACTICE_LEVEL_EXPLANATIONS",
    "PendingChange",
    "ImportJob",
    "Initiative",
    "Language",
    "PracticeLevel",
    "Programme",
    "Provider",
    "Session",
    "StaffProfile",
    "TargetGroup",
    "Theme",
]
