from django.core.management.base import BaseCommand

from initiatives.permissions import ensure_role_groups


class Command(BaseCommand):
    help = "Create or update the role groups (MRDH-coördinator, Campuscoördinator, Aanbiederredacteur)."

    def handle(self, *args, **options):
        for group in ensure_role_groups().values():
            self.stdout.write(f"{group.name}: {group.permissions.count()} permissions")
