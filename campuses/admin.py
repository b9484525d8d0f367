from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Campus, Municipality, Place, PlaceAlias, PostcodeArea, School, VmboProfile, VmboProfileOffer


class ReferenceDataAdmin(admin.ModelAdmin):
    """Read-only: these rows come from the reference files and are replaced by load_reference_data."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "province", "is_mrdh", "is_zuid_holland"]
    list_filter = ["is_mrdh", "is_zuid_holland", "province"]
    search_fields = ["name", "code"]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(ReferenceDataAdmin):
    list_display = ["pc4", "place_name", "municipality", "latitude", "longitude", "coordinate_source"]
    list_filter = ["municipality__is_mrdh", "coordinate_source"]
    list_select_related = ["municipality"]
    search_fields = ["pc4", "place_name", "place_names"]


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    fields = ["name", "pc4"]
    extra = 1


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    """Places are reference data, but coordinators may add the names people type (aliases)."""

    list_display = ["name", "municipality", "population", "alias_list"]
    list_filter = ["municipality__is_mrdh", "municipality__province"]
    list_select_related = ["municipality"]
    search_fields = ["name", "aliases__name", "municipality__name"]
    readonly_fields = ["name", "municipality", "latitude", "longitude", "pc4_list", "population", "geonameid"]
    inlines = [PlaceAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("alternatieve namen"))
    def alias_list(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())


@admin.register(Campus)
class CampusAdmin(admin.ModelAdmin):
    """Campuses are seeded from campussen.csv and then owned by coordinators."""

    list_display = ["name", "place_name", "municipality", "consortium", "radius_km", "location_precision", "is_active"]
    list_filter = ["is_active", "location_precision", "consortium"]
    list_select_related = ["municipality"]
    search_fields = ["name", "slug", "place_name"]
    autocomplete_fields = ["municipality"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "consortium", "themes", "description", "is_active"]}),
        (
            _("Locatie"),
            {
                "fields": [
                    "municipality",
                    "place_name",
                    "address",
                    "postcode",
                    ("latitude", "longitude"),
                    "location_precision",
                    "radius_km",
                ]
            },
        ),
        (_("Herkomst"), {"fields": ["source", "note"]}),
    ]


class VmboProfileOfferInline(admin.TabularInline):
    model = VmboProfileOffer
    fields = ["track", "sector", "programme", "profile", "pupils_year3", "pupils_year4", "reference_date"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(School)
class SchoolAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "kind", "place_name", "municipality", "structure", "coordinate_source"]
    list_filter = ["kind", "municipality__is_mrdh", "municipality__is_zuid_holland", "has_vmbo", "coordinate_source"]
    list_select_related = ["municipality"]
    search_fields = ["name", "code", "brin", "place_name", "postcode"]
    inlines = [VmboProfileOfferInline]


@admin.register(VmboProfile)
class VmboProfileAdmin(admin.ModelAdmin):
    """Which profiles count as hard techniek is a coordinator's call; the rest is reference data."""

    list_display = ["code", "name", "sector", "is_technical", "is_hard"]
    list_editable = ["is_hard"]
    readonly_fields = ["code", "name", "sector"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VmboProfileOffer)
class VmboProfileOfferAdmin(ReferenceDataAdmin):
    list_display = ["branch_code", "branch_name", "track", "sector", "programme", "pupils_year3", "pupils_year4"]
    list_filter = ["track", "sector", "is_technical", "profile__is_hard", "branch_exists_2026"]
    list_select_related = ["profile"]
    search_fields = ["branch_code", "branch_name", "branch_place"]
