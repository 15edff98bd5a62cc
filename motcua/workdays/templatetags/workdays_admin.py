"""Template tags of the admin dashboard: warnings about years of the calendar not confirmed."""
from django import template

from motcua.workdays.selectors import calendar_problems

register = template.Library()


@register.simple_tag
def calendar_warnings() -> list[str]:
    return calendar_problems()
