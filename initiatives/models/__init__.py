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

__all__ = [
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
