"""Each action of the dossier page as a small form: it posts the version, calls the service, and shows
Vietnamese messages for stale versions and domain errors (never a 500); nothing is written on failure."""
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Dossier, DossierEvent

from .conftest import MARITAL, act, local, receive

PDF = b"%PDF-1.7\n%test\n"


def post(client, d, action, version=None, follow=False, **fields):
    data = {"action": action, f"{action}-version": d.version if version is None else version}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    return client.post(f"/can-bo/ho-so/{d.code}/thao-tac/", data, follow=follow)


def fresh(d):
    return Dossier.objects.select_related("current_unit", "assignee").get(pk=d.pk)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_building_permit_through_the_forms(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
        r = post(client_as("tiepnhan.hcc"), d, "transfer", to_unit="", note="Chuyển thẩm định")
        assert r.status_code == 302 and r["Location"] == f"/can-bo/ho-so/{d.code}/"
        d = fresh(d)
        assert d.current_unit.code == "CP-QLDT" and d.status == "in_progress"

        head = client_as("truongphong.qldt")
        page = head.get(f"/can-bo/ho-so/{d.code}/")
        assign = next(f for f in page.context["forms"] if f.action == "assign")
        assert [u.username for u in assign.fields["to_user"].queryset] == ["chuyenvien.qldt"]
        r = post(head, d, "assign", to_user="chuyenvien.qldt", follow=True)
        assert "Đã thực hiện: Giao chuyên viên xử lý." in messages_of(r)[0]
        d = fresh(d)
        assert d.assignee.username == "chuyenvien.qldt"

        post(client_as("chuyenvien.qldt"), d, "transfer", note="Đủ điều kiện cấp phép")
        d = fresh(d)
        assert d.current_step.role == "department_head"
        r = post(client_as("truongphong.qldt"), d, "approve")
        assert r["Location"] == "/can-bo/"  # handed to the city leader: it has left the department's view
        d = fresh(d)
        assert d.current_unit.code == "CP"
        post(client_as("lanhdao.cp"), d, "approve", note="Đồng ý cấp phép")
        d = fresh(d)
        assert d.current_unit.code == "CP-HCC"
        post(client_as("tiepnhan.hcc"), d, "resolve", result_kind="approved", result_number="25/GPXD",
             result_date="2024-11-25")
        d = fresh(d)
        assert d.status == "resolved" and d.timeliness == "early"
        r = post(client_as("tiepnhan.hcc"), d, "return_result", method="counter", follow=True)
    d = fresh(d)
    assert d.status == "returned"
    assert list(d.events.values_list("action", flat=True)) == [
        "receive", "transfer", "assign", "transfer", "approve", "approve", "resolve", "return_result",
    ]
    assert DossierEvent.objects.get(dossier=d, action="transfer", actor__username="tiepnhan.hcc").note == "Chuyển thẩm định"
    assert "Đã trả kết quả" in r.content.decode()


def test_transfer_to_a_chosen_unit_of_the_process(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
        r = post(client_as("tiepnhan.hcc"), d, "transfer", to_unit="CP-TCKH")  # not in the permit's process
        assert r.status_code == 400 and "Đơn vị này không có trong danh sách được chuyển đến." in r.content.decode()
        assert fresh(d).current_unit.code == "CP-HCC"
        post(client_as("tiepnhan.hcc"), d, "transfer", to_unit="CP-QLDT")
    assert fresh(d).current_unit.code == "CP-QLDT"


def test_stale_version_shows_a_clear_message_and_reloads(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
        seen = d.version
        act(city, d, "tiepnhan.hcc", "transfer", to_unit="CP-QLDT")  # someone else moved it meanwhile
        d = fresh(d)
        before = DossierEvent.objects.count()
        r = post(client_as("truongphong.qldt"), d, "assign", version=seen, to_user="chuyenvien.qldt")
        assert r.status_code == 302 and r["Location"] == f"/can-bo/ho-so/{d.code}/"
        page = client_as("truongphong.qldt").get(r["Location"])
        assert any("Hồ sơ đã được người khác cập nhật" in m for m in messages_of(page))
        assert DossierEvent.objects.count() == before and fresh(d).assignee is None


def test_required_fields_are_vietnamese_form_errors(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
        d = act(city, d, "tiepnhan.hcc", "transfer")
        before = DossierEvent.objects.count()
        head = client_as("truongphong.qldt")
        r = post(head, d, "assign", to_user="")
        assert r.status_code == 400 and "Cần chọn chuyên viên được giao." in r.content.decode()
        r = post(client_as("chuyenvien.qldt"), d, "request_supplement")
        assert r.status_code == 400
        assert "Cần chọn giấy tờ cần bổ sung hoặc ghi rõ nội dung cần bổ sung." in r.content.decode()
        head = client_as("truongphong.qldt")
        r = post(head, d, "refuse", note="")
        assert r.status_code == 400 and "Cần ghi lý do từ chối." in r.content.decode()
        r = post(head, d, "apologize", note="Chậm", new_appointment_at="không phải ngày")
        assert r.status_code == 400 and "Ngày giờ hẹn không hợp lệ." in r.content.decode()
        assert DossierEvent.objects.count() == before


def test_domain_errors_are_messages_not_500(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
        d = act(city, d, "tiepnhan.hcc", "transfer")
        d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Thiếu bản vẽ")
        d = act(city, d, "tiepnhan.hcc", "supplement")
        before = DossierEvent.objects.count()
        # A second supplement request during processing breaks the product rule (once).
        r = post(client_as("chuyenvien.qldt"), d, "request_supplement", note="Thiếu nữa")
        assert r.status_code == 409
        assert "chỉ được yêu cầu bổ sung 1 lần" in r.content.decode()
        # The head assigns someone outside the unit: not one of the form's choices.
        r = post(client_as("truongphong.qldt"), d, "assign", to_user="chuyenvien.tckh")
        assert r.status_code == 400  # not a choice of the form
        # An action the officer may not take.
        r = post(client_as("chuyenvien.qldt"), d, "approve", follow=True)
        assert "Bạn không thể thực hiện thao tác này với hồ sơ ở trạng thái hiện tại." in messages_of(r)
        r = post(client_as("tiepnhan.hcc"), d, "fly", follow=True)
        assert "Thao tác không hợp lệ." in messages_of(r)
        assert DossierEvent.objects.count() == before


def test_request_supplement_with_a_missing_list_then_supplement_with_a_file(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
        d = act(city, d, "tiepnhan.hcc", "transfer")
        drawing = d.procedure_version.documents.get(name__startswith="Bản vẽ")
        r = post(client_as("chuyenvien.qldt"), d, "request_supplement", missing=[str(drawing.pk)], note="Bản vẽ mờ")
        assert r.status_code == 302
        d = fresh(d)
        assert d.status == "awaiting_supplement"
        event = d.events.get(action="request_supplement")
        assert event.data["missing"] == [{"document": drawing.pk, "name": drawing.name, "originals": 2, "copies": 0}]
        desk = client_as("tiepnhan.hcc")
        r = desk.post(f"/can-bo/ho-so/{d.code}/thao-tac/", {
            "action": "supplement", "supplement-version": d.version, "supplement-note": "Đã nộp bản vẽ",
            "supplement-files": SimpleUploadedFile("ban-ve.pdf", PDF, "application/pdf"),
        })
        assert r.status_code == 302
    d = fresh(d)
    assert d.status == "in_progress"
    assert d.attachments.get().original_name == "ban-ve.pdf"


def test_refuse_during_processing(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
        d = act(city, d, "tiepnhan.hcc", "transfer")
        post(client_as("truongphong.qldt"), d, "refuse", note="Không phù hợp quy hoạch")
    d = fresh(d)
    assert d.status == "refused" and d.events.last().note == "Không phù hợp quy hoạch"


def test_apologize_with_a_new_appointment(city, client_as):
    with time_machine.travel(local(2024, 11, 27, 16, 0), tick=False):
        d = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
        d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 0))
        # A new appointment before the due instant is refused by the service, shown in Vietnamese.
        r = post(client_as("lanhdao.camtrung"), d, "apologize", note="Cần xác minh thêm", new_appointment_at="2024-11-27T17:00")
        assert r.status_code == 400 and "Ngày hẹn mới phải sau hạn giải quyết." in r.content.decode()
        r = post(client_as("lanhdao.camtrung"), d, "apologize", note="Cần xác minh thêm", new_appointment_at="2024-12-02T17:00")
        assert r.status_code == 302
        d = fresh(d)
        assert d.new_appointment_at == local(2024, 12, 2, 17, 0)
        body = client_as("lanhdao.camtrung").get(f"/can-bo/ho-so/{d.code}/").content.decode()
        assert "17:00 02/12/2024" in body and "Cần xác minh thêm" in body
        # Once only (Decree 61/2018, art. 19(9)): a second apology is refused in Vietnamese.
        r = post(client_as("lanhdao.camtrung"), d, "apologize", note="Lần nữa", new_appointment_at="2024-12-05T17:00")
        assert r.status_code == 409 and "chỉ được hẹn lại một lần." in r.content.decode()


def test_consult_and_give_opinion(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
        d = act(city, d, "tiepnhan.hcc", "transfer")
        client = client_as("chuyenvien.qldt")
        r = post(client, d, "consult", units=["CP-TCKH"], due_days=3, note="Xin ý kiến về lệ phí")
        assert r.status_code == 302
        d = fresh(d)
        assert d.status == "consulting"
        r = post(client_as("chuyenvien.tckh"), d, "give_opinion", note="Thống nhất")
        assert r.status_code in (302,)
    assert fresh(d).status == "in_progress"


def test_receive_an_online_submission(city, client_as):
    from motcua.dossiers import services

    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = services.receive_dossier(
            actor=city["congdan.demo"], procedure_code=MARITAL, unit_code="CP-CTR-MC", channel="online",
            applicant={"name": "Nguyễn Văn An"},
        ).dossier
        client = client_as("tiepnhan.camtrung")
        # Not received yet: no code; the worklist links nowhere but the page is reached by code after receipt.
        services.transition(d, "receive", actor=city["tiepnhan.camtrung"], expected_version=d.version)
        d = fresh(d)
        assert client.get(f"/can-bo/ho-so/{d.code}/").status_code == 200


def test_refusal_by_the_department_goes_back_to_the_desk_which_hands_it_over(city, client_as):
    with time_machine.travel(local(2024, 11, 26, 9, 0), tick=False):
        d = receive(city, at=local(2024, 11, 25, 9, 0))
        d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
        head = client_as("truongphong.qldt")
        assert "refuse" in [f.action for f in head.get(f"/can-bo/ho-so/{d.code}/").context["forms"]]
        r = post(head, d, "refuse", note="Không phù hợp quy hoạch")
        assert r["Location"] == "/can-bo/"  # back at the one-stop desk: gone from the department's view
        desk = client_as("tiepnhan.hcc")
        page = desk.get(f"/can-bo/ho-so/{d.code}/")
        forms = {f.action: f for f in page.context["forms"]}
        assert list(forms) == ["return_result"]
        assert forms["return_result"].label == "Trả văn bản từ chối cho người nộp"
        assert "Không phù hợp quy hoạch" in page.content.decode()
        post(desk, fresh(d), "return_result", method="post")
    d = fresh(d)
    assert (d.status, d.returned_at) == ("refused", local(2024, 11, 26, 9, 0))
    assert d.events.last().data["method"] == "post"


def test_a_refusal_the_desk_may_not_decide_is_not_offered_and_refused_if_forged(city, client_as):
    with time_machine.travel(local(2024, 11, 26, 9, 0), tick=False):
        d = receive(city, at=local(2024, 11, 25, 9, 0))  # received, still at the desk
        desk = client_as("tiepnhan.hcc")
        assert "refuse" not in [f.action for f in desk.get(f"/can-bo/ho-so/{d.code}/").context["forms"]]
        r = post(desk, d, "refuse", note="Một cửa không quyết định")
    assert r.status_code == 403 and "lãnh đạo cơ quan có thẩm quyền" in r.content.decode()
    assert (fresh(d).status, fresh(d).version) == ("received", d.version)
