"""The citizen's profile (/ca-nhan/tai-khoan/): edited by the citizen, a changed e-mail or phone is no longer
verified, a verified identity number cannot be changed; the online submission form starts from it."""
import pytest

from tests.dossiers.conftest import MARITAL, city  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(city):  # noqa: F811
    user = city["congdan.demo"]
    user.email, user.email_verified = "congdan@example.vn", True
    user.save()
    return user


def profile(**extra):
    return {"full_name": "Trần Thị Bình", "email": "congdan@example.vn", "phone": "0912 345 678",
            "address": "Tổ 5, phường Cẩm Trung", "date_of_birth": "1990-05-17", "identity_number": "022190000123",
            **extra}


def test_the_profile_is_saved_and_fills_the_online_form(client, citizen):
    client.force_login(citizen)
    assert client.get("/ca-nhan/tai-khoan/").status_code == 200
    r = client.post("/ca-nhan/tai-khoan/", profile())
    assert r.status_code == 302 and r["Location"] == "/ca-nhan/tai-khoan/"
    citizen.refresh_from_db()
    assert (citizen.full_name, citizen.phone, citizen.address, str(citizen.date_of_birth), citizen.identity_number) == (
        "Trần Thị Bình", "0912345678", "Tổ 5, phường Cẩm Trung", "1990-05-17", "022190000123")
    assert citizen.email_verified  # the same e-mail: still verified
    form = client.get(f"/ca-nhan/nop/{MARITAL}/").context["form"]
    assert {k: form[k].value() for k in ("applicant_name", "applicant_phone", "applicant_email", "applicant_address",
                                         "applicant_id_number")} == {
        "applicant_name": "Trần Thị Bình", "applicant_phone": "0912345678", "applicant_email": "congdan@example.vn",
        "applicant_address": "Tổ 5, phường Cẩm Trung", "applicant_id_number": "022190000123"}


def test_a_new_email_is_no_longer_verified(client, citizen):
    client.force_login(citizen)
    client.post("/ca-nhan/tai-khoan/", profile(email="moi@example.vn"))
    citizen.refresh_from_db()
    assert (citizen.email, citizen.email_verified) == ("moi@example.vn", False)


def test_a_verified_identity_number_cannot_be_changed_here(client, citizen):
    citizen.identity_number, citizen.identity_verified = "022190000123", True
    citizen.save()
    client.force_login(citizen)
    client.post("/ca-nhan/tai-khoan/", profile(identity_number="011111111111"))
    citizen.refresh_from_db()
    assert (citizen.identity_number, citizen.identity_verified) == ("022190000123", True)


def test_bad_input_is_refused_and_nothing_changes(client, citizen):
    client.force_login(citizen)
    before = (citizen.full_name, citizen.phone)
    r = client.post("/ca-nhan/tai-khoan/", profile(full_name="", phone="abc", date_of_birth="31/02/1990"))
    assert r.status_code == 400
    errors = r.context["form"].errors
    assert errors["full_name"] == ["Cần họ và tên."] and errors["phone"] == ["Số điện thoại không hợp lệ."]
    assert errors["date_of_birth"] == ["Ngày sinh không hợp lệ (ngày/tháng/năm)."]
    citizen.refresh_from_db()
    assert (citizen.full_name, citizen.phone) == before


def test_officers_do_not_have_this_page(client, city):  # noqa: F811
    client.force_login(city["tiepnhan.hcc"])
    assert client.get("/ca-nhan/tai-khoan/").status_code == 403
