"""Roles and per-object scoping for the coordinators' admin.

Three roles, each a Django group with model permissions (created by `manage.py setup_roles`):

- MRDH coordinator: everything.
- Campus coordinator: only initiatives whose campus is one of theirs; may publish them.
- Provider editor: only their own provider's initiatives and sessions; never publishes.

Which campuses or provider a user looks after lives in `StaffProfile`. The model permissions
say *what kind* of object a role may touch; the functions here say *which* objects. Every
admin that shows initiative-related rows uses `RoleScopedAdminMixin`, so a URL typed by
hand cannot reach an object outside the user's scope.
"""

import enum

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q


class Role(enum.StrEnum):
    MRDH = "mrdh"
    CAMPUS = "campus"
    PROVIDER = "provider"


# Group names are what coordinators see in the admin, so they are Dutch (and stable: code
# looks groups up by these names).
GROUP_NAMES = {
    Role.MRDH: "MRDH-coördinator",
    Role.CAMPUS: "Campuscoördinator",
    Role.PROVIDER: "Aanbiederredacteur",
}

# Photos for the initiatives they edit: upload (from the initiative form) and pick existing ones.
_IMAGES = ["pages.add_image", "pages.view_image"]

_VIEW_VOCABULARIES = [
    "initiatives.view_theme",
    "initiatives.view_targetgroup",
    "initiatives.view_language",
    "campuses.view_campus",
    "campuses.view_municipality",
]

# "app_label.*" grants every permission of that app. Other apps (bookings) add their own
# codenames here and re-run `manage.py setup_roles`.
ROLE_PERMISSIONS = {
    Role.MRDH: [
        "initiatives.*",
        "campuses.*",
        # Content: pages, news, images, menus and the home page's entry blocks.
        "pages.*",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        # Login lockouts (django-axes): docs/operations.md sends coordinators here to unlock an account.
        "axes.*",
    ],
    Role.CAMPUS: [
        *_VIEW_VOCABULARIES,
        *_IMAGES,
        "initiatives.add_initiative",
        "initiatives.change_initiative",
        "initiatives.delete_initiative",
        "initiatives.view_initiative",
        "initiatives.add_session",
        "initiatives.change_session",
        "initiatives.delete_session",
        "initiatives.view_session",
        "initiatives.add_provider",
        "initiatives.change_provider",
        "initiatives.view_provider",
        "initiatives.view_historicalinitiative",
        "initiatives.view_historicalsession",
        "initiatives.view_pendingchange",
        "initiatives.change_pendingchange",
        "campuses.view_school",
        # Bookings, scoped by the bookings admin with RoleScopedAdminMixin.
        "initiatives.view_booking",
        "initiatives.change_booking",
        "initiatives.view_busrequest",
        "initiatives.change_busrequest",
        "initiatives.view_busbudget",
        "initiatives.view_buseligibilityrule",
        # The coverage dashboard (its snapshots; the admin index links to it for those who have this).
        "initiatives.view_coveragesnapshot",
    ],
    Role.PROVIDER: [
        *_VIEW_VOCABULARIES,
        *_IMAGES,
        "initiatives.add_initiative",
        "initiatives.change_initiative",
        "initiatives.view_initiative",
        "initiatives.add_session",
        "initiatives.change_session",
        "initiatives.delete_session",
        "initiatives.view_session",
        "initiatives.change_provider",
        "initiatives.view_provider",
        "initiatives.view_historicalinitiative",
        "initiatives.view_historicalsession",
        "initiatives.view_pendingchange",
        "initiatives.view_booking",
        "initiatives.change_booking",
    ],
}


def _permissions_for(specs):
    permissions = []
    for spec in specs:
        app_label, codename = spec.split(".", 1)
        if codename == "*":
            permissions.extend(Permission.objects.filter(content_type__app_label=app_label))
            continue
        try:
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        except Permission.DoesNotExist as error:
            raise ImproperlyConfigured(f"Unknown permission {spec} in ROLE_PERMISSIONS") from error
    return permissions


@transaction.atomic
def ensure_role_groups():
    """Create or update the three role groups with exactly their permissions; return them by role."""
    groups = {}
    for role, specs in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
        group.permissions.set(_permissions_for(specs))
        groups[role] = group
    return groups


def role_of(user):
    """The user's strongest role, or None (anonymous, inactive or no role group)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.MRDH
    cached = getattr(user, "_curation_role", False)
    if cached is not False:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    role = next((role for role in Role if GROUP_NAMES[role] in names), None)
    user._curation_role = role
    return role


def _profile(user):
    from initiatives.models import StaffProfile

    try:
        return user.staff_profile
    except StaffProfile.DoesNotExist:
        return None


def campus_ids(user):
    """Primary keys of the campuses a campus coordinator looks after."""
    cached = getattr(user, "_curation_campus_ids", None)
    if cached is None:
        profile = _profile(user)
        cached = frozenset(profile.campuses.values_list("pk", flat=True)) if profile else frozenset()
        user._curation_campus_ids = cached
    return cached


def provider_id(user):
    """Primary key of a provider editor's provider, or None."""
    profile = _profile(user)
    return profile.provider_id if profile else None


def initiative_scope_q(user, prefix=""):
    """A Q for the initiatives the user may see; prefix reaches Initiative from another model."""
    role = role_of(user)
    if role == Role.MRDH:
        return Q()
    if role == Role.CAMPUS:
        return Q(**{f"{prefix}campus__in": campus_ids(user)})
    if role == Role.PROVIDER and provider_id(user) is not None:
        return Q(**{f"{prefix}provider_id": provider_id(user)})
    return Q(**{f"{prefix}pk__in": []})


def scope_initiatives(user, queryset):
    return queryset.filter(initiative_scope_q(user))


def scope_sessions(user, queryset):
    return queryset.filter(initiative_scope_q(user, prefix="initiative__"))


def scope_providers(user, queryset):
    """Providers a user may see: all for coordinators, only their own for a provider editor."""
    role = role_of(user)
    if role in (Role.MRDH, Role.CAMPUS):
        return queryset
    if role == Role.PROVIDER and provider_id(user) is not None:
        return queryset.filter(pk=provider_id(user))
    return queryset.none()


def can_edit(user, initiative):
    """May the user change this (saved or unsaved) initiative as it stands?"""
    role = role_of(user)
    if role == Role.MRDH:
        return True
    if role == Role.CAMPUS:
        return initiative.campus_id is not None and initiative.campus_id in campus_ids(user)
    if role == Role.PROVIDER:
        return initiative.provider_id is not None and initiative.provider_id == provider_id(user)
    return False


def can_publish(user, initiative):
    """Coordinators publish within their scope; provider editors never do (their work goes to review)."""
    return role_of(user) in (Role.MRDH, Role.CAMPUS) and can_edit(user, initiative)


def can_edit_provider(user, provider):
    role = role_of(user)
    if role == Role.MRDH:
        return True
    if role == Role.CAMPUS:
        # A provider is shared; a campus coordinator edits it only if all its initiatives are theirs.
        return not provider.initiatives.exclude(campus__in=campus_ids(user)).exists()
    if role == Role.PROVIDER:
        return provider.pk == provider_id(user)
    return False


class RoleScopedAdminMixin:
    """ModelAdmin mixin: rows and objects limited to the user's scope.

    `scope_path` leads from the admin's model to Initiative ("" for Initiative itself,
    "initiative__" for Session, "session__initiative__" for a booking). Objects outside the
    scope are missing from the list and their URLs answer like a missing object.
    """

    scope_path = ""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(initiative_scope_q(request.user, self.scope_path))

    def is_in_scope(self, request, obj):
        if obj is None or obj.pk is None:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.is_in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.is_in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.is_in_scope(request, obj)
