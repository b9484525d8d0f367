from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

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
        (code, name, translate_url(request.get_full_path(), code))
        for code, name in settings.LANGUAGES
        if code != current
    ]
