"""The dossier page: header, deadlines (remaining working time, steps, pause), applicant, documents,
attachments behind the permission gate, the timeline, and only the actions the officer may take."""
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Attachment

from .conftest import act, local, receive

PDF = b"%PDF-1.7\n%test\n"


def test_header_deadlines_applicant_and_timeline(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city, applicant={"name": "Lê Văn Cường", "phone": "0912000111", "representative_name": "Lê Thị Hoa"})
    with time_machine.travel(local(2024, 11, 27, 10, 0), tick=False):
        d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
        d = act(city, d, "truongphong.qldt", "assign", to_user="chuyenvien.qldt", note="Thẩm định gấp")
        r = client_as("chuyenvien.qldt").get(f"/can-bo/ho-so/{d.code}/")
    assert r.status_code == 200
    body = r.content.decode()
    assert d.code in body and "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in body
    assert "Đang xử lý" in body and "Phòng Quản lý đô thị" in body
    assert "Chuyên viên Phòng Quản lý đô thị" in body  # the assignee
    assert "09:00 16/12/2024" in body  # due instant
    # Mon 09:00 → Wed 10:00 used 2 days 1 hour of 15 days.
    assert r.context["remaining_text"] == "còn 12 ngày 7 giờ làm việc"
    assert [s["step"].order for s in r.context["steps"]] == [1, 2, 3, 4, 5]
    assert [s["current"] for s in r.context["steps"]] == [False, True, False, False, False]
    assert "Lê Văn Cường" in body and "0912000111" in body and "Lê Thị Hoa" in body
    assert [e.action for e in r.context["events"]] == ["receive", "transfer", "assign"]
    assert "Thẩm định gấp" in body and "Trung tâm Hành chính công thành phố Cẩm Phả → Phòng Quản lý đô thị" in body
    assert [f.action for f in r.context["forms"]] == ["transfer", "consult", "request_supplement"]


def test_paused_dossier_shows_the_pause_and_frozen_remaining_time(city, client_as):
    with time_machine.travel(local(2024, 11, 28, 9, 0), tick=False):
        d = receive(city, at=local(2024, 11, 25, 9, 0))
        d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
        d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Thiếu bản vẽ mặt bằng", at=local(2024, 11, 26, 9, 0))
        r = client_as("tiepnhan.hcc").get(f"/can-bo/ho-so/{d.code}/")
    body = r.content.decode()
    assert r.context["paused"] is True
    assert r.context["remaining_text"] == "còn 14 ngày làm việc (đang tạm dừng)"
    assert "Đang tạm dừng tính thời hạn" in body and "Thiếu bản vẽ mặt bằng" in body
    assert "supplement" in [f.action for f in r.context["forms"]]


def test_checklist_and_attachment_download(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city, attachments=[(None, SimpleUploadedFile("don de nghi.pdf", PDF, "application/pdf"))])
        a = Attachment.objects.get(dossier=d)
        client = client_as("tiepnhan.hcc")
        body = client.get(f"/can-bo/ho-so/{d.code}/").content.decode()
        assert "Bản vẽ thiết kế xây dựng (02 bộ)" in body and "don de nghi.pdf" in body
        r = client.get(f"/can-bo/ho-so/{d.code}/tep/{a.pk}/")
        assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
        assert r["Content-Type"] == "application/pdf" and "attachment" in r["Content-Disposition"]
        assert r["X-Content-Type-Options"] == "nosniff"
        assert client_as("tiepnhan.camtrung").get(f"/can-bo/ho-so/{d.code}/tep/{a.pk}/").status_code == 404
        assert client_as("tiepnhan.hcc").get(f"/can-bo/ho-so/{d.code}/tep/{a.pk + 999}/").status_code == 404


def test_unknown_code_is_404_and_citizen_is_403(city, client_as):
    assert client_as("tiepnhan.hcc").get("/can-bo/ho-so/CP-HCC-000000-9999/").status_code == 404
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
    assert client_as("congdan.demo").get(f"/can-bo/ho-so/{d.code}/").status_code == 403


def test_page_has_no_actions_for_an_officer_who_only_watches(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
        r = client_as("giamdoc.hcc").get(f"/can-bo/ho-so/{d.code}/")
    assert r.status_code == 200
    assert [f.action for f in r.context["forms"]] == ["apologize"]


def test_print_buttons_follow_the_dossier_and_call_the_forms_renderer(city, client_as, monkeypatch):
    from motcua.dossiers import documents

    calls = []

    def fake_render(kind, dossier):
        calls.append((kind, dossier.code))
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(documents, "_renderer", lambda: fake_render)
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
        client = client_as("tiepnhan.hcc")
        page = client.get(f"/can-bo/ho-so/{d.code}/?moi=1")
        assert list(page.context["print_forms"]) == ["01", "05"]
        assert f'href="/can-bo/ho-so/{d.code}/in/01/"' in page.content.decode()
        r = client.get(f"/can-bo/ho-so/{d.code}/in/01/")
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content == b"%PDF-1.7 fake"
        assert calls == [("01", d.code)]
        assert client.get(f"/can-bo/ho-so/{d.code}/in/09/").status_code == 404
        assert client_as("tiepnhan.camtrung").get(f"/can-bo/ho-so/{d.code}/in/01/").status_code == 404
        d = act(city, d, "tiepnhan.hcc", "transfer")
        d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Thiếu bản vẽ")
        assert "02" in client_as("tiepnhan.hcc").get(f"/can-bo/ho-so/{d.code}/").context["print_forms"]


def test_no_print_buttons_without_the_forms_app(city, client_as, monkeypatch):
    from motcua.dossiers import documents

    monkeypatch.setattr(documents, "_renderer", lambda: None)
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
        client = client_as("tiepnhan.hcc")
        assert client.get(f"/can-bo/ho-so/{d.code}/").context["print_forms"] == {}
        assert client.get(f"/can-bo/ho-so/{d.code}/in/01/").status_code == 404


def test_page_queries_do_not_grow_with_the_timeline(city, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(code):
        client = client_as("tiepnhan.hcc")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/can-bo/ho-so/{code}/").status_code == 200
        return len(ctx.captured_queries)

    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        short = receive(city)
        long = receive(city, attachments=[(None, SimpleUploadedFile("a.pdf", PDF)), (None, SimpleUploadedFile("b.pdf", PDF))])
        long = act(city, long, "tiepnhan.hcc", "transfer")
        long = act(city, long, "truongphong.qldt", "assign", to_user="chuyenvien.qldt")
        long = act(city, long, "chuyenvien.qldt", "transfer")
        long = act(city, long, "truongphong.qldt", "approve")
        long = act(city, long, "lanhdao.cp", "approve")
        few, many = queries(short.code), queries(long.code)
        assert many <= few + 2, (few, many)  # at most the lineage of another unit, never one per event
