import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.i18n import translated_url

register = template.Library()


@register.simple_tag(takes_context=True)
def other_languages(context):
    """(code, name, url) for every other language: the same page and query under its language prefix.

    Plain links, not Django's set_language form: the language follows the URL (i18n_patterns), and
    a page without a CSRF token can be served to every visitor from the cache.
    """
    request = context["request"]
    current = get_language()
    return [
        (code, name, translated_url(request.get_full_path(), code))
        for code, name in settings.LANGUAGES
        if code != current
    ]


def script_safe(text):
    """JSON text that cannot close its <script> element or open a comment: <, > and & as \\u escapes, as
    django.utils.html.json_script writes them (three replace() calls: str.translate() over every character of
    a page's map markers cost more)."""
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")


@register.filter
def json_data(value, element_id):
    """Django's json_script (the same HTML) for large data such as a page's map markers (script_safe)."""
    text = script_safe(json.dumps(value, cls=DjangoJSONEncoder))
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text))  # noqa: S308
