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
    "PRACTICE_LEVEL_EXPLANATIONS",
    "Initiative",
    "Language",
    "PracticeLevel",
    "Provider",
    "Session",
    "TargetGroup",
    "Theme",
]
