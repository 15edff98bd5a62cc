"""Numbers as Vietnamese documents print them: 113.060 and 99,71 %; in English 113,060 and 99.71 %."""
from django import template
from django.utils import translation

register = template.Library()


@register.filter
def num(value) -> str:
    if value is None or value == "":
        return "—"
    try:
        text = f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)
    return text if _english() else text.replace(",", ".")


def _english() -> bool:
    return (translation.get_language() or "").startswith("en")


@register.filter
def pct(value) -> str:
    if value is None or value == "":
        return "—"
    text = f"{float(value):.2f}"
    return (text if _english() else text.replace(".", ",")) + " %"
