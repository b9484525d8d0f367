from django import template

from ..inbox import inbox

register = template.Library()


@register.inclusion_tag("admin/includes/review_inbox.html")
def review_inbox(user):
    """The admin home's inbox: what waits for this user, each count linking to its filtered list."""
    return {"items": inbox(user)}
