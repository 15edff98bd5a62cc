"""Numbers as Vietnamese documents print them: 113.060 and 99,71 %."""
from django import template

register = template.Library()


@register.filter
def num(value) -> str:
    if value is None or value == "":
        return "—"
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(value)


@register.filter
def pct(value) -> str:
    if value is None or value == "":
        return "—"
    return f"{float(value):.2f}".replace(".", ",") + " %"
