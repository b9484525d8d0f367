from .bookings import Booking, BookingEvent, BusBudget, BusEligibilityRule, BusRequest
from .catalog import Initiative, Session
from .staff import StaffProfile
from .version import CatalogVersion
from .vocabularies import PRACTICE_LEVEL_EXPLANATIONS, Language, PracticeLevel, Provider, TargetGroup, Theme

__all__ = [
    "Booking",
    "BookingEvent",
    "BusBudget",
    "BusEligibilityRule",
    "BusRequest",
    "CatalogVersion",
    "PRACTICE_LEVEL_EXPLANATIONS",
    "Initiative",
    "Language",
    "PracticeLevel",
    "Provider",
    "Session",
    "StaffProfile",
    "TargetGroup",
    "Theme",
]
