"""Spreadsheet import and export of providers (see the package docstring)."""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campuses.models import Municipality

from ... import permissions
from ...models import Provider
from ..imports import ChoiceWidget, NaturalKeyWidget
from ..resource_base import CuratedResource, column

Role = permissions.Role


class ProviderResource(CuratedResource):
    import_key_help = gettext_lazy("Bestaande aanbieders worden bijgewerkt via de kolom “naam”.")
    one_row_per = gettext_lazy("Eén rij per aanbieder.")
    name = column("name", "naam")
    slug = column("slug", "slug")
    kind = column("kind", "soort", ChoiceWidget(Provider.Kind.choices))
    description = column("description", "beschrijving")
    website = column("website", "website")
    contact_name = column("contact_name", "contactpersoon")
    email = column("email", "e-mailadres")
    phone = column("phone", "telefoon")
    municipality = column(
        "municipality",
        "gemeente",
        NaturalKeyWidget(Municipality, lookups=("name", "code"), what=gettext_lazy("gemeente")),
    )

    required_columns = ("naam",)

    class Meta(CuratedResource.Meta):
        model = Provider
        fields = ("name", "slug", "kind", "description", "website", "contact_name", "email", "phone", "municipality")
        import_order = export_order = fields

    def get_queryset(self):
        queryset = Provider.objects.select_related("municipality")
        return permissions.scope_providers(self.user, queryset) if self.user else queryset

    @staticmethod
    def _key(name):
        return " ".join(str(name or "").split()).casefold()

    def prepare(self, dataset):
        self.existing = {self._key(provider.name): provider for provider in Provider.objects.all()}
        self.flag_repeats(
            dataset,
            lambda row: self._key(row.get("naam")) or None,
            lambda key, row: (
                "name",
                _("Dubbele aanbieder: deze naam staat ook op rij %(row)s van het bestand.") % {"row": row},
            ),
        )

    def get_instance(self, instance_loader, row):
        return self.existing.get(self._key(row.get("naam")))

    def check_row(self, instance, row, errors):
        if not instance.slug and instance.name:
            instance.slug = slugify(instance.name)[:160]
        if self.user is None:
            return
        role = permissions.role_of(self.user)
        if instance.pk is None and role not in (Role.MRDH, Role.CAMPUS):
            errors["name"] = [_("Alleen coördinatoren kunnen nieuwe aanbieders toevoegen.")]
        elif instance.pk is not None and not permissions.can_edit_provider(self.user, instance):
            errors["name"] = [_("Deze aanbieder valt buiten wat jij mag beheren.")]
