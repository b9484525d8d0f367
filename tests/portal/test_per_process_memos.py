"""What pages work out once per process instead of per request gives the same as Django's own functions."""

import pytest
from django.urls import translate_url
from django.utils.html import json_script
from django.utils.translation import override

from portal.i18n import translated_url
from portal.templatetags.portal_tags import json_data


def test_json_data_is_json_script():
    value = [{"title": "Robots & <script>alert('x')</script> > code", "lat": 51.9, "image": None, "naam": "Zoë"}]
    assert json_data(value, "map-markers") == json_script(value, "map-markers")
    assert "<script>alert" not in json_data(value, "map-markers")


@pytest.mark.parametrize(
    "url",
    ["/activiteiten/", "/activiteiten/?near=3011&q=robot%20les", "/en/activiteiten/", "/bestaat-niet/?x=1", "/"],
)
@pytest.mark.parametrize("active", ["nl", "en"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_translated_url_is_translate_url(url, active, language):
    with override(active):
        assert translated_url(url, language) == translate_url(url, language)
