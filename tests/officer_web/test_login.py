"""Sign-in and sign-out pages; officers land on their worklist, citizens on the portal; citizens get 403."""
import pytest

PASSWORD = "MotCua@2018"


def test_login_page_is_vietnamese(city, client):
    r = client.get("/dang-nhap/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "Đăng nhập" in body and "Tên đăng nhập" in body and "Mật khẩu" in body


@pytest.mark.parametrize(("username", "home"), [("tiepnhan.hcc", "/can-bo/"), ("truongphong.qldt", "/can-bo/"), ("congdan.demo", "/ca-nhan/")])
def test_after_login_officers_go_to_worklist_citizens_to_their_dossiers(city, client, username, home):
    r = client.post("/dang-nhap/", {"username": username, "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == home


def test_login_honours_a_safe_next_only(city, client):
    r = client.post("/dang-nhap/?next=/can-bo/tiep-nhan/", {"username": "tiepnhan.hcc", "password": PASSWORD})
    assert r["Location"] == "/can-bo/tiep-nhan/"
    client.logout()
    r = client.post("/dang-nhap/", {"username": "tiepnhan.hcc", "password": PASSWORD, "next": "https://evil.example/"})
    assert r["Location"] == "/can-bo/"


def test_wrong_password_shows_a_vietnamese_error(city, client):
    r = client.post("/dang-nhap/", {"username": "tiepnhan.hcc", "password": "sai"})
    assert r.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_anonymous_is_sent_to_login(city, client):
    r = client.get("/can-bo/")
    assert r.status_code == 302 and r["Location"] == "/dang-nhap/?next=/can-bo/"


def test_citizen_gets_a_403_page(city, client_as):
    for url in ("/can-bo/", "/can-bo/tiep-nhan/"):
        r = client_as("congdan.demo").get(url)
        assert r.status_code == 403
        assert "Không có quyền truy cập" in r.content.decode()


def test_logout_by_post(city, client_as):
    client = client_as("tiepnhan.hcc")
    r = client.post("/dang-xuat/")
    assert r.status_code == 200 and "Bạn đã đăng xuất" in r.content.decode()
    assert client.get("/can-bo/").status_code == 302
