"""The downloadable import template: an XLSX with the Dutch column headers and an explanation sheet."""

import io

from django.utils import translation
from django.utils.translation import gettext as _

from campuses.models import Campus

from .models import Initiative, Language, PracticeLevel, Provider, TargetGroup, Theme
from .resources import InitiativeResource, ProviderResource, SessionResource


def _labels(choices):
    return "; ".join(str(label) for _value, label in choices)


def _names(queryset, attribute="name"):
    return "; ".join(str(getattr(obj, attribute)) for obj in queryset)


def initiative_explanations():
    """Column -> (explanation, allowed values). Built per request: vocabularies live in the database."""
    yes_no = _("ja of nee (leeg = niet wijzigen)")
    return {
        "slug": (_("Sleutel in het webadres; leeg = gemaakt uit de titel. Zo herkent een volgende import de rij."), ""),
        "externe referentie": (_("Eigen sleutel uit een ander systeem; gaat voor de slug als die er is."), ""),
        "titel": (_("Zeg wat de activiteit is, niet de campagnenaam."), ""),
        "korte omschrijving": (_("Eén of twee zinnen, maximaal 300 tekens."), ""),
        "aanbieder": (_("Naam van de aanbieder zoals die in het beheer staat."), _names(Provider.objects.all())),
        "thema's": (_("Eén of meer, gescheiden door komma's."), _names(Theme.objects.all())),
        "doelgroepen": (_("Eén of meer, gescheiden door komma's."), _names(TargetGroup.objects.all())),
        "talen": (_("Eén of meer, gescheiden door komma's."), _names(Language.objects.all())),
        "po vanaf groep": (_("1 tot en met 8; leeg als het niet voor het po is."), "1-8"),
        "po tot en met groep": (_("1 tot en met 8."), "1-8"),
        "vo vanaf leerjaar": (_("1 tot en met 6; leeg als het niet voor het vo is."), "1-6"),
        "vo tot en met leerjaar": (_("1 tot en met 6."), "1-6"),
        "vmbo": (yes_no, "ja; nee"),
        "havo": (yes_no, "ja; nee"),
        "vwo": (yes_no, "ja; nee"),
        "soort activiteit": ("", _labels(Initiative.ActivityType.choices)),
        "praktijkgerichtheid": (_("Het getal of de hele omschrijving."), _labels(PracticeLevel.choices)),
        "waar": (_("Leeg = op locatie."), _labels(Initiative.LocationType.choices)),
        "postcode": (_("Zonder coördinaten wordt het punt het midden van de postcode (bij benadering)."), ""),
        "gemeente": (_("Naam of CBS-code, bijvoorbeeld Rotterdam of GM0599."), ""),
        "breedtegraad": (_("Bijvoorbeeld 51,9225 (tussen 50,7 en 53,6)."), ""),
        "lengtegraad": (_("Bijvoorbeeld 4,4792 (tussen 3,2 en 7,3)."), ""),
        "gratis": (yes_no, "ja; nee"),
        "prijs (€)": (_("Bijvoorbeeld 5,00."), ""),
        "capaciteit geteld in": ("", _labels(Initiative.CapacityUnit.choices)),
        "boeken": ("", _labels(Initiative.BookingMode.choices)),
        "campus": (_("Leeg = de dichtstbijzijnde campus wordt berekend."), _names(Campus.objects.all())),
        "status": (_("Leeg = concept (of ongewijzigd)."), _labels(Initiative.Status.choices)),
        "laatst gecontroleerd op": (_("Datum, bijvoorbeeld 14-03-2027."), ""),
    }


def build_template(resource_class):
    """XLSX bytes: sheet 1 the empty import sheet, sheet 2 what each column means and allows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    resource = resource_class()
    columns = [field.column_name for field in resource.get_import_fields()]
    with translation.override("nl"):
        explanations = initiative_explanations() if resource_class is InitiativeResource else {}
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Gegevens")
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index, name in enumerate(columns, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(14, len(name) + 4)

        help_sheet = workbook.create_sheet(_("Uitleg"))
        help_sheet.append([_("Kolom"), _("Verplicht"), _("Uitleg"), _("Toegestane waarden")])
        for cell in help_sheet[1]:
            cell.font = Font(bold=True)
        for name in columns:
            explanation, allowed = explanations.get(name, ("", ""))
            required = _("ja") if name in resource.required_columns else ""
            help_sheet.append([name, required, str(explanation), str(allowed)])
        for letter, width in zip("ABCD", (28, 10, 60, 80), strict=True):
            help_sheet.column_dimensions[letter].width = width
        for row in help_sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        help_sheet.append([])
        help_sheet.append(
            [_("Tips"), "", _("Eén rij per initiatief. Datums als dd-mm-jjjj. Decimalen met een komma mogen. ")]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


TEMPLATES = {
    "initiatives": InitiativeResource,
    "sessions": SessionResource,
    "providers": ProviderResource,
}
