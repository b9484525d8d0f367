"""portal.models.QuickLoad: instances loaded without Model.__init__ are the instances __init__ would give."""

import pytest
from django.db import models
from django.db.models import signals

from initiatives.models import Initiative, Theme
from tests import factories

pytestmark = pytest.mark.django_db


def _as_django_loads(model, names, values):
    """Model.from_db itself, through Model.__init__ (QuickLoad's fallback)."""
    return models.Model.from_db.__func__(model, "default", names, values)


def _fields(instance):
    return {key: value for key, value in instance.__dict__.items() if key != "_state"}


@pytest.mark.parametrize("only", [(), ("title", "provider", "latitude", "service_radius_km")])
def test_the_same_instance_as_model_init(only):
    initiative = factories.InitiativeFactory(service_radius_km="12.5")
    queryset = Initiative.objects.only(*only) if only else Initiative.objects.all()
    quick = queryset.get(pk=initiative.pk)
    names = list(_fields(quick))
    slow = _as_django_loads(Initiative, names, [quick.__dict__[name] for name in names])
    assert _fields(quick) == _fields(slow)
    assert quick.get_deferred_fields() == slow.get_deferred_fields()
    assert (quick._state.adding, quick._state.db) == (slow._state.adding, slow._state.db) == (False, "default")


def test_a_quickly_loaded_instance_saves_reads_deferred_fields_and_refreshes():
    initiative = factories.InitiativeFactory(title="Robotica", summary="Bouw een robot")
    loaded = Initiative.objects.only("title").get(pk=initiative.pk)
    assert loaded.get_deferred_fields() >= {"summary"}
    assert loaded.summary == "Bouw een robot"  # a deferred field loads on access
    loaded.title = "Robotica voor groep 7"
    loaded.save(update_fields=["title"])
    assert Initiative.objects.count() == 1  # an update, not a new row
    initiative.refresh_from_db()
    assert initiative.title == "Robotica voor groep 7"


def test_a_model_with_init_receivers_loads_through_init():
    theme = factories.ThemeFactory()
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    signals.post_init.connect(receiver, sender=Theme)
    try:
        assert Theme.objects.get(pk=theme.pk).pk == theme.pk
    finally:
        signals.post_init.disconnect(receiver, sender=Theme)
    assert seen == [theme.pk]
