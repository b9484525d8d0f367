"""Who books an initiative through the portal: a teacher for a class, a family, or either. The initiative says
so in `booked_by`; the detail page, the booking button, the booking form and the booking service read it
here, and nowhere else."""

from ..models.catalog import Initiative
from ..models.vocabularies import TargetGroup

BookedBy = Initiative.BookedBy


def takes_classes(initiative):
    """Whether a teacher can book it for a class (the class form: school, group or year, pupils)."""
    return initiative.booked_by in (BookedBy.CLASSES, BookedBy.BOTH)


def takes_families(initiative):
    """Whether families or parents sign up for it (the family form: no school)."""
    return initiative.booked_by in (BookedBy.FAMILIES, BookedBy.BOTH)


def takes_families_and_classes(initiative):
    """Both forms, with a link between them."""
    return initiative.booked_by == BookedBy.BOTH


def is_for_parents(initiative):
    """Families sign up, but it is no parent-and-child activity (a parents' evening): an adult may come alone."""
    return takes_families(initiative) and not initiative.is_family_activity


def inferred_booked_by(*, is_family_activity, has_school_level, is_outside_school_hours, target_group_slugs):
    """Who books, derived as the portal did before it was a field: for a spreadsheet row with an empty "wie boekt"
    (migration 0016 holds a frozen copy of this rule). A parent-and-child activity is for families only outside
    school hours (a class comes in school time) or without a school level; with a school level in school time
    both book it. An activity aimed only at parents, without a school level, is for families (parents) too."""
    if is_family_activity:
        return BookedBy.BOTH if has_school_level and not is_outside_school_hours else BookedBy.FAMILIES
    if set(target_group_slugs) == {TargetGroup.PARENTS_SLUG} and not has_school_level:
        return BookedBy.FAMILIES
    return BookedBy.CLASSES


def inferred_booked_by_of(initiative, target_group_slugs):
    """inferred_booked_by for an initiative (also a historical model in a migration), given its target groups."""
    return inferred_booked_by(
        is_family_activity=initiative.is_family_activity,
        has_school_level=initiative.po_group_from is not None or initiative.vo_year_from is not None,
        is_outside_school_hours=initiative.is_outside_school_hours,
        target_group_slugs=target_group_slugs,
    )
