"""A desk dissolved since (Cẩm Phả, 30 June 2025) issues no queue ticket: the kiosk and the API say in
Vietnamese where to go instead, and nothing is written; the successor's center issues them (issue 12)."""
import time_machine

from motcua.demo.services import load_demo_queue, load_demo_units_2025
from motcua.frontdesk.models import Ticket
from motcua.units.models import Unit
from motcua.units.services import dissolve_into

from .conftest import WARD_DESK, local

PROBLEM = "application/problem+json"


def _dissolve_cam_trung(city):
    load_demo_units_2025()
    load_demo_queue()  # the new centers' counters
    with time_machine.travel(local(2025, 7, 1, 7, 0), tick=False):
        dissolve_into(Unit.objects.get(code="CP-CTR"), Unit.objects.get(code="CAMPHA"), local(2025, 7, 1, 0, 0).date(),
                      actor=city["admin"])


def test_the_old_desk_refuses_and_names_the_successor_center(api, city):
    with time_machine.travel(local(2025, 6, 30, 8, 0), tick=False):
        assert api.post("/api/v1/queue/tickets", {"unit": WARD_DESK}, format="json").status_code == 201
    _dissolve_cam_trung(city)
    before = Ticket.objects.count()
    with time_machine.travel(local(2025, 7, 1, 8, 0), tick=False):
        r = api.post("/api/v1/queue/tickets", {"unit": WARD_DESK}, format="json")
        assert (r.status_code, r["Content-Type"]) == (400, PROBLEM)
        assert r.json()["detail"] == (
            "Bộ phận Một cửa phường Cẩm Trung đã chấm dứt hoạt động từ sau ngày 30/06/2025; "
            "mời Ông/Bà đến Trung tâm Phục vụ hành chính công phường Cẩm Phả."
        )
        assert Ticket.objects.count() == before
        ok = api.post("/api/v1/queue/tickets", {"unit": "CAMPHA-TT"}, format="json")
        assert ok.status_code == 201 and ok.json()["label"] == "A001"


def test_a_center_takes_no_ticket_before_it_opens(api, city):
    load_demo_units_2025()
    load_demo_queue()
    with time_machine.travel(local(2025, 6, 30, 8, 0), tick=False):
        r = api.post("/api/v1/queue/tickets", {"unit": "CAMPHA-TT"}, format="json")
    assert r.status_code == 400 and "chỉ hoạt động từ ngày 01/07/2025" in r.json()["detail"]
    assert not Ticket.objects.filter(unit__code="CAMPHA-TT").exists()
