"""Issue 8 item 14: the hand-over deadline of the one-stop desk (Decree 61/2018, art. 18(2)–(3)): a paper
dossier reaches the processing unit the same working day, or at the start of the next working day if
received after 15:00; an online one at once. Computed at receipt, shown, reminded, and counted."""
import pytest

from motcua.dossiers import deadlines
from motcua.dossiers.models import UnitHolding
from motcua.notify.models import Outbox
from motcua.notify.services import remind_due_soon
from motcua.units.models import Unit

from .conftest import act, local, receive, token_client


@pytest.mark.parametrize(
    ("received", "channel", "due"),
    [
        ((2024, 11, 25, 9, 0), "counter", (2024, 11, 25, 17, 0)),  # the same working day
        ((2024, 11, 25, 15, 0), "counter", (2024, 11, 25, 17, 0)),  # at 15:00: still the same day
        ((2024, 11, 25, 12, 0), "post", (2024, 11, 25, 17, 0)),  # lunch break: the same day
        ((2024, 11, 25, 15, 1), "counter", (2024, 11, 26, 8, 30)),  # after 15:00: start of the next day
        ((2024, 11, 29, 16, 30), "counter", (2024, 12, 2, 8, 30)),  # Friday after 15:00: Monday morning
        ((2024, 11, 25, 10, 0), "online", (2024, 11, 25, 11, 0)),  # online: at once
        ((2024, 11, 25, 16, 30), "online", (2024, 11, 26, 8, 0)),  # online late in the day: at once, next morning
    ],
)
def test_hand_over_deadline_table(city, received, channel, due):
    unit = Unit.objects.get(code="CP-HCC")
    assert deadlines.handover_due(unit, local(*received), channel) == local(*due)


def test_receipt_gives_the_desk_its_hand_over_deadline(city):
    d = receive(city, at=local(2024, 11, 25, 15, 30))
    (desk,) = UnitHolding.objects.filter(dossier=d)
    assert (desk.unit.code, desk.due_at) == ("CP-HCC", local(2024, 11, 26, 8, 30))
    body = token_client(city, "tiepnhan.hcc").get(f"/api/v1/dossiers/{d.code}").json()
    assert body["deadlines"]["handover"] == {
        "due_at": "2024-11-26T08:30:00+07:00", "handed_over_at": None, "on_time": None,
    }


def test_the_officer_page_shows_the_hand_over_deadline(city, client):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    client.force_login(city["tiepnhan.hcc"])
    page = client.get(f"/can-bo/ho-so/{d.code}/").content.decode()
    assert "Hạn chuyển hồ sơ đến cơ quan giải quyết" in page and "17:00 25/11/2024" in page


@pytest.mark.parametrize(("handed", "on_time"), [((2024, 11, 25, 16, 59), True), ((2024, 11, 26, 8, 0), False)])
def test_the_transfer_records_whether_the_hand_over_was_on_time(city, handed, on_time):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(*handed))
    event = d.events.get(action="transfer")
    assert event.data["handover"] == {"due_at": "2024-11-25T17:00:00+07:00", "on_time": on_time}
    desk = UnitHolding.objects.get(dossier=d, unit__code="CP-HCC")
    assert desk.is_late is (not on_time)
    later = act(city, d, "truongphong.qldt", "assign", to_user="chuyenvien.qldt", at=local(2024, 11, 26, 9, 0))
    later = act(city, later, "chuyenvien.qldt", "transfer", at=local(2024, 11, 26, 10, 0))
    assert "handover" not in later.events.filter(action="transfer").last().data  # only the desk's hand-over


def test_the_desk_is_reminded_of_the_hand_over(city):
    Unit.objects.filter(code="CP-HCC").update(email="hcc@campha.vn")
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    assert remind_due_soon(now=local(2024, 11, 25, 14, 0)) == 0  # 3 working hours left
    assert remind_due_soon(now=local(2024, 11, 25, 15, 30)) == 1
    assert remind_due_soon(now=local(2024, 11, 25, 16, 0)) == 0  # once
    (row,) = Outbox.objects.filter(kind="handover_due")
    assert row.to == "hcc@campha.vn" and row.subject == f"Hồ sơ {d.code} cần chuyển đến cơ quan giải quyết"
    assert "chậm nhất lúc 17:00 ngày 25/11/2024 (Nghị định 61/2018, Điều 18 khoản 2)" in row.body
