from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "portal.pages"
    label = "pages"
    verbose_name = _("Inhoud")

    def ready(self):
        from django.conf import settings
        from PIL import Image as PillowImage

        from .signals import connect_signals

        # Pillow refuses (DecompressionBombError) images far above this before decoding them.
        PillowImage.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
        connect_signals()
