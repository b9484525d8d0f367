"""Whether the free bus can take a class to an initiative at all: the badge on cards and detail pages, the
"Gratis bus mogelijk" filter, and whether the booking form and the detail page ask about the bus.

The provider says the activity takes part in the bus scheme (`offers_bus_transport`); the bus then only
applies when a class books it (audience.takes_classes), at a venue (a school visit needs no bus), and when
some active bus rule lets a group or track of its audience travel: a rule for groep 5-8 does not reach an
activity for groep 1-4, a rule for vmbo classes not one for havo and vwo only. Whether a given school's
class gets the bus is services.bus_eligibility's answer, once the school is chosen.

`bus_possible()` (one initiative, in Python) and `bus_possible_q()` (the search filter, in SQL) state the
same rule; tests/initiatives/test_bus_findable.py holds them to each other.
"""

from django.db.models import Q

from portal.cache import versioned

from ..models import Initiative
from .audience import takes_classes
from .models import BusEligibilityRule

RULE_FIELDS = ("school_kind", "po_group_from", "po_group_to", "vmbo_without_hard_profile")


def read_active_rules():
    """The active rules' audience conditions (dicts of RULE_FIELDS), in one query."""
    return list(BusEligibilityRule.objects.filter(is_active=True).order_by("pk").values(*RULE_FIELDS))


def active_rules():
    """read_active_rules(), memoized per catalogue version (a rule's save raises it)."""
    return versioned("bus_rules", read_active_rules)


def _reaches_po(rule):
    return rule["school_kind"] in (BusEligibilityRule.SchoolKind.ANY, BusEligibilityRule.SchoolKind.PO)


def _reaches_vo(rule):
    return rule["school_kind"] in (BusEligibilityRule.SchoolKind.ANY, BusEligibilityRule.SchoolKind.VO)


def _serves_vmbo(initiative):
    """For vmbo classes, or for secondary school without a track given (any track may come)."""
    return initiative.for_vmbo or not (initiative.for_havo or initiative.for_vwo)


def rule_reaches(rule, initiative):
    """Whether a class of the initiative's audience can meet the rule (a dict of RULE_FIELDS)."""
    if initiative.levels_unknown:
        return True
    if _reaches_po(rule) and initiative.po_group_from is not None:
        low, high = rule["po_group_from"] or 1, rule["po_group_to"] or 8
        if initiative.po_group_from <= high and initiative.po_group_to >= low:
            return True
    if _reaches_vo(rule) and initiative.vo_year_from is not None:
        return not rule["vmbo_without_hard_profile"] or _serves_vmbo(initiative)
    return False


def bus_possible(initiative):
    """Whether the free bus can take a class to this initiative (see the module's docstring)."""
    if not initiative.offers_bus_transport or initiative.location_type != Initiative.LocationType.VENUE:
        return False
    if not takes_classes(initiative):
        return False
    return any(rule_reaches(rule, initiative) for rule in active_rules())


def _rule_q(rule):
    reach = Q(levels_unknown=True)
    if _reaches_po(rule):
        low, high = rule["po_group_from"] or 1, rule["po_group_to"] or 8
        reach |= Q(po_group_from__isnull=False, po_group_from__lte=high, po_group_to__gte=low)
    if _reaches_vo(rule):
        vo = Q(vo_year_from__isnull=False)
        if rule["vmbo_without_hard_profile"]:
            vo &= Q(for_vmbo=True) | Q(for_havo=False, for_vwo=False)
        reach |= vo
    return reach


def bus_possible_q(rules=None):
    """bus_possible() as a condition on initiatives, for the search filter and the coverage dashboard.

    rules: active_rules() unless given (the dashboard, cached itself, reads them with each computation,
    so that its number of queries does not depend on the memo)."""
    if rules is None:
        rules = active_rules()
    if not rules:
        return Q(pk__in=[])
    reach = Q()
    for rule in rules:
        reach |= _rule_q(rule)
    return (
        Q(offers_bus_transport=True, location_type=Initiative.LocationType.VENUE)
        & Q(booked_by__in=(Initiative.BookedBy.CLASSES, Initiative.BookedBy.BOTH))
        & reach
    )
