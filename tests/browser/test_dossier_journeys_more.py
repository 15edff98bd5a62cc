"""More officers' journeys in the browser: a liên thông dossier ward → city, and a late dossier with an
apology (Mẫu 04). Screenshots go to test-output/browser/dossier_lienthong.png and dossier_apology.png."""
import re

import pytest
import time_machine
from playwright.sync_api import expect

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, UnitHolding

from .journeys import act, local, open_dossier, result, to_worklist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SOCIAL_ALLOWANCE = "1.001776.000.00.00.H49"  # ward desk → ward → CP-LDTBXH → CP, 17 working days
SOCIAL_ALLOWANCE_NAME = "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng"
MARITAL = "1.004873.000.00.00.H49"  # ward, 3 working days


def test_lien_thong_ward_to_city(demo_city, open_as, output_dir):
    desk = open_as("tiepnhan.camtrung")
    desk.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    desk.get_by_label("Tìm thủ tục").fill("tro cap xa hoi")
    desk.get_by_role("button", name="Tìm").click()
    desk.locator("#procedure-results").get_by_role("link", name=SOCIAL_ALLOWANCE_NAME, exact=True).click()
    expect(desk.get_by_role("heading", level=1)).to_have_text(SOCIAL_ALLOWANCE_NAME)
    for name in ("Tờ khai đề nghị trợ giúp xã hội (theo mẫu)", "Bản sao giấy tờ chứng minh đối tượng"):
        desk.get_by_label(name, exact=True).check()
    desk.get_by_label("Họ và tên người nộp / tổ chức").fill("Hoàng Văn Giang")
    desk.get_by_label("Số CCCD / định danh").fill("022150000456")
    expect(desk.locator("#due-preview")).to_contain_text("17 ngày làm việc")
    desk.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(desk.locator(".alert-success")).to_contain_text("Đã tiếp nhận hồ sơ CP-CTR-MC-")
    code = desk.locator(".dossier-code").inner_text()
    act(desk, "transfer", "Chuyển xử lý")
    expect(desk.locator("[data-field=current-unit]")).to_have_text("Phường Cẩm Trung")

    ward = open_as("chuyenvien.camtrung")
    open_dossier(ward, code)
    act(ward, "transfer", "Chuyển xử lý", lambda box: box.get_by_label("Ghi chú").fill("Đã xét duyệt, niêm yết"))
    expect(ward).to_have_url(re.compile(r"/can-bo/$"))  # handed to the city: it left the ward's list
    assert Dossier.objects.get(code=code).current_unit.code == "CP-LDTBXH"  # one code across levels

    ldtbxh = open_as("chuyenvien.ldtbxh")
    expect(ldtbxh.locator("#worklist")).to_contain_text(code)
    open_dossier(ldtbxh, code)
    act(ldtbxh, "transfer", "Chuyển xử lý", lambda box: box.get_by_label("Ghi chú").fill("Thẩm định đạt"))
    assert Dossier.objects.get(code=code).current_unit.code == "CP"

    leader = open_as("lanhdao.cp")
    open_dossier(leader, code)
    act(leader, "approve", "Phê duyệt", lambda box: box.get_by_label("Ghi chú").fill("Đồng ý trợ cấp"))
    assert Dossier.objects.get(code=code).current_unit.code == "CP-CTR-MC"  # the result back at the ward desk

    desk.reload()
    act(desk, "resolve", "Nhận kết quả tại một cửa", result("15/KQ"))
    expect(desk.locator("[data-status]")).to_have_text("Đã có kết quả")
    act(desk, "return_result", "Trả kết quả")
    expect(desk.locator("[data-status]")).to_have_text("Đã trả kết quả")

    units_box = desk.locator(".holding-list")
    expect(desk.get_by_role("heading", name="Thời gian theo đơn vị")).to_be_visible()
    holdings = list(UnitHolding.objects.filter(dossier__code=code).order_by("id").select_related("unit"))
    assert [h.unit.code for h in holdings] == ["CP-CTR-MC", "CP-CTR", "CP-LDTBXH", "CP", "CP-CTR-MC"]
    assert all(h.ended_at for h in holdings)
    expect(units_box.locator("li")).to_have_count(len(holdings))
    for h in holdings:
        expect(units_box).to_contain_text(h.unit.name)
    expect(desk.locator(".timeline")).to_contain_text("Thẩm định đạt")
    desk.screenshot(path=str(output_dir / "dossier_lienthong.png"), full_page=True)
    assert list(Dossier.objects.get(code=code).events.values_list("action", flat=True)) == [
        "receive", "transfer", "transfer", "transfer", "approve", "resolve", "return_result",
    ]


def test_late_dossier_with_apology(demo_city, open_as, output_dir, settings):
    # The server runs in November 2024: cookies must not carry (past) expiry dates the real browser drops.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    users = demo_city
    with time_machine.travel(local(2024, 11, 27, 15, 0), tick=True) as traveller:  # Wednesday
        d = services.receive_dossier(
            actor=users["tiepnhan.camtrung"], procedure_code=MARITAL, unit_code="CP-CTR-MC", channel="counter",
            applicant={"name": "Vũ Thị Hoa"}, received_at=local(2024, 11, 25, 9, 0),
        ).dossier
        assert d.due_at == local(2024, 11, 28, 9, 0)
        d = services.transition(d.code, "transfer", actor=users["tiepnhan.camtrung"], expected_version=d.version,
                                at=local(2024, 11, 25, 10, 0))
        code = d.code

        leader = open_as("lanhdao.camtrung")
        to_worklist(leader, "sap-den-han")
        expect(leader.locator("#worklist")).to_contain_text(code)
        open_dossier(leader, code)

        def apology(box):
            box.get_by_label("Lý do chậm trả kết quả").fill("Cần xác minh thêm thông tin cư trú")
            box.get_by_label("Ngày giờ hẹn trả kết quả mới").fill("2024-12-02T17:00")

        act(leader, "apologize", "Xin lỗi và hẹn lại", apology)
        expect(leader.locator("[data-field=due]")).to_have_text("09:00 28/11/2024")  # the due instant is kept
        expect(leader.locator(".dossier-main")).to_contain_text("17:00 02/12/2024 — Cần xác minh thêm thông tin cư trú")
        d.refresh_from_db()
        assert d.new_appointment_at == local(2024, 12, 2, 17, 0) and d.due_at == local(2024, 11, 28, 9, 0)

        traveller.move_to(local(2024, 11, 28, 10, 0))  # the due instant has passed
        to_worklist(leader, "qua-han")
        expect(leader.locator("#worklist")).to_contain_text(code)  # still counted late despite the apology
        open_dossier(leader, code)
        expect(leader.locator("[data-field=remaining]")).to_have_class(re.compile(r"\berror\b"))
        expect(leader.locator(".dossier-main")).to_contain_text("Hẹn lại")
        expect(leader.locator(".dossier-main")).to_contain_text("17:00 02/12/2024")
        # Mẫu 04 is issued before the due instant: once late, the apology is no longer offered (the service
        # refuses a forged one too: tests/dossiers/test_allowed_actions.py).
        expect(leader.locator("#action-approve")).to_be_visible()
        expect(leader.locator("#action-apologize")).to_have_count(0)
        leader.screenshot(path=str(output_dir / "dossier_apology.png"), full_page=True)

        act(leader, "approve", "Phê duyệt")
        desk = open_as("tiepnhan.camtrung")
        desk.goto(f"{desk.url}ho-so/{code}/")
        act(desk, "resolve", "Nhận kết quả tại một cửa", result("15/KQ"))
    d = Dossier.objects.get(code=code)
    assert (d.status, d.timeliness) == ("resolved", "late")
    assert d.new_appointment_at == local(2024, 12, 2, 17, 0)
    assert list(d.events.values_list("action", flat=True)) == ["receive", "transfer", "apologize", "approve", "resolve"]
