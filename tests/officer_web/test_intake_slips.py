"""At the counter, a dossier that is not received still leaves with its slip: incomplete → the guidance
slip (Mẫu 02) listing what is missing, ineligible → the refusal slip (Mẫu 03) with the reasons. Both are
recorded (IntakeSlip) and printable; no dossier, event or code is written."""
import subprocess

from motcua.forms.models import IntakeSlip

from .test_intake import URL, _complete, _documents, _written


def _text(pdf: bytes) -> str:
    return " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode().split())


def test_incomplete_dossier_prints_the_guidance_slip_and_nothing_is_received(city, client_as):
    client = client_as("tiepnhan.hcc")
    page = client.get(URL).content.decode()
    assert "Hồ sơ chưa đầy đủ → In phiếu hướng dẫn (Mẫu 02)" in page
    assert "Không đủ điều kiện → In phiếu từ chối (Mẫu 03)" in page
    first, *_ = _documents()
    data = _complete(**{"intent": "guide", "slip-reasons": "Đơn chưa có chữ ký"})
    del data[f"doc_{first.pk}_present"]
    before = _written()
    r = client.post(URL, data)
    slip = IntakeSlip.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/can-bo/phieu-tai-quay/{slip.pk}/"
    assert _written() == before  # not received: no dossier, no event, no file
    assert slip.kind == "supplement" and [m["name"] for m in slip.missing] == [first.name]
    assert slip.applicant_name == "Lê Văn Cường" and slip.officer == city["tiepnhan.hcc"]
    page = client.get(r["Location"])
    body = page.content.decode()
    assert "không được tiếp nhận" in body and f"/can-bo/phieu-tai-quay/{slip.pk}/in/" in body and first.name in body
    pdf = client.get(f"/can-bo/phieu-tai-quay/{slip.pk}/in/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = _text(pdf.content)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text and first.name in text and "Lê Văn Cường" in text
    assert "Đơn chưa có chữ ký" in text and city["tiepnhan.hcc"].full_name in text


def test_ineligible_dossier_prints_the_refusal_slip_with_its_reasons(city, client_as):
    client = client_as("tiepnhan.hcc")
    before = _written()
    r = client.post(URL, _complete(**{"intent": "refuse", "slip-reasons": "Công trình thuộc dự án đã có quy hoạch 1/500\nKhông thuộc thẩm quyền"}))
    slip = IntakeSlip.objects.get()
    assert r.status_code == 302 and _written() == before
    assert slip.kind == "refusal" and slip.reason_lines == ["Công trình thuộc dự án đã có quy hoạch 1/500", "Không thuộc thẩm quyền"]
    text = _text(client.get(f"/can-bo/phieu-tai-quay/{slip.pk}/in/").content)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and "Không thuộc thẩm quyền" in text
    # Sent again (a double click): the same slip, not a second number.
    assert client.post(URL, _complete(**{"intent": "refuse", "slip-reasons": "x"}))["Location"] == r["Location"]
    assert IntakeSlip.objects.count() == 1


def test_refusal_without_reasons_is_a_clear_error_and_writes_nothing(city, client_as):
    r = client_as("tiepnhan.hcc").post(URL, _complete(intent="refuse"))
    assert r.status_code == 400 and "Cần ghi rõ lý do từ chối tiếp nhận hồ sơ." in r.content.decode()
    assert IntakeSlip.objects.count() == 0


def test_complete_checklist_is_not_guided_without_a_reason(city, client_as):
    r = client_as("tiepnhan.hcc").post(URL, _complete(intent="guide"))
    assert r.status_code == 400 and "Hồ sơ đã đủ thành phần theo danh mục" in r.content.decode()
    assert IntakeSlip.objects.count() == 0


def test_slips_are_seen_only_by_officers_of_the_unit(city, client_as):
    client_as("tiepnhan.hcc").post(URL, _complete(**{"intent": "refuse", "slip-reasons": "x"}))
    slip = IntakeSlip.objects.get()
    assert client_as("giamdoc.hcc").get(f"/can-bo/phieu-tai-quay/{slip.pk}/").status_code == 200
    assert client_as("tiepnhan.camtrung").get(f"/can-bo/phieu-tai-quay/{slip.pk}/").status_code == 404
    assert client_as("tiepnhan.camtrung").get(f"/can-bo/phieu-tai-quay/{slip.pk}/in/").status_code == 404


def test_todays_slips_are_listed_on_the_intake_page_for_reprinting(city, client_as):
    client = client_as("tiepnhan.hcc")
    client.post(URL, _complete(**{"intent": "refuse", "slip-reasons": "Không thuộc thẩm quyền"}))
    slip = IntakeSlip.objects.get()
    body = client.get("/can-bo/tiep-nhan/").content.decode()
    assert "Phiếu đã lập hôm nay" in body and f'href="/can-bo/phieu-tai-quay/{slip.pk}/"' in body
    assert "Mẫu 03 số 0001/TCHS" in body
    assert "Phiếu đã lập hôm nay" not in client_as("tiepnhan.camtrung").get("/can-bo/tiep-nhan/").content.decode()
