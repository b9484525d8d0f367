from importlib import import_module

from django.core.management.base import BaseCommand

from portal.devtools.benchmarks import MODULES, Report


class Command(BaseCommand):
    help = "Print benchmark figures (medians, 95th percentiles, ratios to a bare view)."

    def add_arguments(self, parser):
        parser.add_argument("only", nargs="*", help=f"Run only these: {', '.join(MODULES)}")

    def handle(self, *args, only, **options):
        report = Report(self.stdout)
        for name in only or MODULES:
            import_module(f"portal.devtools.benchmarks.{name}").run(report)
