"""Demo accounts for the two scoped roles: a campus coordinator and a provider editor.

Complements create_demo_users (the MRDH coordinator). Created once, never reset, refused in
production; the passwords are public on purpose because these accounts only exist with DEBUG on.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from campuses.models import Campus
from initiatives.models import Provider, StaffProfile
from initiatives.permissions import GROUP_NAMES, Role, ensure_role_groups

DEMO_PASSWORD = "techniek-demo"  # noqa: S105


class Command(BaseCommand):
    help = "Create a demo campus coordinator and a demo provider editor (once) and print their logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Also when DEBUG is off. Never on a public server.")

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(_("DEBUG staat uit: demo-accounts maak je niet in productie (--force)."))
        groups = ensure_role_groups()
        campus = Campus.objects.filter(is_active=True).order_by("name").first()
        provider = Provider.objects.filter(is_demo=True).order_by("name").first() or Provider.objects.first()
        if campus is None or provider is None:
            raise CommandError(_("Laad eerst de referentiedata en de demo-inhoud (campussen en aanbieders)."))
        specs = [
            ("campuscoordinator", Role.CAMPUS, {"campuses": [campus]}, campus.name),
            ("aanbieder", Role.PROVIDER, {"provider": provider}, provider.name),
        ]
        for username, role, scope, scope_name in specs:
            created = ensure_user(username, groups[role], **scope)
            state = _("zojuist aangemaakt") if created else _("bestond al")
            self.stdout.write(
                "  "
                + _("gebruikersnaam {username}, wachtwoord {password} ({role} voor {scope}; {state})").format(
                    username=username, password=DEMO_PASSWORD, role=GROUP_NAMES[role], scope=scope_name, state=state
                )
            )


@transaction.atomic
def ensure_user(username, group, campuses=(), provider=None):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "email": f"{username}@example.org"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        profile = StaffProfile.objects.create(user=user, provider=provider)
        profile.campuses.set(campuses)
    user.groups.add(group)
    return created
