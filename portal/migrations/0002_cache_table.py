"""The table of the shared database cache (rate limits without Redis, or while Redis is down)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_periodic_task_state")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
