"""Seed the default bus eligibility rules; coordinators change them in the admin."""

from django.db import migrations

RULES = [
    {
        "name": "Basisschool groep 5-8 binnen 10 km van de campus",
        "school_kind": "po",
        "po_group_from": 5,
        "po_group_to": 8,
        "max_distance_km": 10,
    },
    {"name": "Vmbo-vestiging zonder hard techniekprofiel", "school_kind": "vo", "vmbo_without_hard_profile": True},
]


def seed(apps, schema_editor):
    rule_model = apps.get_model("initiatives", "BusEligibilityRule")
    for rule in RULES:
        rule_model.objects.get_or_create(name=rule["name"], defaults=rule)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0006_bookings")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
