"""Optional two-factor login for staff (django-otp, TOTP authenticator apps).

With ADMIN_REQUIRE_2FA on (the default when DEBUG is off), the admin asks for a 6-digit code and
only lets in sessions verified by a device. Staff register their app at /account/tweestapsverificatie/:
already logged in, or, without an app yet, through a second channel: the password alone only sends a
one-time link to the account's e-mail address (valid ENROL_LINK_SECONDS, void once used, after a login
or a password change), so a stolen password cannot register the thief's app. A coordinator can also
add a device for someone in the admin ("TOTP devices"). A lost phone: another coordinator deletes the
device in the admin.
"""

import time
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.sites import AdminSite
from django.contrib.auth import authenticate, get_user_model, login
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice

from initiatives.bookings import emails

from .auth import refuse_demo_login

ENROL_SESSION_KEY = "two_factor_enrol"
ENROL_SECONDS = 10 * 60
ENROL_LINK_SECONDS = 30 * 60
ENROL_LINK_SALT = "portal.two_factor.enrol"


class RefuseDemoLoginMixin:
    """A clear error for the public demo password when DEBUG is off (portal.auth)."""

    def clean(self):
        refuse_demo_login(self.cleaned_data.get("password"))
        return super().clean()


class LoginForm(RefuseDemoLoginMixin, AdminAuthenticationForm):
    pass


class OTPLoginForm(RefuseDemoLoginMixin, OTPAdminAuthenticationForm):
    pass


class PortalAdminSite(OTPAdminSite):
    """The default admin site; asks for an OTP code only while ADMIN_REQUIRE_2FA is on."""

    @property
    def login_form(self):
        return OTPLoginForm if settings.ADMIN_REQUIRE_2FA else LoginForm

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.ADMIN_REQUIRE_2FA else None

    def has_permission(self, request):
        if settings.ADMIN_REQUIRE_2FA:
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)


class PasswordForm(forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150)
    password = forms.CharField(label=_("Wachtwoord"), widget=forms.PasswordInput)


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code uit de app"),
        regex=r"^\d{6}$",
        help_text=_("De 6 cijfers die de app nu laat zien."),
        error_messages={"invalid": _("Vul de 6 cijfers uit de app in.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def has_confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolling_user(request):
    """The staff member registering an app: the logged-in one, or the one who just gave a password."""
    if request.user.is_authenticated:
        return request.user if request.user.is_staff else None
    pending = request.session.get(ENROL_SESSION_KEY)
    if not pending or time.time() - pending["at"] > ENROL_SECONDS:
        return None
    return get_user_model().objects.filter(pk=pending["user"], is_staff=True, is_active=True).first()


@never_cache
def setup(request):
    """Register an authenticator app for a staff account (two steps: password if needed, then a code)."""
    user = enrolling_user(request)
    if user is None:
        return password_step(request)
    if has_confirmed_device(user):
        return render(request, "portal/two_factor_setup.html", {"step": "done"})
    return device_step(request, user)


def _link_state(user):
    """Changes when the link must stop working: a login, a new password, a device registered."""
    devices = TOTPDevice.objects.filter(user=user, confirmed=True).count()
    value = f"{user.pk}:{user.password}:{user.last_login}:{devices}"
    return salted_hmac(ENROL_LINK_SALT, value).hexdigest()[:32]


def make_enrol_token(user):
    return signing.dumps({"u": user.pk, "s": _link_state(user)}, salt=ENROL_LINK_SALT)


def user_from_enrol_token(token):
    try:
        data = signing.loads(token, salt=ENROL_LINK_SALT, max_age=ENROL_LINK_SECONDS)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_staff=True, is_active=True).first()
    if user is None or not constant_time_compare(_link_state(user), data.get("s", "")):
        return None
    return user


def send_enrol_link(request, user):
    link = request.build_absolute_uri(reverse("two-factor-enrol", kwargs={"token": make_enrol_token(user)}))
    context = {"user": user, "link": link, "minutes": ENROL_LINK_SECONDS // 60}
    return emails.queue_email(
        to=[user.email],
        subject=gettext("Je app koppelen voor Techniek Dichtbij"),
        text=render_to_string("emails/two_factor_enrol.txt", context),
    )


def password_step(request):
    form = PasswordForm(request.POST or None)
    if form.is_valid():
        try:
            refuse_demo_login(form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "portal/two_factor_setup.html", {"step": "password", "form": form})
        user = authenticate(request, **form.cleaned_data)
        if user is not None and user.is_staff and not has_confirmed_device(user):
            if send_enrol_link(request, user) is None:
                form.add_error(
                    None,
                    gettext(
                        "Er staat geen e-mailadres bij je account. Vraag een coördinator om je app in beheer "
                        "te koppelen of je e-mailadres in te vullen."
                    ),
                )
            else:
                return render(request, "portal/two_factor_setup.html", {"step": "mailed"})
        else:
            form.add_error(
                None, gettext("Deze gegevens kloppen niet, of er is al een app gekoppeld. Log dan in via beheer.")
            )
    return render(request, "portal/two_factor_setup.html", {"step": "password", "form": form})


@never_cache
def enrol_link(request, token):
    """The e-mailed one-time link: it opens step 2 (registering the app) for ENROL_SECONDS."""
    user = user_from_enrol_token(token)
    if user is None:
        return render(request, "portal/two_factor_setup.html", {"step": "expired"}, status=400)
    request.session.cycle_key()
    request.session[ENROL_SESSION_KEY] = {"user": user.pk, "at": time.time()}
    return redirect("two-factor-setup")


def device_step(request, user):
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name=gettext("Authenticator-app"), confirmed=False
    )
    form = TokenForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.pop(ENROL_SESSION_KEY, None)
            if not request.user.is_authenticated:
                login(request, user, backend="portal.auth.PortalModelBackend")
            otp_login(request, device)
            messages.success(request, gettext("De app is gekoppeld. Voortaan vraagt beheer om een code."))
            return redirect("admin:index")
        form.add_error(
            "token", gettext("Deze code klopt niet. Controleer de tijd op je telefoon en probeer de nieuwe code.")
        )
    qr_code = segno.make(device.config_url, error="m").svg_data_uri(scale=5, dark="#1b1f24")
    context = {"step": "device", "form": form, "qr_code": qr_code, "secret": _base32_groups(device)}
    return render(request, "portal/two_factor_setup.html", context)


def _base32_groups(device):
    """The secret as people type it into an app: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
