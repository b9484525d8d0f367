"""Dutch-style dates for sessions: "za 14 mrt, 10.00–12.00"."""

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def session_when(session):
    """A session's date and times the Dutch way, in the active language's day and month names."""
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    day = formats.date_format(starts, "D j M")
    if starts.date() == ends.date():
        return f"{day}, {starts:%H.%M}–{ends:%H.%M}"
    return f"{day}, {starts:%H.%M} – {formats.date_format(ends, 'D j M')}, {ends:%H.%M}"
