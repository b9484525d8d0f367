"""Seed the curated lists every environment needs: target groups, themes, languages.

Coordinators may rename or extend them in the admin; this migration only creates what is missing.
"""

from django.db import migrations

TARGET_GROUPS = [
    ("leerlingen", "Leerlingen", "Activiteiten voor leerlingen in de klas of na schooltijd."),
    ("ouders", "Ouders", "Activiteiten waar ouders bij betrokken zijn of samen met hun kind aan meedoen."),
    ("meisjes", "Meisjes", "Activiteiten die zich nadrukkelijk op meisjes richten."),
    (
        "migratieachtergrond",
        "Leerlingen met een migratieachtergrond",
        "Activiteiten die zich nadrukkelijk richten op leerlingen met een migratieachtergrond.",
    ),
    ("leraren", "Leraren", "Activiteiten en materiaal voor leraren."),
]

THEMES = [
    ("programmeren-en-ict", "Programmeren en ICT"),
    ("robotica", "Robotica"),
    ("ai-en-data", "AI en data"),
    ("cybersecurity", "Cybersecurity"),
    ("energie-en-duurzaamheid", "Energie en duurzaamheid"),
    ("bouw-en-installatie", "Bouw en installatie"),
    ("haven-en-maritiem", "Haven en maritiem"),
    ("mobiliteit-en-logistiek", "Mobiliteit en logistiek"),
    ("tuinbouw-en-voedsel", "Tuinbouw en voedsel"),
    ("maken-en-ontwerpen", "Maken en ontwerpen"),
    ("elektrotechniek", "Elektrotechniek"),
    ("zorg-en-technologie", "Zorg en technologie"),
    ("wetenschap-en-onderzoek", "Wetenschap en onderzoek"),
    ("procestechniek", "Procestechniek"),
]

LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "Engels"),
    ("ar", "Arabisch"),
    ("tr", "Turks"),
    ("pl", "Pools"),
    ("uk", "Oekraïens"),
    ("es", "Spaans"),
    ("pap", "Papiaments"),
]


def seed(apps, schema_editor):
    TargetGroup = apps.get_model("initiatives", "TargetGroup")
    Theme = apps.get_model("initiatives", "Theme")
    Language = apps.get_model("initiatives", "Language")
    for position, (slug, name, description) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    for position, (slug, name) in enumerate(THEMES):
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    for position, (code, name) in enumerate(LANGUAGES):
        Language.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
