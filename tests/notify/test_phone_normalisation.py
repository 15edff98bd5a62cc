"""Phone numbers as the gateways want them: 84 and nine digits; what cannot be a mobile is refused."""
import pytest

from motcua.notify.sms import PermanentSendError, normalise_phone


@pytest.mark.parametrize("given", [
    "0912345678", "0912 345 678", "0912.345.678", "+84912345678", "+84 912 345 678", "84912345678",
    "0084912345678", "(091) 234-5678",
])
def test_the_ways_people_write_a_mobile_number_all_become_84_and_nine_digits(given):
    assert normalise_phone(given) == "84912345678"


@pytest.mark.parametrize("prefix", ["03", "05", "07", "08", "09"])
def test_every_mobile_prefix_is_accepted(prefix):
    assert normalise_phone(f"{prefix}12345678") == f"84{prefix[1]}12345678"


@pytest.mark.parametrize("given", ["", "12345", "091234567", "09123456789", "02033123456", "0912abc678", "+1 202 555 0100"])
def test_a_landline_a_short_or_long_number_or_letters_are_a_permanent_refusal(given):
    with pytest.raises(PermanentSendError):
        normalise_phone(given)
