"""User accounts in the admin: only superusers grant staff or superuser rights.

An MRDH coordinator manages accounts (and their role groups) but cannot make anyone staff or
superuser, cannot hand out single permissions, and cannot change a superuser's account (which
would let them take it over). The rules hold on save too, not only in the form.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

PRIVILEGED_FIELDS = ("is_staff", "is_superuser", "user_permissions")

User = get_user_model()


class RoleAwareUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [name for name in PRIVILEGED_FIELDS if name not in fields]
        return fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or request.user.is_superuser or not obj.is_superuser)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or request.user.is_superuser or not obj.is_superuser)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            # Read-only fields are left out of the form, but a crafted POST must not get through either.
            original = User.objects.filter(pk=obj.pk).first() if change else None
            obj.is_superuser = original.is_superuser if original else False
            obj.is_staff = original.is_staff if original else False
        super().save_model(request, obj, form, change)


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, RoleAwareUserAdmin)
