"""The public lookup by code: what anyone may see (domain.md §6), masked names, 404, 429, the page."""
import pytest

from motcua.dossiers.lookup import mask_name, public_status
from motcua.forms.marks import lookup_check

from .conftest import act, local, receive

APPLICANT = {"name": "Nguyễn Văn An", "phone": "0912345678", "id_number": "022190000123", "address": "Tổ 5"}
PERMIT = "1.009994.000.00.00.H49"


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Nguyễn Văn An", "N***** V** A*"),
        ("  Trần   Thị Bình ", "T*** T** B***"),
        ("Lê", "L*"),
        ("Ý", "Ý"),
        ("Công ty TNHH Đức Minh", "C*** t* T*** Đ** M***"),
    ],
)
def test_mask_keeps_the_first_letter_of_each_word(name, masked):
    assert mask_name(name) == masked


def test_mask_counts_a_decomposed_letter_once():
    import unicodedata

    assert mask_name(unicodedata.normalize("NFD", "Nguyễn")) == "N*****"


@pytest.fixture
def in_progress(city):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    return d


def test_api_shows_status_step_unit_dates_and_the_masked_name(api, in_progress):
    r = api.get(f"/api/v1/lookup/{in_progress.code}", {"check": lookup_check(in_progress.code)})
    assert r.status_code == 200
    assert r.json() == {
        "code": "CP-HCC-241125-0001",
        "procedure": {"code": PERMIT, "name": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"},
        "status": "in_progress",
        "status_label": "Đang xử lý",
        "step": in_progress.current_step.name,
        "unit": {"code": "CP-QLDT", "name": "Phòng Quản lý đô thị"},
        "received_at": "2024-11-25T09:00:00+07:00",
        "due_at": "2024-12-16T09:00:00+07:00",
        "new_appointment_at": None,
        "pause_reason": None,
        "resolved_at": None,
        "returned_at": None,
        "applicant": "N***** V** A*",
    }
    body = r.content.decode()
    for secret in ("Nguyễn", "0912345678", "022190000123", "Tổ 5"):
        assert secret not in body


def test_code_is_case_and_space_insensitive(api, in_progress):
    assert api.get("/api/v1/lookup/cp-hcc-241125-0001", {"check": lookup_check(in_progress.code).lower()}).json()["code"] == in_progress.code


def test_pause_reason_while_awaiting_supplement(city, in_progress):
    d = act(
        city, in_progress, "chuyenvien.qldt", "request_supplement", note="Bản vẽ chưa đúng tỷ lệ",
        data={"missing": [{"name": "Bản vẽ mặt bằng"}]}, at=local(2024, 11, 26, 9, 0),
    )
    s = public_status(d.code, lookup_check(d.code))
    assert (s.status, s.status_label) == ("awaiting_supplement", "Chờ bổ sung")
    assert s.pause_reason == "Chờ bổ sung: Bản vẽ mặt bằng. Bản vẽ chưa đúng tỷ lệ"


def test_new_appointment_and_result_dates(city):
    d = receive(city, "tiepnhan.camtrung", "1.004873.000.00.00.H49", "CP-CTR-MC", applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "lanhdao.camtrung", "apologize", note="Cần xác minh thêm",
            data={"new_appointment_at": "2024-12-02T17:00:00+07:00"}, at=local(2024, 11, 27, 16, 0))
    assert public_status(d.code, lookup_check(d.code)).as_json()["new_appointment_at"] == "2024-12-02T17:00:00+07:00"
    d = act(city, d, "lanhdao.camtrung", "approve", at=local(2024, 11, 29, 10, 0))
    d = act(city, d, "tiepnhan.camtrung", "resolve", at=local(2024, 11, 29, 14, 0))
    d = act(city, d, "tiepnhan.camtrung", "return_result", at=local(2024, 11, 29, 15, 0))
    j = public_status(d.code, lookup_check(d.code)).as_json()
    assert (j["status_label"], j["resolved_at"], j["returned_at"]) == (
        "Đã trả kết quả", "2024-11-29T14:00:00+07:00", "2024-11-29T15:00:00+07:00"
    )
    assert j["step"] is None and j["unit"] is None  # finished: no one is working on it


def test_unknown_code_is_a_404_problem(api, city):
    r = api.get("/api/v1/lookup/CP-HCC-000000-0000")
    assert r.status_code == 404
    assert r["Content-Type"] == "application/problem+json"
    assert r.json()["title"] == "Không tìm thấy" and "Không tìm thấy hồ sơ" in r.json()["detail"]


def test_a_submission_without_code_is_not_public(api, city):
    receive(city, applicant=APPLICANT, refusal_reason="Không thuộc thẩm quyền")  # refused at intake: no code
    assert api.get("/api/v1/lookup/None").status_code == 404


def test_too_many_lookups_from_one_ip_get_429(api, settings, in_progress):
    settings.MOTCUA_LOOKUP_RATE = "3/minute"
    codes = [api.get(f"/api/v1/lookup/{in_progress.code}", {"check": lookup_check(in_progress.code)}).status_code for _ in range(3)]
    codes.append(api.get("/api/v1/lookup/CP-HCC-000000-0000").status_code)  # unknown codes count too
    assert codes == [200, 200, 200, 429]
    r = api.get(f"/api/v1/lookup/{in_progress.code}", {"check": lookup_check(in_progress.code)})
    assert r.status_code == 429 and r["Content-Type"] == "application/problem+json"
    assert r.json()["title"] == "Quá nhiều yêu cầu" and int(r["Retry-After"]) > 0
    other = api.get(f"/api/v1/lookup/{in_progress.code}", {"check": lookup_check(in_progress.code)}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200  # per IP


def test_lookup_is_in_the_openapi_schema(api):
    assert "/api/v1/lookup/{code}" in api.get("/api/v1/openapi.json").json()["paths"]


# -- the page ----------------------------------------------------------------------------------------
def test_form_page_in_vietnamese(client, city):
    r = client.get("/tra-cuu/")
    html = r.content.decode()
    assert r.status_code == 200 and "Tra cứu hồ sơ" in html and 'name="ma"' in html
    assert '<html lang="vi">' in html


def test_form_redirects_to_the_result_page(client, in_progress):
    r = client.get("/tra-cuu/", {"ma": " cp-hcc-241125-0001 ", "k": " k7qx2m "})
    assert r.status_code == 302 and r["Location"] == "/tra-cuu/CP-HCC-241125-0001/?k=K7QX2M"


def test_result_page_shows_the_status_in_vietnamese(client, in_progress):
    html = client.get(f"/tra-cuu/{in_progress.code}/", {"k": lookup_check(in_progress.code)}).content.decode()
    for text in ("Hồ sơ CP-HCC-241125-0001", "Đang xử lý", "Phòng Quản lý đô thị", "N***** V** A*",
                 "Ngày hẹn trả kết quả", "09:00 ngày 16/12/2024", "09:00 ngày 25/11/2024"):
        assert text in html, text
    assert "Nguyễn Văn An" not in html and "0912345678" not in html


def test_unknown_code_page_is_a_vietnamese_404(client, city):
    r = client.get("/tra-cuu/CP-HCC-000000-0000/")
    assert r.status_code == 404 and "Không tìm thấy hồ sơ CP-HCC-000000-0000" in r.content.decode()


def test_page_and_api_share_the_limit_and_the_page_says_429_in_vietnamese(client, api, settings, in_progress):
    settings.MOTCUA_LOOKUP_RATE = "2/minute"
    assert client.get(f"/tra-cuu/{in_progress.code}/", {"k": lookup_check(in_progress.code)}).status_code == 200
    assert api.get(f"/api/v1/lookup/{in_progress.code}", {"check": lookup_check(in_progress.code)}).status_code == 200
    r = client.get(f"/tra-cuu/{in_progress.code}/", {"k": lookup_check(in_progress.code)})
    assert r.status_code == 429 and "Quá nhiều lượt tra cứu" in r.content.decode() and int(r["Retry-After"]) > 0


def test_the_code_alone_is_not_enough(api, client, in_progress):
    """Codes are sequential: without the check printed on the receipt, a dossier answers as unknown."""
    assert api.get(f"/api/v1/lookup/{in_progress.code}").status_code == 404
    assert api.get(f"/api/v1/lookup/{in_progress.code}", {"check": "AAAAAA"}).status_code == 404
    assert client.get(f"/tra-cuu/{in_progress.code}/").status_code == 404
    wrong = api.get(f"/api/v1/lookup/{in_progress.code}", {"check": "AAAAAA"}).json()
    unknown = api.get("/api/v1/lookup/CP-HCC-000000-0000", {"check": "AAAAAA"}).json()
    assert wrong == unknown  # a wrong check tells nothing more than an unknown code


def test_the_receipt_and_the_messages_carry_the_check(city, in_progress):
    import subprocess

    from motcua.forms.marks import lookup_url
    from motcua.forms.rendering import render_form

    check = lookup_check(in_progress.code)
    assert lookup_url(in_progress.code).endswith(f"/tra-cuu/{in_progress.code}/?k={check}")
    pdf = render_form("01", in_progress)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout.decode()
    assert f"Mã kiểm tra: {check}" in text


def test_checks_differ_between_codes_and_avoid_ambiguous_letters():
    checks = {lookup_check(f"CP-HCC-241125-{i:04d}") for i in range(1, 200)}
    assert len(checks) == 199
    assert not any(c in "01IO" for check in checks for c in check)
