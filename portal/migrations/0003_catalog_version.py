"""The catalogue version moves from initiatives to portal: every app bumps it (portal/cache.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_cache_table"),
        ("initiatives", "0009_catalog_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CatalogVersion",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("number", models.PositiveBigIntegerField(default=0, verbose_name="versie")),
                        ("changed_at", models.DateTimeField(auto_now=True, verbose_name="gewijzigd op")),
                    ],
                    options={
                        "verbose_name": "versie van het aanbod",
                        "verbose_name_plural": "versies van het aanbod",
                        "db_table": "initiatives_catalogversion",
                    },
                ),
            ]
        ),
        migrations.AlterModelTable(name="catalogversion", table=None),
    ]
