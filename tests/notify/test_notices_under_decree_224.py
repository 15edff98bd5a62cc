"""Decree 224/2026, art. 15(1)(g): the status notices of a dossier received on or after 1 July 2026 name the
agency handling it, the officer who acted and the instants of receipt, processing and return; a dossier
received before keeps the notices it had, to its end (chosen by the receipt instant, never today's date)."""
from motcua.forms.marks import lookup_url
from motcua.notify.messages import handling_lines, when
from motcua.notify.services import queue_for_event

from .conftest import APPLICANT, act, local, receive

HCC = "Trung tâm Hành chính công thành phố Cẩm Phả"


def queued(d, action):
    d.refresh_from_db()
    event = d.events.filter(action=action).latest("id")
    return {row.channel: row for row in queue_for_event(d, event)}


def test_the_receipt_notice_of_a_dossier_received_on_1_july_2026_names_agency_officer_and_instants(city):
    d = receive(city, applicant=APPLICANT, at=local(2026, 7, 1, 9, 0))
    officer = city["tiepnhan.hcc"].full_name
    assert officer
    rows = queued(d, "receive")
    block = (
        "Thông tin giải quyết hồ sơ:\n"
        f"- Cơ quan giải quyết: {HCC}\n"
        f"- Cán bộ thực hiện: {officer}\n"
        "- Thời điểm tiếp nhận: 09:00 ngày 01/07/2026\n"
        "- Thời điểm bắt đầu xử lý: 09:00 ngày 01/07/2026\n"
        f"- Thời điểm hẹn trả kết quả: {when(d.due_at)}"
    )
    assert rows["email"].body.endswith(f"\n\n{block}\n\nTrân trọng.\n{HCC}")
    assert rows["email"].body.startswith("Kính gửi Ông/Bà Nguyễn Thị Hằng Nga,\n\n")
    assert rows["sms"].body.endswith(
        f" Cơ quan giải quyết: {HCC}; Cán bộ thực hiện: {officer}; Thời điểm tiếp nhận: 09:00 ngày 01/07/2026; "
        f"Thời điểm bắt đầu xử lý: 09:00 ngày 01/07/2026; Thời điểm hẹn trả kết quả: {when(d.due_at)}."
    )


def test_a_notice_during_processing_names_the_processing_unit_its_officer_and_the_step_start(city):
    d = receive(city, applicant=APPLICANT, at=local(2026, 7, 1, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2026, 7, 1, 10, 0))
    d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Bản vẽ chưa đúng tỷ lệ",
            data={"missing": [{"name": "Bản vẽ mặt bằng tỷ lệ 1/100"}]}, at=local(2026, 7, 2, 9, 0))
    body = queued(d, "request_supplement")["email"].body
    assert f"- Cơ quan giải quyết: {d.current_unit.name}\n" in body and d.current_unit.code == "CP-QLDT"
    assert f"- Cán bộ thực hiện: {city['chuyenvien.qldt'].full_name}\n" in body
    assert "- Thời điểm tiếp nhận: 09:00 ngày 01/07/2026\n" in body
    assert "- Thời điểm bắt đầu xử lý: 10:00 ngày 01/07/2026\n" in body


def test_a_refusal_at_the_counter_on_1_july_2026_names_agency_and_officer_but_no_instant(city):
    d = receive(city, applicant=APPLICANT, refusal_reason="Không thuộc thẩm quyền", at=local(2026, 7, 1, 9, 0))
    body = queued(d, "refuse")["email"].body
    assert f"Thông tin giải quyết hồ sơ:\n- Cơ quan giải quyết: {HCC}\n- Cán bộ thực hiện: " in body
    assert "Thời điểm" not in body


def test_a_dossier_received_on_30_june_2026_keeps_the_notices_it_had(city):
    d = receive(city, applicant=APPLICANT, at=local(2026, 6, 30, 16, 0))
    rows = queued(d, "receive")
    assert rows["email"].body == (
        "Kính gửi Ông/Bà Nguyễn Thị Hằng Nga,\n\n"
        f"{HCC} đã tiếp nhận hồ sơ “Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ” của Ông/Bà.\n"
        f"Mã hồ sơ: {d.code}\n"
        "Thời gian tiếp nhận: 16:00 ngày 30/06/2026\n"
        f"Hẹn trả kết quả: {when(d.due_at)}\n"
        f"Tra cứu tình trạng hồ sơ: {lookup_url(d.code)}\n\n"
        f"Trân trọng.\n{HCC}"
    )
    assert "Cơ quan giải quyết" not in rows["sms"].body
    # Still after the change of regime: its later notices are those of its own regime.
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2026, 7, 1, 10, 0))
    d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Thiếu bản vẽ", at=local(2026, 7, 2, 9, 0))
    later = queued(d, "request_supplement")
    assert "Thông tin giải quyết hồ sơ" not in later["email"].body and "Cán bộ thực hiện" not in later["sms"].body


def test_the_result_notice_names_the_desk_and_the_appointment_and_once_returned_the_return_instant(city):
    d = receive(city, applicant=APPLICANT, at=local(2026, 7, 1, 9, 0))
    for user, action in [("tiepnhan.hcc", "transfer"), ("chuyenvien.qldt", "transfer"), ("truongphong.qldt", "approve"),
                         ("lanhdao.cp", "approve"), ("tiepnhan.hcc", "resolve")]:
        d = act(city, d, user, action, at=local(2026, 7, 3, 9, 0))
    body = queued(d, "resolve")["email"].body
    assert f"- Cơ quan giải quyết: {HCC}\n- Cán bộ thực hiện: {city['tiepnhan.hcc'].full_name}\n" in body
    assert f"- Thời điểm hẹn trả kết quả: {when(d.due_at)}" in body
    d = act(city, d, "tiepnhan.hcc", "return_result", at=local(2026, 7, 3, 10, 0))
    lines = dict(handling_lines(d, d.events.latest("id")))
    assert lines["Thời điểm trả kết quả"] == "10:00 ngày 03/07/2026" and "Thời điểm hẹn trả kết quả" not in lines
