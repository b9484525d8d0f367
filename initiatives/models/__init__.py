from .bookings import Booking, BusBudget, BusEligibilityRule, BusRequest
from .catalog import Initiative, Session
from .coverage import CoverageSnapshot
from .staff import StaffProfile
from .version import CatalogVersion
from .vocabularies import PRACTICE_LEVEL_EXPLANATIONS, Language, PracticeLevel, Provider, TargetGroup, Theme

__all__ = [
    "Booking",
    "BusBudget",
    "BusEligibilityRule",
    "BusRequest",
    "CatalogVersion",
    "CoverageSnapshot",
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
