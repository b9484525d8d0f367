"""Seed the fixed pages with the texts the templates had, once (a later migrate never overwrites).

Each page gets one published revision, so the site looks as before until a coordinator edits it.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from portal.pages.seed import seed_content

    seed_content(apps)


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_content")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
