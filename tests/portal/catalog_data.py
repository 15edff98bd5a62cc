"""A small city and catalog for the portal's tests and browser journey: built with the services."""
from datetime import time
from decimal import Decimal

from motcua.catalog import services as catalog_services
from motcua.catalog.models import Fee, Procedure
from motcua.units.services import load_units
from tests.factories import FieldFactory, make_procedure

BUILDING_PERMIT = "1.009994.000.00.00.H49"
BIRTH = "1.001193.000.00.00.H49"
MARRIAGE = "1.000894.000.00.00.H49"
CERTIFY_COPY = "2.000815.000.00.00.H49"

UNITS = [
    {"code": "QN", "name": "Tỉnh Quảng Ninh", "kind": "province", "parent": None},
    {"code": "QN-HCC", "name": "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh", "kind": "admin_center", "parent": "QN"},
    {"code": "CP", "name": "Thành phố Cẩm Phả", "kind": "city", "parent": "QN"},
    {
        "code": "CP-HCC",
        "name": "Trung tâm Hành chính công thành phố Cẩm Phả",
        "kind": "admin_center",
        "parent": "CP",
        "address": "Đường Trần Phú, phường Cẩm Trung, thành phố Cẩm Phả",
        "phone": "0203 3722 888",
    },
    {"code": "CP-QLDT", "name": "Phòng Quản lý đô thị", "kind": "department", "parent": "CP"},
    {"code": "CP-TP", "name": "Phòng Tư pháp", "kind": "department", "parent": "CP"},
    {"code": "CP-CT", "name": "Phường Cẩm Trung", "kind": "ward", "parent": "CP"},
    {"code": "CP-CT-MC", "name": "Bộ phận Một cửa phường Cẩm Trung", "kind": "one_stop_desk", "parent": "CP-CT"},
    {"code": "CP-CB", "name": "Phường Cẩm Bình", "kind": "ward", "parent": "CP"},
    {"code": "CP-CB-MC", "name": "Bộ phận Một cửa phường Cẩm Bình", "kind": "one_stop_desk", "parent": "CP-CB"},
]

PER_PAGE_FORMULA = {"first_pages": 2, "first_page_fee": 2000, "next_page_fee": 1000, "max_per_copy": 200000}


def _publish(procedure: Procedure, **changes) -> Procedure:
    version = procedure.versions.get()
    for name, value in changes.items():
        setattr(version, name, value)
    version.save()
    catalog_services.publish_version(version)
    procedure.refresh_from_db()
    return procedure


def build_catalog() -> dict:
    """Units of Cẩm Phả and four published procedures from the demo catalog."""
    load_units(UNITS, default_working_hours=[["07:30", "11:30"], ["13:00", "17:00"]])
    from motcua.units.models import Unit

    units = {u.code: u for u in Unit.objects.all()}
    civil = FieldFactory(code="ho-tich", name="Hộ tịch")
    building = FieldFactory(code="hoat-dong-xay-dung", name="Hoạt động xây dựng")
    certify = FieldFactory(code="chung-thuc", name="Chứng thực")

    birth = _publish(
        make_procedure(
            BIRTH,
            "Đăng ký khai sinh",
            field=civil,
            time_unit="same_day",
            amount=Decimal(0),
            documents=(("Tờ khai đăng ký khai sinh (theo mẫu)", 1, 0), ("Giấy chứng sinh", 1, 0)),
            fee=("Miễn lệ phí đăng ký khai sinh đúng hạn", 0),
            steps=(
                ("Tiếp nhận, kiểm tra hồ sơ", "counter_officer", "one_stop_desk", 0.25),
                ("Công chức tư pháp - hộ tịch xử lý", "specialist", "ward", 0.5),
                ("Chủ tịch UBND ký", "leader", "ward", 0.25),
            ),
            publish=False,
        ),
        same_day_cutoff=time(15, 0),
        result="Giấy khai sinh (bản chính)",
        legal_basis=["Luật Hộ tịch 2014", "Nghị định 123/2015/NĐ-CP"],
    )
    marriage = make_procedure(
        MARRIAGE,
        "Đăng ký kết hôn",
        field=civil,
        time_unit="same_day",
        amount=Decimal(0),
        online_level="partial",
        documents=(("Tờ khai đăng ký kết hôn (theo mẫu)", 1, 0),),
        fee=("Miễn lệ phí", 0),
    )
    permit = _publish(
        make_procedure(
            BUILDING_PERMIT,
            "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            field=building,
            level="city",
            amount=Decimal(15),
            online_level="partial",
            received_at=("city_admin_center",),
            implementing_unit=units["CP-QLDT"],
            documents=(
                ("Đơn đề nghị cấp giấy phép xây dựng (theo mẫu)", 1, 0),
                ("Giấy tờ chứng minh quyền sử dụng đất", 0, 1),
                ("Bản vẽ thiết kế xây dựng (02 bộ)", 2, 0),
            ),
            fee=("75.000 đồng/giấy phép", 75000),
            steps=(
                ("Tiếp nhận tại TTHCC", "counter_officer", "CP-HCC", 0.05),
                ("Chuyên viên thẩm định, kiểm tra thực địa", "specialist", "CP-QLDT", 0.55),
                ("Trưởng phòng xem xét", "department_head", "CP-QLDT", 0.15),
                ("Lãnh đạo UBND thành phố ký", "leader", "CP", 0.2),
                ("Trả kết quả tại TTHCC", "counter_officer", "CP-HCC", 0.05),
            ),
            publish=False,
        ),
        result="Giấy phép xây dựng",
        legal_basis=["Luật Xây dựng 2014, sửa đổi 2020", "Nghị định 15/2021/NĐ-CP"],
        conditions="Công trình phù hợp quy hoạch chi tiết xây dựng được duyệt.",
        lienthong_kind="horizontal",
        lienthong_units=["CP-QLDT", "CP-HCC"],
        # Published today, after 1 July 2026, not full online: with its reason (Decree 224/2026, art. 14).
        partial_online_reason="Chủ đầu tư ký bản vẽ trước cán bộ thẩm định.",
    )
    certify_copy = make_procedure(
        CERTIFY_COPY,
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp",
        field=certify,
        time_unit="same_day",
        amount=Decimal(0),
        online_level="none",
        documents=(("Bản chính giấy tờ cần chứng thực", 1, 0), ("Bản sao cần chứng thực", 0, 1)),
        fee=None,
        publish=False,
    )
    Fee.objects.create(
        version=certify_copy.versions.get(),
        text="2.000 đồng/trang; từ trang thứ 3 trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản",
        per="page",
        formula=PER_PAGE_FORMULA,
    )
    certify_copy = _publish(
        certify_copy, partial_online_reason="Người yêu cầu xuất trình bản chính để đối chiếu (Nghị định 23/2015/NĐ-CP)."
    )
    return {
        "units": units,
        "birth": birth,
        "marriage": marriage,
        "permit": permit,
        "certify_copy": certify_copy,
    }
