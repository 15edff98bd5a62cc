"""Who watches the wall: the center director and the People's Committee leaders over their level of
government, and administrators; officers get the Vietnamese 403 page, strangers sign in first; a desk
outside the viewer's reach does not exist for them."""
import pytest

from .conftest import CENTER, WARD_DESK

pytestmark = pytest.mark.django_db

PAGES = ["/can-bo/man-hinh-giam-sat/", "/can-bo/man-hinh-giam-sat/o/", f"/can-bo/man-hinh-giam-sat/{WARD_DESK}/"]


@pytest.mark.parametrize("username", ["lanhdao.cp", "giamdoc.hcc", "admin"])
@pytest.mark.parametrize("url", PAGES)
def test_leaders_the_director_and_administrators_open_the_wall(city, client_as, username, url):
    assert client_as(city[username]).get(url).status_code == 200


@pytest.mark.parametrize("username", ["tiepnhan.hcc", "chuyenvien.qldt", "truongphong.qldt", "tiepnhan.camtrung"])
@pytest.mark.parametrize("url", PAGES)
def test_officers_and_department_heads_are_refused_in_vietnamese(city, client_as, username, url):
    response = client_as(city[username]).get(url)
    assert response.status_code == 403
    assert "Màn hình giám sát dành cho lãnh đạo" in response.content.decode()


@pytest.mark.parametrize("url", PAGES + [f"/can-bo/man-hinh-giam-sat/{CENTER}/anh/"])
def test_a_stranger_is_sent_to_sign_in(city, client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_a_ward_leader_cannot_open_another_wards_desk_nor_its_camera(city, client_as):
    client = client_as(city["lanhdao.camtrung"])
    assert client.get(f"/can-bo/man-hinh-giam-sat/{WARD_DESK}/").status_code == 200
    assert client.get("/can-bo/man-hinh-giam-sat/CP-CB-MC/").status_code == 404
    assert client.get("/can-bo/man-hinh-giam-sat/CP-CB-MC/anh/").status_code == 404
    assert client.get(f"/can-bo/man-hinh-giam-sat/{CENTER}/").status_code == 404


def test_the_leaders_menu_links_to_the_wall_and_the_officers_does_not(city, client_as):
    assert "Màn hình giám sát" in client_as(city["lanhdao.cp"]).get("/can-bo/").content.decode()
    assert "Màn hình giám sát" not in client_as(city["tiepnhan.hcc"]).get("/can-bo/").content.decode()


def test_a_wall_left_open_after_sign_out_goes_to_the_sign_in_page_on_its_next_poll(city, client):
    response = client.get("/can-bo/man-hinh-giam-sat/o/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/dang-nhap/?next=/can-bo/man-hinh-giam-sat/")
