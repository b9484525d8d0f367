"""Dutch-style dates for sessions: "za 14 mrt, 10.00–12.00"."""

from django import template
from django.utils import formats, timezone
from django.utils.translation import get_language

register = template.Library()


@register.filter
def session_when(session):
    """A session's date and times the Dutch way, in the active language's day and month names."""
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    # Dutch writes months in lower case ("za 14 mrt"); English capitalises them ("Sat 14 Mar").
    month = "b" if (get_language() or "nl").startswith("nl") else "M"
    day = formats.date_format(starts, f"D j {month}")
    if starts.date() == ends.date():
        return f"{day}, {starts:%H.%M}–{ends:%H.%M}"
    end_day = formats.date_format(ends, f"D j {month}")
    return f"{day}, {starts:%H.%M} – {end_day}, {ends:%H.%M}"
