from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0013_booking_event_changed"),
        ("initiatives", "0013_catalog_version_moves_to_portal"),
        ("initiatives", "0013_vmbo_tracks"),
    ]

    operations = []
