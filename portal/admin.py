from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Techniek Dichtbij – beheer")
admin.site.site_title = _("Techniek Dichtbij")
admin.site.index_title = _("Beheer van aanbod, campussen en gegevens")
