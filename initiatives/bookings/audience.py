"""Who books an initiative through the portal: a teacher for a class, a family, or either (the one rule the
detail page, the booking button and the booking form follow)."""


def takes_classes(initiative):
    """Whether a teacher can book it for a class. A parent-and-child activity ("ouder en kind samen") is for
    families only when it is outside school hours (a class comes in school time) or has no school level; with
    a school level in school time, families and classes both book it."""
    if not initiative.is_family_activity:
        return True
    return (initiative.is_for_po or initiative.is_for_vo) and not initiative.is_outside_school_hours


def takes_families_and_classes(initiative):
    """A family activity that schools can also book for a class: both forms, with a link between them."""
    return initiative.is_family_activity and takes_classes(initiative)
