"""The downloadable import template: an XLSX with the Dutch column headers and an explanation sheet."""

import io

from django.utils import translation
from django.utils.translation import gettext as _

from campuses.models import Campus
from portal.pages.images import limits_text

from ..models import Initiative, Language, PracticeLevel, Programme, Provider, TargetGroup, Theme
from .imports import CLEAR_MARKER, limits
from .resources import InitiativeResource, ProviderResource, SessionResource
from .resources.initiative import EXAMPLE_TITLE


def _labels(choices):
    return "; ".join(str(label) for _value, label in choices)


def _names(queryset, attribute="name"):
    return "; ".join(str(getattr(obj, attribute)) for obj in queryset)


def initiative_explanations():
    """Column -> (explanation, allowed values), or the explanation alone. Built per request: vocabularies
    live in the database."""
    yes_no = _("ja of nee (leeg = niet wijzigen)")
    return {
        "slug": _(
            "De sleutel: alleen een rij met de slug (of externe referentie) uit de export werkt een bestaand "
            "initiatief bij. Leeg = een nieuw initiatief (slug gemaakt uit de titel)."
        ),
        "externe referentie": _("Eigen sleutel uit een ander systeem; gaat voor de slug als die er is."),
        "titel": _("Zeg wat de activiteit is, niet de campagnenaam."),
        "korte omschrijving": _("Eén of twee zinnen, maximaal 300 tekens."),
        "aanbieder": (_("Naam van de aanbieder zoals die in het beheer staat."), _names(Provider.objects.all())),
        "thema's": (_("Eén of meer, gescheiden door komma's."), _names(Theme.objects.all())),
        "doelgroepen": (_("Eén of meer, gescheiden door komma's."), _names(TargetGroup.objects.all())),
        "talen": (_("Eén of meer, gescheiden door komma's."), _names(Language.objects.all())),
        "po vanaf groep": (_("1 tot en met 8; leeg als het niet voor het po is."), "1-8"),
        "po tot en met groep": (_("1 tot en met 8."), "1-8"),
        "vo vanaf leerjaar": (_("1 tot en met 6; leeg als het niet voor het vo is."), "1-6"),
        "vo tot en met leerjaar": (_("1 tot en met 6."), "1-6"),
        "vmbo": (_("ja = voor het vmbo; zonder leerwegen hierna: alle leerwegen."), "ja; nee"),
        "vmbo basis": (yes_no, "ja; nee"),
        "vmbo kader": (yes_no, "ja; nee"),
        "vmbo gemengd/theoretisch": (yes_no, "ja; nee"),
        "havo": (yes_no, "ja; nee"),
        "vwo": (yes_no, "ja; nee"),
        "soort activiteit": (_("Of “onbekend” als de bron het niet zegt."), _labels(Initiative.ActivityType.choices)),
        "praktijkgerichtheid": (_("Het getal of de hele omschrijving."), _labels(PracticeLevel.choices)),
        "waar": (_("Leeg = op locatie."), _labels(Initiative.LocationType.choices)),
        "postcode": _("Zonder coördinaten wordt het punt het midden van de postcode (bij benadering)."),
        "plaats": _(
            "Op locatie zonder postcode en coördinaten: het punt wordt het midden van de plaats (bij benadering). "
            "Een plaats die we niet kennen geeft een waarschuwing, of een fout als de status gepubliceerd is."
        ),
        "gemeente": _("Naam, plaats of CBS-code, bijvoorbeeld Den Haag, Rijswijk of GM0599."),
        "breedtegraad": _("Bijvoorbeeld 51,9225 (tussen 50,7 en 53,6)."),
        "lengtegraad": _("Bijvoorbeeld 4,4792 (tussen 3,2 en 7,3)."),
        "gratis": (_("ja, nee of onbekend (dan toont de site: prijs navragen bij de aanbieder)."), "ja; nee; onbekend"),
        "prijs (€)": _("Bijvoorbeeld 5,00."),
        "capaciteit geteld in": ("", _labels(Initiative.CapacityUnit.choices)),
        "boeken": ("", _labels(Initiative.BookingMode.choices)),
        "gratis busvervoer mogelijk": (
            _("ja: scholen die aan de busregels voldoen kunnen bij het boeken gratis busvervoer aanvragen."),
            "ja; nee",
        ),
        "bevestiging": (
            _("Automatisch: een boeking is meteen bevestigd. Anders bevestigt de aanbieder of coördinator."),
            _labels(Initiative.ConfirmationMode.choices),
        ),
        "wachtlijst": (_("Wat er gebeurt als een sessie vol is."), _labels(Initiative.WaitlistMode.choices)),
        "boeken kan vanaf (dagen vooraf)": (_("Aantal dagen voor de sessie; leeg = meteen."), "0-365"),
        "boeken sluit (dagen vooraf)": (_("Aantal dagen voor de sessie; leeg = 2 (of ongewijzigd)."), "0-365"),
        "wie boekt": (
            _(
                "Wie via dit portaal boekt: een leraar voor de klas, gezinnen / ouders (zonder school; bij een "
                "avond voor ouders mag een volwassene zonder kinderen komen) of allebei. Leeg bij een nieuwe rij: "
                "afgeleid. Bij “ouder en kind samen” met een schoolniveau in schooltijd allebei, anders gezinnen "
                "/ ouders; alleen doelgroep ouders zonder schoolniveau: gezinnen / ouders; anders een leraar voor "
                "de klas. Leeg bij een bestaande rij: ongewijzigd, tenzij de rij die kolommen verandert."
            ),
            _labels(Initiative.BookedBy.choices),
        ),
        "schoolniveau onbekend": (_("ja als de bron niet zegt voor welke groepen of leerjaren."), "ja; nee"),
        "hele regio": (_("ja als het aanbod er is voor scholen in de hele regio."), "ja; nee"),
        "ook in gemeenten": _("Andere gemeenten waar het loopt, gescheiden door komma's (Den Haag mag)."),
        "programma": (_("Naam van het programma of netwerk."), _names(Programme.objects.all())),
        "loopt tot": _("Laatste datum, bijvoorbeeld 30-06-2027; leeg = loopt door."),
        "opvolger": _("Slug van het initiatief dat dit voortzet."),
        "bron": _("Webadressen, gescheiden door “ ; ”; leeg = niet wijzigen."),
        "bron gezien": _("Wanneer de bron dit zo beschreef: jjjj-mm of jjjj-mm-dd."),
        "afbeelding": (
            _(
                "Een foto: de bestandsnaam van een foto in de zip die je met de spreadsheet uploadt "
                "(bijvoorbeeld robotklas.jpg), of een webadres dat met https:// of http:// begint (die foto wordt "
                "na de import opgehaald; lukt dat niet, dan krijg je een e-mail). Leeg = niet wijzigen; %(marker)s "
                "haalt de foto weg. %(limits)s"
            )
            % {"marker": CLEAR_MARKER, "limits": limits_text()},
            _("bestandsnaam in de zip; https://... of http://..."),
        ),
        "alt-tekst afbeelding": (
            _("Verplicht bij een afbeelding: beschrijf wat er op de foto te zien is, voor wie hem niet kan zien."),
            _("hoogstens 250 tekens"),
        ),
        "andere aanbieder bevestigd": (
            _("ja om een bestaand initiatief bewust naar een andere aanbieder te verplaatsen."),
            "ja",
        ),
        "campus": (
            _("Leeg = de dichtstbijzijnde campus wordt berekend. Alleen coördinatoren kiezen de campus."),
            _names(Campus.objects.all()),
        ),
        "status": (_("Leeg = concept (of ongewijzigd)."), _labels(Initiative.Status.choices)),
        "laatst gecontroleerd op": _("Datum, bijvoorbeeld 14-03-2027."),
    }


def session_explanations():
    return {
        "initiatief": (
            _("De titel van het initiatief (als geen ander initiatief zo heet), anders de slug uit de export."),
            "",
        ),
        "begint": _("Datum en tijd, bijvoorbeeld 14-03-2027 10:00."),
        "eindigt": _("Datum en tijd, na het begin."),
        "capaciteit": _("Aantal plaatsen (leerlingen of groepen, zoals bij het initiatief)."),
        "boeken mogelijk vanaf": _("Datum met tijd, of alleen een datum (= vanaf het begin van die dag)."),
        "boeken mogelijk tot": _("Datum met tijd, of alleen een datum (= tot het einde van die dag)."),
        "geannuleerd": (_("ja of nee (leeg = niet wijzigen)"), "ja; nee"),
        "opmerking": _(
            "Een nieuwe opmerking op een rij die de sessie afzegt of een nieuwe eindtijd geeft, gaat als reden mee "
            "in de e-mail aan de boekers."
        ),
        "breedtegraad": _("Alleen als de sessie ergens anders is dan het initiatief."),
        "lengtegraad": _("Alleen als de sessie ergens anders is dan het initiatief."),
    }


def _with_allowed(explanation):
    """(explanation, allowed values): an explanation may come without allowed values."""
    return explanation if isinstance(explanation, tuple) else (explanation, "")


def _example_row(columns):
    example = {
        "titel": str(EXAMPLE_TITLE),
        "aanbieder": Provider.objects.values_list("name", flat=True).first() or "",
        "korte omschrijving": _("Leerlingen bouwen en programmeren in tweetallen een eenvoudige robot."),
        "thema's": ", ".join(Theme.objects.values_list("name", flat=True)[:2]),
        "po vanaf groep": 5,
        "po tot en met groep": 8,
        "soort activiteit": str(Initiative.ActivityType.WORKSHOP.label),
        "praktijkgerichtheid": 3,
        "postcode": "3011 AD",
        "plaats": "Rotterdam",
        "gemeente": "Rotterdam",
        "gratis": "nee",
        "prijs (€)": "€ 7,50",
        "bevestiging": str(Initiative.ConfirmationMode.MANUAL.label),
        "status": str(Initiative.Status.DRAFT.label),
    }
    return [example.get(name, "") for name in columns]


def _closed_vocabularies():
    """Column -> allowed values for a drop-down list (only closed lists)."""
    yes_no = ["ja", "nee"]
    lists = {
        "soort activiteit": [str(label) for _value, label in Initiative.ActivityType.choices] + ["onbekend"],
        "praktijkgerichtheid": [str(label) for _value, label in PracticeLevel.choices],
        "waar": [str(label) for _value, label in Initiative.LocationType.choices],
        "capaciteit geteld in": [str(label) for _value, label in Initiative.CapacityUnit.choices],
        "boeken": [str(label) for _value, label in Initiative.BookingMode.choices],
        "wie boekt": [str(label) for _value, label in Initiative.BookedBy.choices],
        "bevestiging": [str(label) for _value, label in Initiative.ConfirmationMode.choices],
        "wachtlijst": [str(label) for _value, label in Initiative.WaitlistMode.choices],
        "status": [str(label) for _value, label in Initiative.Status.choices],
        "gratis": ["ja", "nee", "onbekend"],
        "geannuleerd": yes_no,
    }
    for name in ("vmbo", "vmbo basis", "vmbo kader", "vmbo gemengd/theoretisch", "havo", "vwo",
                 "ouder en kind samen", "ouders welkom", "buiten schooltijd",
                 "gratis busvervoer mogelijk", "schoolniveau onbekend", "hele regio"):  # fmt: skip
        lists[name] = yes_no
    return lists


def _add_drop_downs(workbook, sheet, columns):
    """Excel data validation per closed column; the lists live on a hidden sheet (no 255-character limit)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lists = _closed_vocabularies()
    hidden = workbook.create_sheet("lijsten")
    hidden.sheet_state = "hidden"
    list_column = 0
    for index, name in enumerate(columns, start=1):
        values = lists.get(name)
        if not values:
            continue
        list_column += 1
        letter = get_column_letter(list_column)
        for row, value in enumerate(values, start=1):
            hidden.cell(row=row, column=list_column, value=value)
        validation = DataValidation(
            type="list",
            formula1=f"=lijsten!${letter}$1:${letter}${len(values)}",
            allow_blank=True,
            showErrorMessage=False,  # a warning, not a block: an import gives the exact message
        )
        validation.prompt = ", ".join(values)[:250]
        validation.showInputMessage = True
        sheet.add_data_validation(validation)
        column_letter = get_column_letter(index)
        validation.add(f"{column_letter}2:{column_letter}{limits()['rows'] + 1}")


def build_template(resource_class):
    """XLSX bytes: sheet 1 the empty import sheet, sheet 2 what each column means and allows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    resource = resource_class()
    columns = resource.template_columns()
    with translation.override("nl"):
        explanations = {InitiativeResource: initiative_explanations, SessionResource: session_explanations}.get(
            resource_class, dict
        )()
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Gegevens")
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index, name in enumerate(columns, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(14, len(name) + 4)
        if resource_class is InitiativeResource:
            sheet.append(_example_row(columns))
            _add_drop_downs(workbook, sheet, columns)

        help_sheet = workbook.create_sheet(_("Uitleg"))
        help_sheet.append([_("Kolom"), _("Verplicht"), _("Uitleg"), _("Toegestane waarden")])
        for cell in help_sheet[1]:
            cell.font = Font(bold=True)
        for name in columns:
            explanation, allowed = _with_allowed(explanations.get(name, ""))
            required = _("ja") if name in resource.required_columns else ""
            help_sheet.append([name, required, str(explanation), str(allowed)])
        for letter, width in zip("ABCD", (28, 10, 60, 80), strict=True):
            help_sheet.column_dimensions[letter].width = width
        for row in help_sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        help_sheet.append([])
        numbers = {key: f"{value:,}".replace(",", ".") for key, value in limits().items()}
        tips = [
            f"{resource.one_row_per} " + _("Datums als dd-mm-jjjj. Decimalen met een komma mogen."),
            _("Bijwerken: exporteer, pas cellen aan en importeer opnieuw.")
            + f" {resource.import_key_help} "
            + _("Een lege cel laat de waarde staan; %(marker)s maakt hem leeg.") % {"marker": CLEAR_MARKER},
            _(
                "Grenzen per bestand: %(rows)s rijen, %(columns)s kolommen, %(cells)s cellen, uitgepakt "
                "%(unpacked_mb)s MB. Splits een groter bestand."
            )
            % numbers,
        ]
        if resource_class is InitiativeResource:
            tips.append(_("Rij 2 van het eerste blad is een voorbeeld: vervang of verwijder die voor het importeren."))
        for tip in tips:
            help_sheet.append([_("Tips"), "", tip])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


TEMPLATES = {
    "initiatives": InitiativeResource,
    "sessions": SessionResource,
    "providers": ProviderResource,
}
