"""The catalogue version now belongs to portal (portal 0003 takes over the table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0012_waitlist_modes_and_labels"),
        ("portal", "0003_catalog_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="CatalogVersion")]),
    ]
