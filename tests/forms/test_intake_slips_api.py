"""POST /api/v1/intake-slips: the counter's Mẫu 02 / Mẫu 03 without a dossier, errors as problem+json."""
import subprocess

from motcua.dossiers.models import Dossier
from motcua.forms.models import IntakeSlip
from tests.dossiers.conftest import token_client

from .conftest import BUILDING_PERMIT

BODY = {"kind": "refusal", "procedure": BUILDING_PERMIT, "unit": "CP-HCC", "applicant": {"name": "Lê Văn Cường"},
        "reasons": "Không thuộc thẩm quyền\nĐất nằm trong quy hoạch"}


def test_counter_officer_issues_a_refusal_slip_and_downloads_its_pdf(city):
    client = token_client(city, "tiepnhan.hcc")
    r = client.post("/api/v1/intake-slips", BODY, format="json", HTTP_IDEMPOTENCY_KEY="s-1")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["number"] == "0001/TCHS" and body["form"] == "03" and body["unit"] == "CP-HCC"
    assert body["reasons"] == ["Không thuộc thẩm quyền", "Đất nằm trong quy hoạch"]
    assert Dossier.objects.count() == 0
    again = client.post("/api/v1/intake-slips", BODY, format="json", HTTP_IDEMPOTENCY_KEY="s-1")
    assert again.status_code == 200 and again.json()["id"] == body["id"] and IntakeSlip.objects.count() == 1
    pdf = client.get(f"/api/v1/intake-slips/{body['id']}/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and "Số: 0001/TCHS" in text
    assert token_client(city, "tiepnhan.camtrung").get(f"/api/v1/intake-slips/{body['id']}/pdf").status_code == 404


def test_supplement_slip_lists_the_missing_documents_from_the_checklist(city):
    r = token_client(city, "tiepnhan.hcc").post(
        "/api/v1/intake-slips", {**BODY, "kind": "supplement", "reasons": "", "checklist": {}}, format="json"
    )
    assert r.status_code == 201 and r.json()["number"] == "0001/HDHS" and len(r.json()["missing"]) == 3


def test_errors_are_problem_json_and_write_nothing(city):
    client = token_client(city, "tiepnhan.hcc")
    r = client.post("/api/v1/intake-slips", {**BODY, "reasons": ""}, format="json")
    assert r.status_code == 400 and r["Content-Type"].startswith("application/problem+json")
    assert r.json()["detail"] == "Cần ghi rõ lý do từ chối tiếp nhận hồ sơ."
    r = client.post("/api/v1/intake-slips", {**BODY, "kind": "other"}, format="json")
    assert r.status_code == 400 and r["Content-Type"].startswith("application/problem+json")
    r = token_client(city, "chuyenvien.qldt").post("/api/v1/intake-slips", BODY, format="json")
    assert r.status_code == 403 and r["Content-Type"].startswith("application/problem+json")
    assert IntakeSlip.objects.count() == 0
