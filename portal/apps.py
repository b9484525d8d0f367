from importlib import import_module
from importlib.util import find_spec

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"

    def ready(self):
        # The admin runs as SimpleAdminConfig (see settings), so discover every app's admin
        # module here, except leaflet's: it imports GeoDjango, which needs GDAL.
        for config in apps.get_app_configs():
            module_name = f"{config.name}.admin"
            if config.name != "leaflet" and find_spec(module_name) is not None:
                import_module(module_name)


class AxesConfig(AxesAppConfig):
    """django-axes with a Dutch name in the admin (its own config has none, so the admin showed "Axes")."""

    verbose_name = _("Inlogpogingen")
