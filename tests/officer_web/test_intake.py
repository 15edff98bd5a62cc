"""Intake at the counter: search the procedures received at my unit, tick the checklist, see the due
preview, confirm; incomplete → the supplement list and nothing received; bad input → form errors."""
import re

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Attachment, Dossier, DossierEvent

from .conftest import BIRTH, BUILDING_PERMIT, local

PDF = b"%PDF-1.7\n%test\n"
URL = f"/can-bo/tiep-nhan/{BUILDING_PERMIT}/"


def _documents():
    from motcua.catalog.models import Procedure

    return list(Procedure.objects.get(code=BUILDING_PERMIT).current_version.documents.order_by("order"))


# The building permit's own information (decision 0045): its required declared fields.
PERMIT_FIELDS = {"fd_dia_chi_cong_trinh": "Tổ 5, khu 3, phường Cẩm Trung", "fd_thua_dat_sheet": "12",
                 "fd_thua_dat_parcel": "345", "fd_dien_tich_xay_dung": "85,5", "fd_so_tang": "3"}


def _complete(**extra):
    data = {"channel": "counter", "applicant_name": "Lê Văn Cường", "applicant_phone": "0912 345 678",
            "idempotency_key": "k-1", **PERMIT_FIELDS}
    for doc in _documents():
        data[f"doc_{doc.pk}_present"] = "on"
        data[f"doc_{doc.pk}_originals"] = doc.originals
        data[f"doc_{doc.pk}_copies"] = doc.copies
    data.update(extra)
    return data


def _written():
    return Dossier.objects.count(), DossierEvent.objects.count(), Attachment.objects.count()


def test_search_lists_only_procedures_received_at_my_unit(city, client_as):
    r = client_as("tiepnhan.hcc").get("/can-bo/tiep-nhan/?q=giay+phep+xay+dung")
    assert [p.code for p in r.context["procedures"]] == [BUILDING_PERMIT]
    assert [p.code for p in client_as("tiepnhan.camtrung").get("/can-bo/tiep-nhan/?q=giay+phep+xay+dung").context["procedures"]] == []
    ward = client_as("tiepnhan.camtrung").get("/can-bo/tiep-nhan/?q=khai+sinh")
    assert BIRTH in [p.code for p in ward.context["procedures"]]
    assert client_as("tiepnhan.camtrung").get(URL).status_code == 404


def test_live_search_returns_the_fragment(city, client_as):
    r = client_as("tiepnhan.hcc").get("/can-bo/tiep-nhan/?q=xay+dung", HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert body.lstrip().startswith('<section id="procedure-results"') and "<html" not in body
    assert f'href="/can-bo/tiep-nhan/{BUILDING_PERMIT}/"' in body


def test_only_counter_officers_receive(city, client_as):
    assert client_as("chuyenvien.qldt").get("/can-bo/tiep-nhan/").status_code == 403
    assert client_as("chuyenvien.qldt").get(URL).status_code == 403


def test_form_shows_checklist_and_due_preview_before_confirming(city, client_as):
    # Friday 24/01/2020 09:00, the day before Tết: 15 working days skip the Tết break.
    with time_machine.travel(local(2020, 1, 17, 9, 0), tick=False):
        r = client_as("tiepnhan.hcc").get(URL)
    body = r.content.decode()
    assert r.status_code == 200
    assert "Bản vẽ thiết kế xây dựng (02 bộ)" in body and "Giấy tờ chứng minh quyền sử dụng đất" in body
    assert "Dự kiến hạn giải quyết" in body
    assert "đã trừ:" in r.context["preview"]["explanation"] and "Tết Nguyên Đán" in r.context["preview"]["explanation"]
    assert "Tiếp nhận hồ sơ" in body


def test_preview_fragment(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        r = client_as("tiepnhan.hcc").get(URL + "han/?channel=post", HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert body.lstrip().startswith('<div id="due-preview"')
    assert "09:00 ngày 16/12/2024" in body
    assert "đã trừ: Thứ Bảy, Chủ nhật" in body


def test_complete_intake_receives_and_redirects_to_the_dossier(city, client_as, tmp_path):
    drawing = _documents()[2]
    data = _complete(**{f"doc_{drawing.pk}_file": SimpleUploadedFile("ban-ve.pdf", PDF, "application/pdf")})
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        client = client_as("tiepnhan.hcc")
        r = client.post(URL, data)
        assert r.status_code == 302
        assert r["Location"] == "/can-bo/ho-so/CP-HCC-241125-0001/?moi=1"
        d = Dossier.objects.get()
        assert (d.status, d.applicant_name, d.applicant_phone, d.channel) == ("received", "Lê Văn Cường", "0912 345 678", "counter")
        assert d.due_at == local(2024, 12, 16, 9, 0)
        assert d.checklist[str(drawing.pk)] == {"present": True, "originals": 2, "copies": 0}
        assert d.attachments.get().document_id == drawing.pk
        page = client.get(r["Location"])
        assert "Đã tiếp nhận hồ sơ CP-HCC-241125-0001. Hạn giải quyết: 09:00 16/12/2024." in [str(m) for m in page.context["messages"]]
        # A double click sends the same form again: the same dossier, not a second one.
        again = client.post(URL, _complete(**{f"doc_{drawing.pk}_file": SimpleUploadedFile("ban-ve.pdf", PDF, "application/pdf")}))
        assert again.status_code == 302 and again["Location"] == r["Location"]
        assert Dossier.objects.count() == 1 and Attachment.objects.count() == 1
        assert "Hồ sơ này đã được tiếp nhận trước đó" in str(list(client.get(again["Location"]).context["messages"])[0])


def test_incomplete_intake_shows_what_is_missing_and_receives_nothing(city, client_as, tmp_path):
    docs = _documents()
    data = _complete(**{f"doc_{docs[2].pk}_originals": 1, f"doc_{docs[1].pk}_file": SimpleUploadedFile("so-do.pdf", PDF)})
    del data[f"doc_{docs[1].pk}_present"]
    before = _written()
    r = client_as("tiepnhan.hcc").post(URL, data)
    assert r.status_code == 422
    body = r.content.decode()
    assert "Hồ sơ chưa đầy đủ — chưa tiếp nhận" in body
    assert [m["name"] for m in r.context["missing"]] == [docs[1].name, docs[2].name]
    assert _written() == before
    # No attachment is stored; the chosen scan is only kept aside for the next submission.
    stored = [p for p in (tmp_path / "media").rglob("*") if p.is_file()]
    assert [p.parent.parent.parent.name for p in stored] == ["staging"]
    assert "Đã giữ tệp “so-do.pdf”" in body
    # What the officer typed is kept.
    assert 'value="Lê Văn Cường"' in body
    assert re.search(rf'name="doc_{docs[0].pk}_present"[^>]*checked', body)


def test_bad_input_shows_vietnamese_errors_and_writes_nothing(city, client_as):
    before = _written()
    client = client_as("tiepnhan.hcc")
    r = client.post(URL, _complete(applicant_name="", applicant_email="khong-phai-email"))
    body = r.content.decode()
    assert r.status_code == 400
    assert "Cần họ tên chủ hồ sơ." in body and "Địa chỉ thư điện tử không hợp lệ." in body
    docs = _documents()
    r = client.post(URL, _complete(**{f"doc_{docs[0].pk}_file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")}))
    assert r.status_code == 400 and "không phải PDF, JPEG hoặc PNG" in r.content.decode()
    assert _written() == before


def test_scans_chosen_before_an_error_are_kept_and_attached_on_the_next_submission(city, client_as, tmp_path):
    docs = _documents()
    client = client_as("tiepnhan.hcc")
    first = _complete(**{f"doc_{docs[1].pk}_file": SimpleUploadedFile("so-do.pdf", PDF)})
    del first[f"doc_{docs[0].pk}_present"]  # forgot to tick the application form
    r = client.post(URL, first)
    assert r.status_code == 422
    token = re.search(rf'name="staged_doc_{docs[1].pk}_file" value="([0-9a-f]+)"', r.content.decode()).group(1)

    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        r = client.post(URL, _complete(**{f"staged_doc_{docs[1].pk}_file": token}))
    assert r.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.document_id) == ("so-do.pdf", docs[1].pk)
    assert attachment.file.read() == PDF
    assert not [p for p in (tmp_path / "media" / "staging").rglob("*") if p.is_file()]  # the kept copy is gone


def test_a_staged_scan_is_private_to_its_officer(city, client_as, tmp_path):
    from motcua.dossiers import staging

    info = staging.stage(city["tiepnhan.hcc"], SimpleUploadedFile("so-do.pdf", PDF))
    assert staging.load(city["tiepnhan.hcc"], info["token"]).read() == PDF
    assert staging.load(city["tiepnhan.camtrung"], info["token"]) is None
    assert staging.load(city["tiepnhan.hcc"], "../../etc") is None


def test_forgotten_staged_scans_are_pruned(city, tmp_path):
    from datetime import timedelta

    from motcua.dossiers import staging

    staging.stage(city["tiepnhan.hcc"], SimpleUploadedFile("so-do.pdf", PDF))
    assert staging.prune(older_than=timedelta(hours=1)) == 0
    assert staging.prune(older_than=timedelta(seconds=-1)) == 1
