from .bookings import Booking, BusBudget, BusEligibilityRule, BusRequest
from .catalog import (
    PRACTICE_LEVEL_EXPLANATIONS,
    Initiative,
    Language,
    PracticeLevel,
    Provider,
    Session,
    TargetGroup,
    Theme,
)
from .staff import StaffProfile
from .version import CatalogVersion

__all__ = [
    "Booking",
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
