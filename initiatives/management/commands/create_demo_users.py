"""Demo accounts for development: created once, never reset, refused in production."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from initiatives.demo_roles import ensure_scoped_demo_users
from initiatives.permissions import GROUP_NAMES, Role, ensure_role_groups


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str  # shown next to the login
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    is_superuser: bool = False
    groups: tuple[str, ...] = ()  # role groups, which must exist (created by migrations)


# One entry per role. The passwords are public on purpose: these accounts only exist with DEBUG on.
DEMO_USERS = [
    DemoUser(
        username="coordinator",
        password="techniek-demo",  # noqa: S106
        role="MRDH-coördinator",
        email="coordinator@example.org",
        first_name="Demo",
        last_name="Coördinator",
        groups=(GROUP_NAMES[Role.MRDH],),
    ),
]

# Only with --superuser: an account that may also grant staff and superuser rights.
DEMO_SUPERUSER = DemoUser(
    username="beheerder",
    password="techniek-demo",  # noqa: S106
    role="superuser",
    email="beheerder@example.org",
    first_name="Demo",
    last_name="Beheerder",
    is_superuser=True,
)


class Command(BaseCommand):
    help = "Create the demo accounts once (never resetting a changed password) and print the logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Also when DEBUG is off. Never do this on a public server."
        )
        parser.add_argument(
            "--superuser", action="store_true", help="Also create the superuser 'beheerder' (grants staff rights)."
        )

    def handle(self, *args, force, superuser=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _("DEBUG staat uit: demo-accounts met een bekend wachtwoord maak je niet in productie (--force).")
            )
        admin_url = settings.SITE_URL.rstrip("/") + reverse("admin:index")
        self.stdout.write(_("Beheer: {url}").format(url=admin_url))
        ensure_role_groups()
        for spec in [*DEMO_USERS, *([DEMO_SUPERUSER] if superuser else [])]:
            user, created = ensure_demo_user(spec)
            self.stdout.write("  " + describe_login(spec, user, created))
        # One user of each scoped role (curation): a campus coordinator and a provider editor.
        for line in ensure_scoped_demo_users():
            self.stdout.write("  " + line)


@transaction.atomic
def ensure_demo_user(spec):
    """Get or create the user of spec; a new user gets the demo password, an existing one keeps its own."""
    user, created = get_user_model().objects.get_or_create(
        username=spec.username,
        defaults={
            "email": spec.email,
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "is_staff": True,
            "is_superuser": spec.is_superuser,
        },
    )
    if created:
        user.set_password(spec.password)
        user.save(update_fields=["password"])
    elif user.is_superuser != spec.is_superuser:
        # An older demo coordinator was a superuser, which hid what an MRDH coordinator may not do.
        user.is_superuser = spec.is_superuser
        user.save(update_fields=["is_superuser"])
    groups = Group.objects.filter(name__in=spec.groups)
    missing = set(spec.groups) - {group.name for group in groups}
    if missing:
        raise CommandError(_("Onbekende rollen (groepen): {names}").format(names=", ".join(sorted(missing))))
    user.groups.add(*groups)
    return user, created


def describe_login(spec, user, created):
    if created:
        state = _("zojuist aangemaakt")
    elif user.check_password(spec.password):
        state = _("bestond al")
    else:
        return _("{username} ({role}): wachtwoord is gewijzigd en blijft zo").format(
            username=spec.username, role=spec.role
        )
    return _("gebruikersnaam {username}, wachtwoord {password} ({role}; {state})").format(
        username=spec.username, password=spec.password, role=spec.role, state=state
    )
