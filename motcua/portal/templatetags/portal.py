"""Template filters of the public site."""
from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

from motcua.catalog import localized as localized_names
from motcua.catalog.localized import pick
from motcua.portal.presentation import format_money, format_number

register = template.Library()


@register.filter
def money(value):
    """7000 → "7.000 đ"."""
    return format_money(value)


@register.filter
def number(value):
    return "" if value is None else format_number(value)


@register.simple_tag
def localized(en, vi, linebreaks=False):
    """Catalog text in the interface's language (decision 0037): the English text on an English page when
    there is one; else the Vietnamese, which on an English page is marked `lang="vi"` with a hint that it
    is shown in Vietnamese (for screen readers and, as a small "VI", for the eye)."""
    text, fallback = pick(en, vi)
    body = linebreaksbr(text, autoescape=True) if linebreaks else conditional_escape(text)
    if not fallback:
        return body
    return format_html(
        '<span lang="vi" class="lang-vi" title="{}">{}</span>'
        '<span class="lang-badge" aria-hidden="true">VI</span><span class="visually-hidden"> {}</span>',
        _("Chưa có bản dịch tiếng Anh"), body, _("(tiếng Việt)"),
    )


@register.simple_tag
def procedure_name(procedure, version=None):
    """The procedure's name, localized and marked (see `localized`)."""
    version = version if version is not None else procedure.current_version
    return localized(getattr(procedure, "name_en", ""), version.name if version is not None else "")


@register.filter
def plain_name(procedure, version=None):
    """The procedure's name as plain text (a <title>), English if wanted and given."""
    return localized_names.procedure_name(procedure, version)


@register.filter
def field_label(field):
    """A field's name as plain text; `field` a Field or a {name, name_en} row."""
    if isinstance(field, dict):
        return pick(field.get("name_en"), field.get("name"))[0]
    return localized_names.field_name(field)


@register.simple_tag
def field_name(field):
    """A field's name, localized and marked; `field` a Field or a {name, name_en} row."""
    if isinstance(field, dict):
        return localized(field.get("name_en"), field.get("name"))
    return localized(getattr(field, "name_en", ""), field.name)
