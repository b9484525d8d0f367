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

__all__ = [
    "Booking",
    "BusBudget",
    "BusEligibilityRule",
    "BusRequest",
    "PRACTICE_LEVEL_EXPLANATIONS",
    "Initiative",
    "Language",
    "PracticeLevel",
    "Provider",
    "Session",
    "TargetGroup",
    "Theme",
]
