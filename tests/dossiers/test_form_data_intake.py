"""Procedure-specific data through every intake (decision 0045): the API (`form_data`, problem+json naming
the field, nothing written), the counter's form and the citizen's online form (errors next to the field,
nothing written, no scan lost), then shown on both dossier pages, in the API detail and on Mẫu 01."""
import re
import subprocess

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.catalog.models import IntakeField, Procedure
from motcua.dossiers.models import Attachment, Dossier
from motcua.forms.rendering import render_form

from .conftest import BUILDING_PERMIT, MARITAL, counts, token_client

PDF = b"%PDF-1.7\n%test\n"
PERMIT = {"dia_chi_cong_trinh": "Tổ 5, khu 3, phường Cẩm Trung", "thua_dat": {"sheet": "12", "parcel": "345"},
          "dien_tich_xay_dung": 85.5, "so_tang": 3}
PERMIT_FIELDS = {"fd_dia_chi_cong_trinh": "Tổ 5, khu 3, phường Cẩm Trung", "fd_thua_dat_sheet": "12",
                 "fd_thua_dat_parcel": "345", "fd_dien_tich_xay_dung": "85,5", "fd_so_tang": "3"}
INTAKE_URL = f"/can-bo/tiep-nhan/{BUILDING_PERMIT}/"


def pdf_text(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


def intake_body(**extra):
    return {"procedure": BUILDING_PERMIT, "unit": "CP-HCC", "channel": "counter",
            "applicant": {"name": "Lê Văn Cường"}, **extra}


def counter_form(**extra):
    data = {"channel": "counter", "applicant_name": "Lê Văn Cường", "idempotency_key": "k-fd", **PERMIT_FIELDS}
    for doc in Procedure.objects.get(code=BUILDING_PERMIT).current_version.documents.all():
        data[f"doc_{doc.pk}_present"] = "on"
        data[f"doc_{doc.pk}_originals"] = doc.originals
        data[f"doc_{doc.pk}_copies"] = doc.copies
    data.update(extra)
    return data


# -- the API ------------------------------------------------------------------------------------------------
def test_api_intake_stores_the_values_and_the_detail_returns_them(city):
    api = token_client(city, "tiepnhan.hcc")
    r = api.post("/api/v1/dossiers", intake_body(form_data=PERMIT), format="json")
    assert r.status_code == 201, r.content
    d = Dossier.objects.get()
    assert d.form_data == {"dia_chi_cong_trinh": "Tổ 5, khu 3, phường Cẩm Trung",
                           "thua_dat": {"sheet": "12", "parcel": "345"}, "dien_tich_xay_dung": "85.5", "so_tang": 3}
    assert r.json()["form_data"] == d.form_data
    # What was declared is part of the intake's record (the event, in the audit hash chain).
    assert d.events.get(action="receive").data["form_data"] == d.form_data
    assert api.get(f"/api/v1/dossiers/{d.code}").json()["form_data"] == d.form_data


def test_api_intake_with_bad_values_is_a_problem_naming_each_field_and_writes_nothing(city):
    api = token_client(city, "tiepnhan.hcc")
    before = counts()
    bad = {**PERMIT, "so_tang": 40, "thua_dat": {"sheet": "12"}, "mat_tien": "5"}
    del bad["dia_chi_cong_trinh"]
    r = api.post("/api/v1/dossiers", intake_body(form_data=bad), format="json")
    assert r.status_code == 400
    assert r["Content-Type"].startswith("application/problem+json")
    body = r.json()
    assert [e["field"] for e in body["errors"]] == [
        "form_data.mat_tien", "form_data.dia_chi_cong_trinh", "form_data.thua_dat", "form_data.so_tang"]
    assert "“Số tầng” phải từ 1 đến 15." in body["detail"]
    assert counts() == before


def test_api_clients_that_send_no_form_data_are_received_as_before(city):
    api = token_client(city, "tiepnhan.hcc")
    r = api.post("/api/v1/dossiers", intake_body(), format="json")
    assert r.status_code == 201 and r.json()["form_data"] == {}


# -- the counter --------------------------------------------------------------------------------------------
def test_counter_form_shows_the_fields_and_receives_with_the_values(city, client):
    client.force_login(city["tiepnhan.hcc"])
    page = client.get(INTAKE_URL).content.decode()
    assert "Thông tin tờ khai của thủ tục" in page
    assert 'name="fd_thua_dat_sheet"' in page and "Thửa đất xây dựng — số tờ bản đồ" in page
    r = client.post(INTAKE_URL, counter_form())
    assert r.status_code == 302
    d = Dossier.objects.get()
    assert d.form_data["thua_dat"] == {"sheet": "12", "parcel": "345"} and d.form_data["dien_tich_xay_dung"] == "85.5"
    html = client.get(r["Location"]).content.decode()
    assert "Thông tin tờ khai" in html and "Tờ bản đồ số 12, thửa đất số 345" in html and "85,5" in html


def test_counter_form_with_bad_values_marks_the_fields_keeps_the_scans_and_receives_nothing(city, client):
    client.force_login(city["tiepnhan.hcc"])
    doc = Procedure.objects.get(code=BUILDING_PERMIT).current_version.documents.first()
    before = counts()
    r = client.post(INTAKE_URL, counter_form(fd_so_tang="mười", fd_thua_dat_parcel="",
                                             **{f"doc_{doc.pk}_file": SimpleUploadedFile("don.pdf", PDF, "application/pdf")}))
    assert r.status_code == 400
    form = r.context["form"]
    assert form.errors["fd_so_tang"] == ["“Số tầng” phải là số nguyên."]
    assert "cần số tờ bản đồ và số thửa" in form.errors["fd_thua_dat_sheet"][0]
    assert counts() == before and Attachment.objects.count() == 0
    # The scan chosen is kept for the next submission, which receives it.
    token = re.search(rf'name="staged_doc_{doc.pk}_file" value="([0-9a-f]+)"', r.content.decode()).group(1)
    r = client.post(INTAKE_URL, counter_form(**{f"staged_doc_{doc.pk}_file": token}))
    assert r.status_code == 302
    assert Dossier.objects.get().attachments.get().original_name == "don.pdf"


def test_a_slip_at_the_counter_needs_no_information(city, client):
    """Guidance to complete (Mẫu 02) or refusal (Mẫu 03) receives nothing: the fields are not asked for."""
    client.force_login(city["tiepnhan.hcc"])
    data = {k: v for k, v in counter_form().items() if not k.startswith("fd_")}
    r = client.post(INTAKE_URL, {**data, "intent": "refuse", "slip-reasons": "Không thuộc thẩm quyền"})
    assert r.status_code == 302 and "/phieu-tai-quay/" in r["Location"]


# -- online -------------------------------------------------------------------------------------------------
@pytest.fixture
def marital_purpose(city):
    version = Procedure.objects.get(code=MARITAL).current_version
    return IntakeField.objects.create(
        version=version, order=1, key="muc_dich", label="Mục đích sử dụng giấy xác nhận",
        label_en="Purpose of the certificate", kind="choice", required=True,
        choices=["Đăng ký kết hôn", "Bổ sung hồ sơ vay vốn"],
    )


def online_form(**extra):
    return {"unit": "CP-CTR-MC", "applicant_name": "Trần Thị Bình", "intent": "submit", **extra}


def scans():
    docs = Procedure.objects.get(code=MARITAL).current_version.documents.all()
    return {f"doc_{d.pk}_file": SimpleUploadedFile(f"{d.pk}.pdf", PDF, "application/pdf") for d in docs}


def test_online_form_refuses_a_missing_value_keeps_the_scans_then_submits(city, client, marital_purpose):
    client.force_login(city["congdan.demo"])
    url = f"/ca-nhan/nop/{MARITAL}/"
    assert "Mục đích sử dụng giấy xác nhận" in client.get(url).content.decode()
    r = client.post(url, online_form(**scans()))
    assert r.status_code == 400
    form = r.context["form"]
    assert form.errors["fd_muc_dich"] == ["Cần khai “Mục đích sử dụng giấy xác nhận”."]
    assert Dossier.objects.count() == 0 and Attachment.objects.count() == 0
    staged = {name: form[name].staged["token"] for name in form.fields if name.startswith("doc_")}
    assert staged and all(staged.values())
    r = client.post(url, online_form(fd_muc_dich="Đăng ký kết hôn",
                                     **{f"staged_{name}": token for name, token in staged.items()}))
    assert r.status_code == 302
    d = Dossier.objects.get()
    assert d.form_data == {"muc_dich": "Đăng ký kết hôn"} and d.attachments.count() == len(staged)
    page = client.get(f"/ca-nhan/ho-so/{d.pk}/").content.decode()
    assert "Mục đích sử dụng giấy xác nhận" in page and "Đăng ký kết hôn" in page


def test_online_form_and_dossier_page_in_english(city, client, marital_purpose):
    client.force_login(city["congdan.demo"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/ca-nhan/nop/{MARITAL}/"
    page = client.get(url).content.decode()
    assert "Purpose of the certificate" in page and "Mục đích sử dụng giấy xác nhận" not in page
    r = client.post(url, online_form(**scans()))
    assert r.context["form"].errors["fd_muc_dich"] == ["Please fill in “Purpose of the certificate”."]
    r = client.post(url, online_form(fd_muc_dich="Bổ sung hồ sơ vay vốn", idempotency_key="en-1", **scans()))
    assert r.status_code == 302
    page = client.get(r["Location"]).content.decode()
    assert "Application form information" in page and "Purpose of the certificate" in page


# -- the receipt --------------------------------------------------------------------------------------------
def test_the_receipt_mau01_lists_the_information_in_vietnamese(city):
    api = token_client(city, "tiepnhan.hcc")
    code = api.post("/api/v1/dossiers", intake_body(form_data=PERMIT), format="json").json()["code"]
    text = pdf_text(render_form("01", Dossier.objects.get(code=code)))
    assert "Thông tin kê khai:" in text
    assert "Địa chỉ công trình Tổ 5, khu 3, phường Cẩm Trung" in text
    assert "Thửa đất xây dựng Tờ bản đồ số 12, thửa đất số 345" in text
    assert "Diện tích xây dựng (m²) 85,5" in text and "Số tầng 3" in text
