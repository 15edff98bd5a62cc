"""An amount of money reads as the page's language: "75.000 đ" in Vietnamese, "75,000 VND" in English (the
đồng's sign and the dot grouping are Vietnamese; issue 15)."""
from decimal import Decimal

from django.utils import translation

from motcua.portal.presentation import format_money


def test_vietnamese_by_default():
    assert format_money(75000) == "75.000 đ"
    assert format_money(Decimal("1234.50")) == "1.234,5 đ"
    assert format_money(None) == ""


def test_english_groups_with_commas_and_names_the_currency():
    with translation.override("en"):
        assert format_money(75000) == "75,000 VND"
        assert format_money(Decimal("75000.00")) == "75,000 VND"
        assert format_money(Decimal("1234.50")) == "1,234.5 VND"
        assert format_money(0) == "0 VND"
        assert format_money(None) == ""
