"""Template filters of the public site."""
from django import template

from motcua.portal.presentation import format_money, format_number

register = template.Library()


@register.filter
def money(value):
    """7000 → "7.000 đ"."""
    return format_money(value)


@register.filter
def number(value):
    return "" if value is None else format_number(value)
