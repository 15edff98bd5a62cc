"""The unit admin pages: list, create, move, and clear Vietnamese errors for bad input."""
import pytest

from motcua.units.models import Unit
from motcua.units.services import load_units
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, role="admin"))
    load_units(
        [
            {"code": "CP", "name": "Thành phố Cẩm Phả", "kind": "city", "parent": None},
            {"code": "CP-CTR", "name": "Phường Cẩm Trung", "kind": "ward", "parent": "CP"},
        ]
    )
    return client


def form_data(**overrides):
    data = {
        "code": "CP-MD",
        "name": "Phường Mông Dương",
        "kind": "ward",
        "parent": Unit.objects.get(code="CP").pk,
        "address": "",
        "phone": "",
        "email": "",
        "working_hours": "",
        "is_active": "on",
        "sort_order": "0",
        "counters-TOTAL_FORMS": "0",
        "counters-INITIAL_FORMS": "0",
        "counters-MIN_NUM_FORMS": "0",
        "counters-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_unit_list_shows_the_tree(admin_client):
    response = admin_client.get("/quan-tri/units/unit/")
    assert response.status_code == 200
    assert "— Phường Cẩm Trung" in response.content.decode()


def test_create_unit_sets_its_path(admin_client):
    response = admin_client.post("/quan-tri/units/unit/add/", form_data())
    assert response.status_code == 302
    assert Unit.objects.get(code="CP-MD").path == "CP/CP-MD/"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"code": "cp md"}, "Mã đơn vị chỉ gồm chữ in hoa"),
        ({"working_hours": '[["11:30", "07:30"]]'}, "phải kết thúc sau khi bắt đầu"),
    ],
)
def test_bad_unit_is_refused_with_a_vietnamese_error_and_nothing_saved(admin_client, overrides, message):
    response = admin_client.post("/quan-tri/units/unit/add/", form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Unit.objects.count() == 2


def test_moving_a_unit_under_its_child_is_refused(admin_client):
    city = Unit.objects.get(code="CP")
    data = form_data(code="CP", name=city.name, kind="city", parent=Unit.objects.get(code="CP-CTR").pk)
    response = admin_client.post(f"/quan-tri/units/unit/{city.pk}/change/", data)
    assert response.status_code == 200
    assert "cấp dưới của chính nó" in response.content.decode()
    assert Unit.objects.get(code="CP").parent is None
