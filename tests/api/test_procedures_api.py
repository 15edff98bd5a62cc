"""GET /api/v1/procedures and /api/v1/procedures/{code}: the published catalog."""
from decimal import Decimal

import pytest

from motcua.catalog import services
from motcua.catalog.models import Fee, ProcedureVersion
from motcua.units.services import load_units
from tests.factories import FieldFactory, make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    load_units(
        [
            {"code": "CP", "name": "Thành phố Cẩm Phả", "kind": "city", "parent": None},
            {"code": "CP-HCC", "name": "Trung tâm HCC", "kind": "admin_center", "parent": "CP"},
            {"code": "CP-QLDT", "name": "Phòng Quản lý đô thị", "kind": "department", "parent": "CP"},
            {"code": "CP-CTR", "name": "Phường Cẩm Trung", "kind": "ward", "parent": "CP"},
            {"code": "CP-CTR-MC", "name": "Một cửa Cẩm Trung", "kind": "one_stop_desk", "parent": "CP-CTR"},
        ]
    )
    from motcua.units.models import Unit

    xay_dung = FieldFactory(code="xay-dung", name="Xây dựng")
    permit = make_procedure(
        "1.009994.000.00.00.H49",
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        field=xay_dung,
        level="city",
        amount=Decimal(15),
        online_level="partial",
        received_at=("city_admin_center",),
        implementing_unit=Unit.objects.get(code="CP-QLDT"),
        fee=("75.000 đồng/giấy phép", 75000),
        documents=(("Đơn đề nghị cấp giấy phép xây dựng", 1, 0), ("Bản vẽ thiết kế", 0, 2)),
        steps=(
            ("Tiếp nhận", "counter_officer", "admin_center", "0.1"),
            ("Thẩm định", "specialist", "CP-QLDT", "0.6"),
            ("Ký", "leader", "CP", "0.3"),
        ),
    )
    birth = make_procedure(
        "1.001193.000.00.00.H49",
        "Đăng ký khai sinh",
        time_unit="same_day",
        amount=Decimal(0),
        online_level="full",
    )
    certify = make_procedure(
        "2.000815.000.00.00.H49",
        "Chứng thực bản sao từ bản chính",
        field=FieldFactory(code="chung-thuc", name="Chứng thực"),
        time_unit="same_day",
        amount=Decimal(0),
        online_level="none",
        fee=None,
    )
    Fee.objects.create(
        version=certify.current_version,
        text="2.000 đồng/trang; từ trang thứ 3 trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản",
        formula={"first_pages": 2, "first_page_fee": 2000, "next_page_fee": 1000, "max_per_copy": 200000},
    )
    return {"permit": permit, "birth": birth, "certify": certify}


def codes(response):
    assert response.status_code == 200, response.content
    return {r["code"] for r in response.json()["results"]}


def test_list_is_paged_with_contract_fields(api, catalog):
    body = api.get("/api/v1/procedures").json()
    assert body["count"] == 3
    permit = next(r for r in body["results"] if r["code"] == "1.009994.000.00.00.H49")
    assert permit["name"] == "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"
    assert permit["field"] == "Xây dựng"
    assert permit["unit_level"] == "city"
    assert permit["processing_time"]["amount"] == 15
    assert permit["processing_time"]["time_unit"] == "working_days"
    assert permit["online"] == "partial"
    assert permit["fee"] == {"text": "75.000 đồng/giấy phép", "amount": 75000}


@pytest.mark.parametrize(
    "q",
    ["giay phep xay dung", "GIẤY PHÉP XÂY DỰNG", "Giay Phep Xay Dung", "giấy phép xây dựng", "xay dung nha o"],
)
def test_q_ignores_diacritics_and_case(api, catalog, q):
    assert codes(api.get("/api/v1/procedures", {"q": q})) == {"1.009994.000.00.00.H49"}


def test_q_folds_d_with_stroke(api, catalog):
    assert "1.001193.000.00.00.H49" in codes(api.get("/api/v1/procedures", {"q": "dang ky khai sinh"}))
    assert "1.001193.000.00.00.H49" in codes(api.get("/api/v1/procedures", {"q": "ĐĂNG KÝ"}))


def test_q_matches_the_code(api, catalog):
    assert codes(api.get("/api/v1/procedures", {"q": "1.009994"})) == {"1.009994.000.00.00.H49"}


def test_q_without_match_is_an_empty_page(api, catalog):
    body = api.get("/api/v1/procedures", {"q": "khong co thu tuc nay"}).json()
    assert body["count"] == 0 and body["results"] == []


def test_filter_online(api, catalog):
    assert codes(api.get("/api/v1/procedures", {"online": "full"})) == {"1.001193.000.00.00.H49"}
    assert codes(api.get("/api/v1/procedures", {"online": "true"})) == {
        "1.001193.000.00.00.H49",
        "1.009994.000.00.00.H49",
    }
    assert codes(api.get("/api/v1/procedures", {"online": "false"})) == {"2.000815.000.00.00.H49"}


def test_filter_unit_by_reception_point_and_implementing_unit(api, catalog):
    assert codes(api.get("/api/v1/procedures", {"unit": "CP-HCC"})) == {"1.009994.000.00.00.H49"}
    assert codes(api.get("/api/v1/procedures", {"unit": "CP-QLDT"})) == {"1.009994.000.00.00.H49"}
    assert codes(api.get("/api/v1/procedures", {"unit": "CP-CTR-MC"})) == {
        "1.001193.000.00.00.H49",
        "2.000815.000.00.00.H49",
    }


def test_filter_level_and_field(api, catalog):
    assert codes(api.get("/api/v1/procedures", {"level": "city"})) == {"1.009994.000.00.00.H49"}
    assert codes(api.get("/api/v1/procedures", {"field": "chung-thuc"})) == {"2.000815.000.00.00.H49"}


@pytest.mark.parametrize(
    ("params", "field"),
    [({"unit": "NOPE"}, "unit"), ({"online": "maybe"}, "online"), ({"level": "planet"}, "level")],
)
def test_bad_filters_are_problems_naming_the_field(api, catalog, params, field):
    response = api.get("/api/v1/procedures", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == field


def test_detail_has_every_field_documents_and_steps(api, catalog):
    body = api.get("/api/v1/procedures/1.009994.000.00.00.H49").json()
    assert body["version"] == 1
    assert body["implementing_unit"] == "CP-QLDT"
    assert body["implementing_unit_name"] == "Phòng Quản lý đô thị"
    assert body["received_at"] == ["city_admin_center"]
    assert [(d["name"], d["originals"], d["copies"]) for d in body["documents"]] == [
        ("Đơn đề nghị cấp giấy phép xây dựng", 1, 0),
        ("Bản vẽ thiết kế", 0, 2),
    ]
    assert [(s["order"], s["role"], s["unit"], s["share"]) for s in body["steps"]] == [
        (1, "counter_officer", "admin_center", 0.1),
        (2, "specialist", "CP-QLDT", 0.6),
        (3, "leader", "CP", 0.3),
    ]
    assert body["lienthong"] == {"kind": "none", "units": [], "note": ""}
    assert body["fees"][0]["amount"] == 75000


def test_detail_of_formula_fee(api, catalog):
    body = api.get("/api/v1/procedures/2.000815.000.00.00.H49").json()
    assert body["fees"][0]["formula"]["max_per_copy"] == 200000
    assert body["fee"]["amount"] is None


def test_detail_unknown_code_is_404_problem(api, catalog):
    response = api.get("/api/v1/procedures/9.999999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_detail_shows_the_current_version_after_a_change(api, catalog):
    permit = catalog["permit"]
    draft = services.create_draft(permit, change_note="Rút ngắn thời hạn")
    draft.processing_amount = Decimal(12)
    draft.partial_online_reason = "Chủ đầu tư ký bản vẽ trước cán bộ thẩm định"  # Decree 224/2026, art. 14
    draft.save()
    services.publish_version(draft)
    body = api.get("/api/v1/procedures/1.009994.000.00.00.H49").json()
    assert body["version"] == 2
    assert body["processing_time"]["amount"] == 12
    old = ProcedureVersion.objects.get(procedure=permit, number=1)
    assert old.status == "archived" and old.processing_amount == 15
    assert old.steps.count() == 3 and draft.steps.count() == 3


def test_list_query_count_does_not_grow_with_rows(api, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        api.get("/api/v1/procedures")
