import re

from django import template
from django.utils.translation import get_language

from portal.i18n import is_fallback, localized

from ..images import best_rendition, srcset
from ..menus import localize_path, site_links
from ..sanitize import render_html

register = template.Library()


@register.filter
def text(obj, field):
    """`obj.<field>` in the active language (English falls back to Dutch)."""
    return localized(obj, field)


@register.filter
def fallback(obj, field):
    return is_fallback(obj, field)


# What coordinators type before a photographer's name; the template writes "Foto:" itself.
CREDIT_PREFIX = re.compile(r"^\s*(foto|photo|beeld|image)\s*:\s*", re.IGNORECASE)


@register.filter
def credit_name(credit):
    """A photo credit without a "Foto:" the coordinator typed ("Foto: Studio Zuid" -> "Studio Zuid")."""
    return CREDIT_PREFIX.sub("", credit or "")


@register.filter
def rich(html):
    """Rich text cleaned again on output (see sanitize.py)."""
    return render_html(html)


@register.filter
def local_url(url):
    """A site path in the active language (/voor-ouders/ becomes /en/voor-ouders/ on /en/)."""
    if url.startswith("/") and not url.startswith("//"):
        return localize_path(url, get_language())
    return url


@register.inclusion_tag("includes/picture.html")
def picture(image, sizes="100vw", width=640, css_class="", eager=False):
    """A <picture> with AVIF, WebP and JPEG/PNG srcsets (the browser takes the first type it knows),
    width/height (no layout shift) and lazy loading."""
    if not image or not image.renditions:
        return {"image": None}
    src, src_width, src_height = best_rendition(image, width)
    return {
        "image": image,
        "alt": localized(image, "alt_text"),
        "src": src,
        "width": src_width,
        "height": src_height,
        "avif_srcset": srcset(image, "avif"),
        "webp_srcset": srcset(image, "webp"),
        "fallback_srcset": srcset(image, "fallback"),
        "fallback_type": image.renditions.get("fallback_type", "image/jpeg"),
        "sizes": sizes,
        "css_class": css_class,
        "eager": eager,
    }


@register.simple_tag(name="site_links")
def site_links_tag():
    """The editable header and footer links, read once per page: `{% site_links as site_links %}`."""
    return site_links()
