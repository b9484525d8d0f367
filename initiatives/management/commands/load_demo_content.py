from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from campuses.models import Campus
from initiatives.demo import DEMO_SOURCE, demo_content_present, load_demo_content, real_content_present


class Command(BaseCommand):
    help = (
        "Load the demo content (invented providers, initiatives around every campus, sessions in the coming "
        "months), all marked as demo data. Refuses a database with real content unless --allow-real-content."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when demo content (or, without --allow-real-content, real content) is present.",
        )
        mode.add_argument("--replace", action="store_true", help="Delete the existing demo content first.")
        parser.add_argument(
            "--allow-real-content",
            action="store_true",
            help="Load even though the database holds real (non-demo) initiatives or providers.",
        )

    def handle(self, *args, if_empty, replace, allow_real_content, **options):
        if if_empty and demo_content_present():
            self.stdout.write(_("Demo-inhoud is al aanwezig; niets gedaan."))
            return
        if real_content_present() and not allow_real_content:
            message = _(
                "De database bevat echte aanbieders of initiatieven (niet-demo). Demo-inhoud wordt daar niet aan "
                "toegevoegd. Gebruik --allow-real-content als je dat echt wilt."
            )
            if if_empty:  # `make run` must keep working on a database with real content
                self.stdout.write(message)
                return
            raise CommandError(message)
        if not Campus.objects.filter(is_active=True).exists():
            raise CommandError(
                _("Er zijn nog geen (actieve) campussen. Laad eerst de referentiedata: manage.py load_reference_data")
            )
        try:
            report = load_demo_content(replace=replace)
        except ProtectedError as error:
            raise CommandError(
                _("Demo-inhoud kan niet worden verwijderd: er hangen nog gegevens aan ({error}).").format(error=error)
            ) from error
        self.write_report(report)

    def write_report(self, report):
        if report.deleted:
            self.stdout.write(
                _("Verwijderd: {initiatives} initiatieven, {sessions} sessies, {providers} aanbieders.").format(
                    **report.deleted
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo-inhoud geladen ({source}): aanbieders {providers_created} nieuw, {providers_updated} "
                    "bijgewerkt; initiatieven {initiatives_created} nieuw, {initiatives_updated} bijgewerkt; "
                    "{sessions_created} nieuwe sessies."
                ).format(source=DEMO_SOURCE, **vars(report))
            )
        )
        for name, count in report.coverage.items():
            self.stdout.write(_("  {name}: {count} demo-initiatieven binnen de straal").format(name=name, count=count))
        if report.fallback_campuses:
            self.stdout.write(
                _("Extra demo-initiatieven geplaatst bij: {names}").format(names=", ".join(report.fallback_campuses))
            )
        if report.skipped:
            self.stdout.write(
                self.style.WARNING(
                    _("Overgeslagen (botst met echte inhoud): {items}").format(items=", ".join(report.skipped))
                )
            )
        if report.missing_vocabulary:
            self.stdout.write(
                self.style.WARNING(
                    _("Onbekende thema's, doelgroepen of talen: {keys}").format(
                        keys=", ".join(sorted(report.missing_vocabulary))
                    )
                )
            )
