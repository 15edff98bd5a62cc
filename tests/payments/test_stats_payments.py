"""The statistics' fee payments of a period: dossiers paid, paid online through the gateway, the online share."""
from datetime import date

import time_machine

from motcua.dossiers import services as dossier_services
from motcua.payments.services import gateway_actor
from motcua.stats.selectors import figures
from motcua.units.models import Unit

from .conftest import APPLICANT, FEE, act, local, receive


def _awaiting(city, at):
    with time_machine.travel(at, tick=False):
        d = receive(city, "congdan.demo", channel="online", applicant=APPLICANT)
        return act(city, d, "tiepnhan.hcc", "request_payment", data={"amount": FEE})


def _paid_online(d, at):
    with time_machine.travel(at, tick=False):
        d.refresh_from_db()
        dossier_services.transition(d, "pay", actor=gateway_actor(d), expected_version=d.version,
                                    data={"reference": "TXN", "order": f"HS{d.pk}", "gateway": "vnpay"})


def test_paid_online_and_at_the_counter(city, settings):
    december = [local(2024, 12, day, 9) for day in (2, 3, 4, 5, 6)]
    online1, online2, counter, typed, unpaid = (_awaiting(city, at) for at in december)
    _paid_online(online1, local(2024, 12, 9, 10))
    _paid_online(online2, local(2024, 12, 10, 10))
    with time_machine.travel(local(2024, 12, 11, 10), tick=False):
        act(city, counter, "tiepnhan.hcc", "pay", data={"reference": "BL-0001"})  # cash at the desk
        # A transfer the applicant declared, from before the gateway was configured (since then only the
        # gateway records an applicant's payment): paid, not online.
        gateway = settings.MOTCUA_PAYMENT_GATEWAY
        settings.MOTCUA_PAYMENT_GATEWAY = ""
        act(city, typed, "congdan.demo", "pay", data={"reference": "CK-123"})
        settings.MOTCUA_PAYMENT_GATEWAY = gateway
    late = _awaiting(city, local(2025, 1, 2, 9))
    _paid_online(late, local(2025, 1, 3, 9))  # paid after the period

    center = Unit.objects.get(code="CP-HCC")
    with time_machine.travel(local(2025, 2, 1, 9), tick=False):
        body = figures(center, date(2024, 12, 1), date(2024, 12, 31))
        assert body["payments"] == {"paid": 4, "online": 2, "online_rate": 50.0}
        assert figures(center, date(2025, 1, 1), date(2025, 1, 31))["payments"] == {"paid": 1, "online": 1, "online_rate": 100.0}
        assert figures(center, date(2024, 11, 1), date(2024, 11, 30))["payments"] == {"paid": 0, "online": 0, "online_rate": None}
        other = Unit.objects.get(code="CP-CTR-MC")  # another desk's subtree: none of these dossiers
        assert figures(other, date(2024, 12, 1), date(2024, 12, 31))["payments"]["paid"] == 0
    unpaid.refresh_from_db()
    assert unpaid.status == "awaiting_payment"  # asked, not paid: in no figure


def test_the_api_body_keeps_its_keys_and_adds_payments(city):
    from tests.dossiers.conftest import token_client

    api = token_client(city, "tiepnhan.hcc")
    body = api.get("/api/v1/stats", {"from": "2024-12-01", "to": "2024-12-31"}).json()
    for key in ("unit", "from", "to", "received", "resolved", "in_progress", "awaiting_supplement", "returned", "refused",
                "withdrawn", "on_time_rate", "online_rate", "satisfaction", "groups"):
        assert key in body
    assert body["payments"] == {"paid": 0, "online": 0, "online_rate": None}


def test_the_leaders_desk_shows_the_online_share(city, client):
    d = _awaiting(city, local(2024, 12, 2, 9))
    _paid_online(d, local(2024, 12, 3, 9))
    client.force_login(city["giamdoc.hcc"])
    with time_machine.travel(local(2025, 2, 1, 9), tick=False):
        response = client.get("/can-bo/thong-ke/", {"unit": "CP", "date_from": "2024-12-01", "date_to": "2024-12-31"})
    assert response.status_code == 200
    card = next(r for r in response.context["rates"] if r.get("figure") == "payments")
    assert card["rate"] == 100.0 and card["basis"].endswith("= 1/1")
    assert "Tỷ lệ nộp phí, lệ phí trực tuyến" in response.content.decode()
