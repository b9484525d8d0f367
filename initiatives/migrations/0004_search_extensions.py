"""pg_trgm for typo-tolerant free-text search on PostgreSQL; nothing to do on SQLite."""

from django.db import migrations


def create_extensions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0003_tighten_level_ranges")]

    operations = [migrations.RunPython(create_extensions, migrations.RunPython.noop)]
