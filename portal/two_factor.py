"""Optional two-factor login for staff (django-otp, TOTP authenticator apps).

With ADMIN_REQUIRE_2FA on, the admin asks for a 6-digit code and only lets in sessions verified
by a device. Staff register their app at /account/tweestapsverificatie/: either already logged
in, or with their password when they have no app yet (the first login after 2FA was switched on).
A lost phone: another coordinator deletes the device in the admin ("TOTP devices").
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
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice

ENROL_SESSION_KEY = "two_factor_enrol"
ENROL_SECONDS = 10 * 60


class PortalAdminSite(OTPAdminSite):
    """The default admin site; asks for an OTP code only while ADMIN_REQUIRE_2FA is on."""

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.ADMIN_REQUIRE_2FA else AdminAuthenticationForm

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


def password_step(request):
    form = PasswordForm(request.POST or None)
    if form.is_valid():
        user = authenticate(request, **form.cleaned_data)
        if user is not None and user.is_staff and not has_confirmed_device(user):
            request.session.cycle_key()
            request.session[ENROL_SESSION_KEY] = {"user": user.pk, "at": time.time()}
            return redirect("two-factor-setup")
        form.add_error(
            None, gettext("Deze gegevens kloppen niet, of er is al een app gekoppeld. Log dan in via beheer.")
        )
    return render(request, "portal/two_factor_setup.html", {"step": "password", "form": form})


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
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
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
