"""Scheduled changes without a worker: which content is live is decided at request time.

The public response cache keys on `schedule_epoch()`: the latest scheduled moment (a revision's
`publish_at`, a page's `unpublish_at`, a news item's dates) that has passed. When such a moment
passes, the key changes and the next request computes the page afresh. The list of upcoming
moments is re-read whenever the catalogue version changes (every content save raises it).
"""

from django.utils import timezone

_memo = {"version": None, "moments": ()}


def upcoming_moments(now):
    from .models import NewsItem, Page, PageRevision

    moments = [
        *PageRevision.objects.filter(publish_at__gt=now).values_list("publish_at", flat=True),
        *Page.objects.filter(unpublish_at__gt=now).values_list("unpublish_at", flat=True),
        *NewsItem.objects.filter(published_at__gt=now).values_list("published_at", flat=True),
        *NewsItem.objects.filter(unpublish_at__gt=now).values_list("unpublish_at", flat=True),
    ]
    return tuple(sorted(moments))


def schedule_epoch(version, now=None):
    """The last scheduled moment that has passed since `version` was read (None: none yet)."""
    now = now or timezone.now()
    if _memo["version"] != version:
        _memo["version"], _memo["moments"] = version, upcoming_moments(now)
    passed = [moment for moment in _memo["moments"] if moment <= now]
    return passed[-1].isoformat() if passed else None
