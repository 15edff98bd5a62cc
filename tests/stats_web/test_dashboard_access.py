"""Who may open the leaders' desk, and which units each leader may look at."""
import pytest

from .builders import PERIOD

pytestmark = pytest.mark.django_db

DESK = "/can-bo/thong-ke/"


def test_anonymous_visitors_are_sent_to_sign_in(client, city):
    response = client.get(DESK)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=/can-bo/thong-ke/")


@pytest.mark.parametrize("username", ["congdan.demo", "tiepnhan.hcc", "chuyenvien.qldt"])
def test_citizens_and_officers_without_a_desk_get_a_vietnamese_403(client_as, username):
    response = client_as(username).get(DESK)
    assert response.status_code == 403
    assert "dành cho lãnh đạo" in response.content.decode()


@pytest.mark.parametrize("path", ["ho-so/?figure=received.total", "bao-cao/", "lien-thong/?held=CP-CTR"])
def test_every_desk_page_is_closed_to_citizens(client_as, path):
    assert client_as("congdan.demo").get(DESK + path).status_code == 403


@pytest.mark.parametrize("username", ["giamdoc.hcc", "lanhdao.cp"])
def test_the_center_director_and_city_leaders_see_the_whole_city(client_as, username):
    response = client_as(username).get(DESK)
    assert response.status_code == 200
    units = [code for code, _ in response.context["form"].fields["unit"].choices]
    assert units[0] == "CP"
    assert {"CP-HCC", "CP-CTR", "CP-MD", "CP-CTR-MC"} <= set(units)
    assert response.context["unit"].code == "CP"


def test_a_ward_leader_sees_only_the_ward(client_as):
    client = client_as("lanhdao.camtrung")
    response = client.get(DESK)
    assert response.status_code == 200
    assert {code for code, _ in response.context["form"].fields["unit"].choices} == {"CP-CTR", "CP-CTR-MC"}
    assert response.context["unit"].code == "CP-CTR"


def test_a_ward_leader_asking_for_the_city_gets_an_error_and_no_figures(client_as):
    response = client_as("lanhdao.camtrung").get(DESK, {"unit": "CP", **PERIOD})
    assert response.status_code == 400
    assert "body" not in response.context
    assert "Đơn vị không tồn tại hoặc nằm ngoài phạm vi bạn được xem." in response.content.decode()


def test_a_ward_leader_cannot_drill_into_another_ward(client_as):
    response = client_as("lanhdao.camtrung").get(DESK + "ho-so/", {"unit": "CP-MD", "figure": "received.total", **PERIOD})
    assert response.status_code == 404


@pytest.mark.parametrize("query, message", [
    ({"date_from": "2024-12-31", "date_to": "2024-01-01"}, "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."),
    ({"date_from": "2000-01-01", "date_to": "2024-01-01"}, "Kỳ thống kê dài quá 10 năm"),
    ({"date_from": "2024-01-01"}, "Vui lòng chọn cả ngày bắt đầu và ngày kết thúc"),
    ({"date_from": "hôm qua", "date_to": "2024-01-01"}, "Ngày bắt đầu không hợp lệ"),
])
def test_a_bad_period_is_refused_with_a_vietnamese_sentence(client_as, query, message):
    response = client_as("giamdoc.hcc").get(DESK, query)
    assert response.status_code == 400
    assert message in response.content.decode()
