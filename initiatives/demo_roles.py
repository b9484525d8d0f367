"""Demo accounts for the two scoped roles: a campus coordinator and a provider editor.

Called by `create_demo_users` (which also makes the MRDH coordinator). Created once, never
reset; the password is public on purpose because demo accounts only exist with DEBUG on.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from campuses.models import Campus
from portal.auth import DEMO_PASSWORD

from .models import Initiative, Provider, StaffProfile
from .permissions import GROUP_NAMES, Role, ensure_role_groups


def ensure_scoped_demo_users():
    """Create the campus coordinator and the provider editor (of a demo provider on that campus); return login lines."""
    groups = ensure_role_groups()
    # The campus coordinator covers the demo provider's campus, so the review round trip (provider
    # edits, campus coordinator reviews) works with these two accounts.
    live = (
        Initiative.objects.published()
        .filter(provider__is_demo=True, campus__isnull=False)
        .select_related("provider", "campus")
        .order_by("provider__name", "title")
        .first()
    )
    if live is not None:
        campus, provider = live.campus, live.provider
    else:
        campus = Campus.objects.filter(is_active=True).order_by("name").first()
        provider = Provider.objects.filter(is_demo=True).order_by("name").first() or Provider.objects.first()
    if campus is None or provider is None:
        return [_("Campuscoördinator en aanbiederredacteur: eerst campussen en aanbieders laden.")]
    specs = [
        ("campuscoordinator", Role.CAMPUS, {"campuses": [campus]}, campus.name),
        ("aanbieder", Role.PROVIDER, {"provider": provider}, provider.name),
    ]
    lines = []
    for username, role, scope, scope_name in specs:
        user, created = _ensure_user(username, groups[role], **scope)
        if created or user.check_password(DEMO_PASSWORD):
            state = _("zojuist aangemaakt") if created else _("bestond al")
            line = _("gebruikersnaam {username}, wachtwoord {password} ({role} voor {scope}; {state})")
        else:
            state, line = "", _("{username} ({role} voor {scope}): wachtwoord is gewijzigd en blijft zo")
        lines.append(
            line.format(
                username=username, password=DEMO_PASSWORD, role=GROUP_NAMES[role], scope=scope_name, state=state
            )
        )
    return lines


@transaction.atomic
def _ensure_user(username, group, campuses=(), provider=None):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "email": f"{username}@example.org"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        profile = StaffProfile.objects.create(user=user, provider=provider)
        profile.campuses.set(campuses)
    user.groups.add(group)
    return user, created
