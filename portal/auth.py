"""Logins: demo accounts are refused when DEBUG is off, and a system check flags them.

A demo account is any account whose password is the public demo password (README.md, `make run`):
with DEBUG off it is refused at login, whatever its name, with a message that says why.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core import checks
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

# The demo accounts' public password (initiatives/demo_roles.py sets it); refused when DEBUG is off.
DEMO_PASSWORD = "techniek-demo"  # noqa: S105
DEMO_USERNAMES = ("coordinator", "campuscoordinator", "aanbieder")
DEMO_REFUSED = _(
    "Demo-accounts met het openbare demowachtwoord werken alleen in de ontwikkelomgeving (DEBUG aan). "
    "Vraag een coördinator om een eigen account."
)


def demo_login_refused(password):
    return not settings.DEBUG and password == DEMO_PASSWORD


def refuse_demo_login(password):
    """For login forms: a clear error before the password is even checked."""
    if demo_login_refused(password):
        raise ValidationError(DEMO_REFUSED, code="demo_account")


class PortalModelBackend(ModelBackend):
    """Django's backend, refusing the public demo password when DEBUG is off (every login path)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if demo_login_refused(password):
            raise PermissionDenied(DEMO_REFUSED)  # stops here: no other backend is tried
        return super().authenticate(request, username=username, password=password, **kwargs)


@checks.register(checks.Tags.security, deploy=True)
def check_demo_accounts(app_configs=None, databases=None, **kwargs):
    """With DEBUG off, demo accounts with the public password must not exist (run by migrate and check --deploy)."""
    if settings.DEBUG or not databases:
        return []
    try:
        users = list(get_user_model().objects.filter(username__in=DEMO_USERNAMES, is_active=True))
    except DatabaseError:
        return []
    names = sorted(user.username for user in users if user.check_password(DEMO_PASSWORD))
    if not names:
        return []
    return [
        checks.Warning(
            f"Demo account(s) with the public password exist while DEBUG is off: {', '.join(names)}.",
            hint="They are refused at login. Delete them or give them a strong password.",
            id="portal.W001",
        )
    ]
