"""Issue 8 items 12 and 14 on the officer's dossier page: the supplement request deadline (3 working days,
Decree 61/2018 art. 19(4)) with its warning past it, and the desk's hand-over deadline (art. 18(2))."""
import time_machine

from .conftest import act, local, receive


def _at_qldt(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    return act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))


def test_the_page_shows_the_supplement_request_deadline_and_the_hand_over(city, client_as):
    with time_machine.travel(local(2024, 11, 27, 10, 0), tick=False):
        d = _at_qldt(city)
        body = client_as("chuyenvien.qldt").get(f"/can-bo/ho-so/{d.code}/").content.decode()
    assert "Hạn yêu cầu bổ sung hồ sơ" in body and "10:00 28/11/2024" in body
    assert "đã quá hạn" not in body
    assert "Hạn chuyển hồ sơ đến cơ quan giải quyết" in body
    assert "17:00 25/11/2024 — đã chuyển lúc 10:00 25/11/2024 (đúng hạn)" in body


def test_past_the_deadline_the_form_warns_and_the_request_goes_out_with_a_warning(city, client_as):
    with time_machine.travel(local(2024, 11, 29, 9, 0), tick=False):
        d = _at_qldt(city)
        client = client_as("chuyenvien.qldt")
        page = client.get(f"/can-bo/ho-so/{d.code}/").content.decode()
        assert "Đã quá hạn yêu cầu bổ sung (10:00 28/11/2024" in page
        r = client.post(f"/can-bo/ho-so/{d.code}/thao-tac/", {
            "action": "request_supplement", "request_supplement-version": d.version,
            "request_supplement-note": "Thiếu bản vẽ mặt bằng",
        }, follow=True)
    body = r.content.decode()
    assert "Chờ bổ sung" in body
    assert "Yêu cầu bổ sung sau thời hạn 3 ngày làm việc kể từ khi đơn vị nhận hồ sơ" in body
    assert d.events.get(action="request_supplement").data["late_request"] is True
