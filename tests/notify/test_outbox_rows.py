"""Which notifications each transition writes to the outbox, with their exact text."""
import pytest
from django.db import transaction

from motcua.forms.marks import lookup_check
from motcua.notify.models import Outbox
from motcua.notify.services import queue_for_event

from .conftest import APPLICANT, act, local, receive

HCC = "Trung tâm Hành chính công thành phố Cẩm Phả"
PERMIT = "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"
URL = "https://motcua.campha.vn/tra-cuu/CP-HCC-241125-0001/?k=" + lookup_check("CP-HCC-241125-0001")


def queued(d, action):
    event = d.events.filter(action=action).latest("id")
    return {row.channel: row for row in queue_for_event(d, event)}


def test_received_writes_an_email_and_an_sms_with_code_due_date_and_link(received):
    rows = queued(received, "receive")
    assert set(rows) == {"email", "sms"}
    email, sms = rows["email"], rows["sms"]
    assert (email.to, email.kind, email.status, email.attempts) == ("nga@example.vn", "received", "pending", 0)
    assert email.subject == "Hồ sơ CP-HCC-241125-0001 đã được tiếp nhận"
    assert email.body == (
        "Kính gửi Ông/Bà Nguyễn Thị Hằng Nga,\n\n"
        f"{HCC} đã tiếp nhận hồ sơ “{PERMIT}” của Ông/Bà.\n"
        "Mã hồ sơ: CP-HCC-241125-0001\n"
        "Thời gian tiếp nhận: 09:00 ngày 25/11/2024\n"
        "Hẹn trả kết quả: 09:00 ngày 16/12/2024\n"
        f"Tra cứu tình trạng hồ sơ: {URL}\n\n"
        f"Trân trọng.\n{HCC}"
    )
    assert (sms.to, sms.subject) == ("0912345678", "")
    assert sms.body == f"Hồ sơ CP-HCC-241125-0001 đã được tiếp nhận. Hẹn trả kết quả: 09:00 ngày 16/12/2024. Tra cứu: {URL}"
    assert email.dossier_id == received.pk and email.event.action == "receive"


def test_queueing_the_same_event_twice_adds_nothing(received):
    queued(received, "receive")
    queued(received, "receive")
    assert Outbox.objects.count() == 2


def test_supplement_needed_lists_what_is_missing(city, received):
    d = act(city, received, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(
        city, d, "chuyenvien.qldt", "request_supplement", note="Bản vẽ chưa đúng tỷ lệ",
        data={"missing": [{"name": "Bản vẽ mặt bằng tỷ lệ 1/100"}, "Giấy xác nhận hiện trạng"]},
        at=local(2024, 11, 26, 9, 0),
    )
    rows = queued(d, "request_supplement")
    assert rows["email"].subject == "Yêu cầu bổ sung hồ sơ CP-HCC-241125-0001"
    assert "Giấy tờ cần bổ sung:\n  1. Bản vẽ mặt bằng tỷ lệ 1/100\n  2. Giấy xác nhận hiện trạng\nLý do: Bản vẽ chưa đúng tỷ lệ" in rows["email"].body
    assert rows["sms"].body == (
        "Hồ sơ CP-HCC-241125-0001 cần bổ sung: Bản vẽ mặt bằng tỷ lệ 1/100; Giấy xác nhận hiện trạng. "
        f"Liên hệ {HCC}."
    )


def test_result_ready(city, received):
    d = received
    for user, action in [("tiepnhan.hcc", "transfer"), ("chuyenvien.qldt", "transfer"), ("truongphong.qldt", "approve"),
                         ("lanhdao.cp", "approve"), ("tiepnhan.hcc", "resolve")]:
        d = act(city, d, user, action, at=local(2024, 11, 29, 9, 0))
    rows = queued(d, "resolve")
    assert rows["email"].subject == "Hồ sơ CP-HCC-241125-0001 đã có kết quả"
    assert rows["sms"].body == f"Hồ sơ CP-HCC-241125-0001 đã có kết quả. Mời Ông/Bà nhận kết quả tại {HCC}."


def test_apology_gives_the_reason_and_the_new_appointment(city):
    d = receive(city, "tiepnhan.camtrung", "1.004873.000.00.00.H49", "CP-CTR-MC", applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "lanhdao.camtrung", "apologize", note="Cần xác minh thêm",
            data={"new_appointment_at": "2024-12-02T17:00:00+07:00"}, at=local(2024, 11, 27, 16, 0))
    rows = queued(d, "apologize")
    assert rows["email"].subject == f"Phiếu xin lỗi và hẹn lại ngày trả kết quả hồ sơ {d.code}"
    assert "hẹn trả kết quả lúc 09:00 ngày 28/11/2024 chưa thể trả kết quả đúng hẹn.\nLý do: Cần xác minh thêm\n" in rows["email"].body
    assert "xin lỗi Ông/Bà vì sự chậm trễ này và hẹn trả kết quả vào 17:00 ngày 02/12/2024." in rows["email"].body
    assert rows["sms"].body == (
        f"Xin lỗi Ông/Bà: hồ sơ {d.code} chưa thể trả kết quả đúng hẹn. Hẹn lại: 17:00 ngày 02/12/2024."
    )


def test_refused_at_intake_gives_the_reason(city):
    # Refused in 2024, like the other dossiers here: the notices of before Decree 224/2026.
    d = receive(city, applicant=APPLICANT, refusal_reason="Không thuộc thẩm quyền", at=local(2024, 11, 25, 9, 0))
    rows = queued(d, "refuse")
    ref = f"Hồ sơ “{PERMIT}”"
    assert rows["email"].subject == f"{ref} không được tiếp nhận"
    assert rows["sms"].body == f"{ref} không được tiếp nhận. Lý do: Không thuộc thẩm quyền"


def test_transfer_and_applicant_without_contact_write_nothing(city, received):
    d = act(city, received, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    assert queued(d, "transfer") == {}
    silent = receive(city, applicant={"name": "Lê Văn Cường"}, at=local(2024, 11, 25, 9, 30))
    assert queued(silent, "receive") == {}
    # The transition writes its rows itself; neither the transfer nor the silent intake wrote any.
    assert not Outbox.objects.filter(event__action="transfer").exists()
    assert not Outbox.objects.filter(dossier=silent).exists()


def test_rows_queued_in_a_transaction_that_rolls_back_are_gone(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
        queued(d, "receive")  # as the transition function does, inside its transaction
        assert Outbox.objects.count() == 2
        raise RuntimeError("the transition fails after queueing")
    assert Outbox.objects.count() == 0
