"""Who books an initiative through the portal: a teacher for a class, a family, or either. The initiative says
so in `booked_by`; the detail page, the booking button, the booking form and the booking service read it
here, and nowhere else. Which classes may come (their group, or year and track) is here too: the booking
form, the booking service and the bus answer ask `po_groups_for`, `tracks_for` and `class_misfits`."""

from ..models.catalog import Initiative
from ..models.vocabularies import TargetGroup
from .models import Booking

BookedBy = Initiative.BookedBy
Track = Booking.Track


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


def po_groups_for(initiative):
    """The groups (basisonderwijs) the initiative is for: its range, all eight when its levels are unknown."""
    if initiative.levels_unknown:
        return range(1, 9)
    if initiative.po_group_from is None:
        return range(0)
    return range(initiative.po_group_from, initiative.po_group_to + 1)


def tracks_for(initiative, tracks):
    """The tracks among `tracks` the initiative is for (all of them when it names none)."""
    named = {
        Track.VMBO_BL: initiative.for_vmbo_bl,
        Track.VMBO_KL: initiative.for_vmbo_kl,
        Track.VMBO_GT: initiative.for_vmbo_gt,
    }
    if initiative.for_vmbo and not any(named.values()):
        named = dict.fromkeys(named, True)  # for_vmbo alone: every vmbo track
    named |= {Track.HAVO: initiative.for_havo, Track.VWO: initiative.for_vwo}
    if initiative.levels_unknown or not any(named.values()):
        return tracks
    return [track for track in tracks if named.get(track)]


# Classes an activity's tracks say nothing about: a mixed class, and praktijkonderwijs (no activity names it;
# the coverage dashboard counts it as served by any offer for secondary school, and so does the booking form).
UNJUDGED_TRACKS = (Track.OTHER, Track.PRO)


def class_misfits(initiative, *, school_level, po_group=None, vo_year=None, vo_track=""):
    """The parts of a class that the initiative is not for: "school_level" (a primary class at an activity
    for secondary school only, or the other way round), "po_group", "vo_year", "vo_track"; empty when it
    fits. An initiative without school levels, or whose levels are unknown, takes any class; so does a
    group not chosen yet, and a class of UNJUDGED_TRACKS (its track cannot be told against the activity's)."""
    if initiative.levels_unknown or not (initiative.is_for_po or initiative.is_for_vo):
        return []
    if school_level == Booking.SchoolLevel.PO:
        if not initiative.is_for_po:
            return ["school_level"]
        return ["po_group"] if po_group and po_group not in po_groups_for(initiative) else []
    if school_level != Booking.SchoolLevel.VO:
        return []
    if not initiative.is_for_vo:
        return ["school_level"]
    misfits = []
    if vo_year and not initiative.vo_year_from <= vo_year <= initiative.vo_year_to:
        misfits.append("vo_year")
    if vo_track and vo_track not in UNJUDGED_TRACKS and not tracks_for(initiative, [vo_track]):
        misfits.append("vo_track")
    return misfits
