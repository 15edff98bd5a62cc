"""The Decision 766/QĐ-TTg indicators that come from dossiers, labelled with the indicator they feed."""
from datetime import date

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.stats.selectors import decision766
from motcua.units.models import Unit

from .conftest import DESK, MARITAL, WARD_DESK, act, build_december, local, receive

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_indicators_from_the_december_dossiers(city):
    s = build_december(city)
    # One dossier brought its documents scanned; one online submission paid its fee online, one at the desk.
    receive(city, DESK, MARITAL, WARD_DESK, at=local(2024, 12, 26, 9),
            attachments=[(None, SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf"))])
    for payer, day in (("congdan.demo", 9), (DESK, 10)):
        with time_machine.travel(local(2024, 12, day, 8), tick=False):
            d = receive(city, "congdan.demo", MARITAL, WARD_DESK, channel="online")
        act(city, d, DESK, "request_payment", data={"amount": 10000}, at=local(2024, 12, day, 8, 30))
        act(city, d, payer, "pay", data={"reference": f"REF-{day}"}, at=local(2024, 12, day, 9))
    result = decision766(Unit.objects.get(code="CP-CTR"), date(2024, 12, 1), date(2024, 12, 31))
    by_code = {i["indicator"]: i for i in result["indicators"]}
    assert list(by_code) == [
        "2.on_time", "3.digitised", "4.online", "4.online_payment", "5.satisfaction",
        "5.feedback_on_time", "5.feedback_satisfaction",
    ]
    assert (by_code["2.on_time"]["numerator"], by_code["2.on_time"]["denominator"], by_code["2.on_time"]["rate"]) == (6, 7, 85.71)
    assert (by_code["2.on_time"]["group"], by_code["2.on_time"]["group_max_points"], by_code["2.on_time"]["max_points"]) == (2, 20, 20)
    assert (by_code["3.digitised"]["numerator"], by_code["3.digitised"]["denominator"]) == (1, 13)
    assert (by_code["4.online"]["numerator"], by_code["4.online"]["denominator"]) == (1, 13)
    assert (by_code["4.online_payment"]["numerator"], by_code["4.online_payment"]["denominator"], by_code["4.online_payment"]["rate"]) == (1, 2, 50.0)
    assert (by_code["5.satisfaction"]["numerator"], by_code["5.satisfaction"]["denominator"]) == (1, 2)
    assert all(i["points"] is None and i["name"] and i["rule"] for i in result["indicators"])
    assert s.d["online"].channel == "online"
