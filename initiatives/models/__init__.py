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
from .bookings import Booking, BusBudget, BusEligibilityRule, BusRequest  # noqa: E402  (after catalog)

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
