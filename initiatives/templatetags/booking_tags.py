"""Dutch-style dates for sessions: "za 14 mrt, 10.00–12.00"."""

from django import template
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from campuses.schools import school_label

from ..bookings.audience import is_for_parents, takes_classes, takes_families
from ..bookings.bus_reach import bus_possible

register = template.Library()


@register.filter
def session_when(session, with_year=""):
    """A session's date and times the Dutch way, in the active language's day and month names;
    `session|session_when:"year"` adds the year ("za 14 mrt 2027, 10.00–12.00"), for bookings."""
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    # Dutch writes months in lower case ("za 14 mrt"); English capitalises them ("Sat 14 Mar").
    month = "b" if (get_language() or "nl").startswith("nl") else "M"
    if with_year:
        month += " Y"
    day = formats.date_format(starts, f"D j {month}")
    if starts.date() == ends.date():
        return f"{day}, {starts:%H.%M}–{ends:%H.%M}"
    end_day = formats.date_format(ends, f"D j {month}")
    return f"{day}, {starts:%H.%M} – {end_day}, {ends:%H.%M}"


# Who books and whether the bus applies, for templates (`initiative|takes_classes`): the rules themselves, in
# bookings/audience.py and bookings/bus_reach.py.
for _rule in (takes_classes, takes_families, is_for_parents, bus_possible):
    register.filter(_rule.__name__, _rule)


@register.simple_tag(name="school_label")
def school_label_tag(school):
    """The school picker's one label for a branch: "Name, Street 12, Place (15KR10)"."""
    return school_label(school)


@register.filter
def seats_left_text(session, capacity_unit="pupils"):
    """ "1 plaats vrij" / "3 plaatsen vrij", or groups when capacity counts groups (ngettext)."""
    left = session.seats_left
    if left <= 0:
        return str(_("vol"))
    if capacity_unit == "groups":
        return ngettext("plek voor nog %(left)s groep", "plek voor nog %(left)s groepen", left) % {"left": left}
    return ngettext("%(left)s plaats vrij", "%(left)s plaatsen vrij", left) % {"left": left}


@register.filter
def group_size_text(initiative):
    """The group size in the right unit: "10 tot 30 leerlingen" for a class, participants (children and adults)
    for an activity only families sign up for; "" without a size."""
    low, high = initiative.group_size_min, initiative.group_size_max
    if not (low or high):
        return ""
    sizes = {"min": formats.localize(low), "max": formats.localize(high)}
    if not takes_classes(initiative):
        if low and high:
            return _("%(min)s tot %(max)s deelnemers (kinderen en volwassenen)") % sizes
        if high:
            return _("hoogstens %(max)s deelnemers (kinderen en volwassenen)") % sizes
        return _("minstens %(min)s deelnemers (kinderen en volwassenen)") % sizes
    if low and high:
        return _("%(min)s tot %(max)s leerlingen") % sizes
    if high:
        return _("hoogstens %(max)s leerlingen") % sizes
    return _("minstens %(min)s leerlingen") % sizes
