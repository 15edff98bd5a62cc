"""Officers' journeys in the browser: a building permit through the city, a ward procedure, and a
supplement pause during processing. Screenshots go to test-output/browser/dossier_*.png."""
import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from .journeys import (
    PDF,
    act,
    fill_building_permit_fields,
    live_server_url,
    open_dossier,
    open_intake_of,
    result,
    to_worklist,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUILDING_PERMIT = "1.009994.000.00.00.H49"
PERMIT_NAME = "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"
BIRTH_NAME = "Đăng ký khai sinh"


def test_building_permit_through_the_city(demo_city, open_as, output_dir):
    desk = open_as("tiepnhan.hcc")
    desk.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    desk.evaluate("window.__sameDocument = true")
    desk.get_by_label("Tìm thủ tục").press_sequentially("giay phep xay dung", delay=15)
    results = desk.locator("#procedure-results")
    expect(results).to_contain_text("1 thủ tục")
    assert desk.evaluate("window.__sameDocument") is True  # live search, no reload
    results.get_by_role("link", name=PERMIT_NAME).click()

    expect(desk.get_by_role("heading", level=1)).to_have_text(PERMIT_NAME)
    for name in ("Đơn đề nghị cấp giấy phép xây dựng (theo mẫu)", "Giấy tờ chứng minh quyền sử dụng đất",
                 "Bản vẽ thiết kế xây dựng (02 bộ)"):
        desk.get_by_label(name, exact=True).check()
    desk.get_by_label("Bản quét: Bản vẽ thiết kế xây dựng (02 bộ)").set_input_files(
        files=[{"name": "ban-ve.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    desk.get_by_label("Họ và tên người nộp / tổ chức").fill("Lê Văn Cường")
    desk.get_by_label("Số CCCD / định danh").fill("022190000123")
    desk.get_by_label("Điện thoại").fill("0912345678")
    fill_building_permit_fields(desk)
    preview = desk.locator("#due-preview")
    expect(preview).to_contain_text("hẹn trả kết quả")
    expect(preview).to_contain_text("15 ngày làm việc")
    expect(preview).to_contain_text("đã trừ")
    desk.get_by_label("Hình thức nộp").select_option("post")  # HTMX refreshes the preview
    expect(preview).to_contain_text("hẹn trả kết quả")
    desk.get_by_label("Hình thức nộp").select_option("counter")
    desk.screenshot(path=str(output_dir / "dossier_intake.png"), full_page=True)
    desk.get_by_role("button", name="Tiếp nhận hồ sơ").click()

    expect(desk.locator(".alert-success")).to_contain_text("Đã tiếp nhận hồ sơ CP-HCC-")
    code = desk.locator(".dossier-code").inner_text()
    assert Dossier.objects.get(code=code).status == "received"
    expect(desk.locator("[data-status]")).to_have_text("Đã tiếp nhận")
    expect(desk.locator("[data-field=remaining]")).to_contain_text("làm việc")
    expect(desk.get_by_role("link", name="ban-ve.pdf")).to_be_visible()
    receipt = desk.locator(".receipt-box").get_by_role("link", name="In Giấy tiếp nhận và hẹn trả kết quả")
    pdf = desk.request.get(live_server_url(desk) + receipt.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf" and pdf.body()[:5] == b"%PDF-"
    desk.screenshot(path=str(output_dir / "dossier_received.png"), full_page=True)
    act(desk, "transfer", "Chuyển xử lý", lambda box: box.get_by_label("Chuyển đến đơn vị").select_option(label="Phòng Quản lý đô thị"))
    expect(desk.locator("[data-field=current-unit]")).to_have_text("Phòng Quản lý đô thị")

    head = open_as("truongphong.qldt")
    expect(head.locator("#worklist")).to_contain_text(code)
    head.screenshot(path=str(output_dir / "dossier_worklist_head.png"), full_page=True)
    open_dossier(head, code)
    act(head, "assign", "Giao chuyên viên xử lý",
        lambda box: box.get_by_label("Giao cho chuyên viên").select_option(label="Chuyên viên Phòng Quản lý đô thị"))
    expect(head.locator("[data-field=assignee]")).to_have_text("Chuyên viên Phòng Quản lý đô thị")

    specialist = open_as("chuyenvien.qldt")
    open_dossier(specialist, code)
    act(specialist, "transfer", "Chuyển xử lý", lambda box: box.get_by_label("Ghi chú").fill("Đủ điều kiện cấp phép"))

    head.reload()
    act(head, "approve", "Phê duyệt")
    expect(head).to_have_url(re.compile(r"/can-bo/$"))  # handed to the city: it left the department's list

    leader = open_as("lanhdao.cp")
    open_dossier(leader, code)
    act(leader, "approve", "Phê duyệt", lambda box: box.get_by_label("Ghi chú").fill("Đồng ý cấp phép"))

    desk.goto(desk.url)
    act(desk, "resolve", "Nhận kết quả tại một cửa", result("15/KQ"))
    expect(desk.locator("[data-status]")).to_have_text("Đã có kết quả")
    to_worklist(desk, "cho-tra-ket-qua")  # waits for the HTMX swap before clicking in the new list
    expect(desk.locator("#worklist")).to_contain_text(code)
    open_dossier(desk, code)
    act(desk, "return_result", "Trả kết quả")
    expect(desk.locator("[data-status]")).to_have_text("Đã trả kết quả")
    timeline = desk.locator(".timeline")
    expect(timeline.locator(".timeline-item")).to_have_count(8)
    expect(timeline).to_contain_text("Đủ điều kiện cấp phép")
    desk.screenshot(path=str(output_dir / "dossier_returned.png"), full_page=True)
    assert list(Dossier.objects.get(code=code).events.values_list("action", flat=True)) == [
        "receive", "transfer", "assign", "transfer", "approve", "approve", "resolve", "return_result",
    ]

    desk.get_by_role("button", name="Đăng xuất").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Bạn đã đăng xuất")


def test_ward_procedure_at_cam_trung(demo_city, open_as, output_dir):
    desk = open_as("tiepnhan.camtrung")
    open_intake_of(desk, "khai sinh", BIRTH_NAME)
    # Only one of the two documents: the supplement list, nothing received.
    desk.get_by_label("Tờ khai đăng ký khai sinh (theo mẫu)", exact=True).check()
    desk.get_by_label("Họ và tên người nộp / tổ chức").fill("Phạm Thị Dung")
    desk.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(desk.locator(".supplement-request")).to_contain_text("Giấy chứng sinh hoặc văn bản thay thế")
    assert Dossier.objects.count() == 0
    desk.screenshot(path=str(output_dir / "dossier_intake_incomplete.png"), full_page=True)
    desk.get_by_label("Giấy chứng sinh hoặc văn bản thay thế", exact=True).check()
    expect(desk.get_by_label("Họ và tên người nộp / tổ chức")).to_have_value("Phạm Thị Dung")
    desk.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(desk.locator(".alert-success")).to_contain_text("Đã tiếp nhận hồ sơ CP-CTR-MC-")
    code = desk.locator(".dossier-code").inner_text()
    act(desk, "transfer", "Chuyển xử lý")

    specialist = open_as("chuyenvien.camtrung")
    open_dossier(specialist, code)
    act(specialist, "transfer", "Chuyển xử lý", lambda box: box.get_by_label("Ghi chú").fill("Đã ghi sổ hộ tịch"))
    leader = open_as("lanhdao.camtrung")
    open_dossier(leader, code)
    act(leader, "approve", "Phê duyệt")

    desk.reload()
    act(desk, "resolve", "Nhận kết quả tại một cửa", result("15/KQ"))
    act(desk, "return_result", "Trả kết quả")
    expect(desk.locator("[data-status]")).to_have_text("Đã trả kết quả")
    desk.screenshot(path=str(output_dir / "dossier_ward_returned.png"), full_page=True)

    # The city's desk never sees the ward's dossier.
    city_desk = open_as("tiepnhan.hcc")
    response = city_desk.goto(f"{city_desk.url}ho-so/{code}/")
    assert response.status == 404


def test_supplement_pause_during_processing(demo_city, open_as, output_dir):
    users = demo_city
    d = services.receive_dossier(
        actor=users["tiepnhan.hcc"], procedure_code=BUILDING_PERMIT, unit_code="CP-HCC", channel="counter",
        applicant={"name": "Đỗ Văn Em"},
    ).dossier
    d = services.transition(d.code, "transfer", actor=users["tiepnhan.hcc"], expected_version=d.version)
    code = d.code

    specialist = open_as("chuyenvien.qldt")
    open_dossier(specialist, code)
    remaining_before = specialist.locator("[data-field=remaining]").inner_text()

    def ask(box):
        box.get_by_label("Bản vẽ thiết kế xây dựng (02 bộ)").check()
        box.get_by_label("Nội dung cần bổ sung, hoàn thiện và lý do").fill("Bản vẽ mặt bằng không rõ kích thước")

    act(specialist, "request_supplement", "Yêu cầu bổ sung hồ sơ", ask)
    expect(specialist.locator("[data-status]")).to_have_text("Chờ bổ sung")
    expect(specialist.locator("[data-field=paused]")).to_contain_text("Bản vẽ mặt bằng không rõ kích thước")
    expect(specialist.locator("[data-field=remaining]")).to_contain_text("(đang tạm dừng)")
    expect(specialist.locator(".timeline")).to_contain_text("Bản vẽ thiết kế xây dựng (02 bộ)")
    specialist.screenshot(path=str(output_dir / "dossier_paused.png"), full_page=True)

    desk = open_as("tiepnhan.hcc")
    desk.evaluate("window.__sameDocument = true")
    desk.locator("[data-tab=cho-bo-sung]").click()  # HTMX tab switch
    expect(desk).to_have_url(re.compile(r"\?tab=cho-bo-sung"))
    expect(desk.locator("[data-tab=cho-bo-sung]")).to_have_attribute("aria-current", "page")
    expect(desk.locator("#worklist")).to_contain_text(code)
    assert desk.evaluate("window.__sameDocument") is True
    desk.screenshot(path=str(output_dir / "dossier_worklist_supplement.png"), full_page=True)
    open_dossier(desk, code)

    def supplement(box):
        box.get_by_label("Ghi chú").fill("Người nộp đã bổ sung bản vẽ")
        box.get_by_label("Tệp bổ sung (PDF, JPEG, PNG)").set_input_files(
            files=[{"name": "ban-ve-moi.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )

    act(desk, "supplement", "Ghi nhận hồ sơ đã bổ sung", supplement)
    expect(desk.locator("[data-status]")).to_have_text("Đang xử lý")
    expect(desk.locator("[data-field=paused]")).to_have_count(0)
    expect(desk.get_by_role("link", name="ban-ve-moi.pdf")).to_be_visible()

    # A stale form: the specialist's page still shows the old version.
    specialist.get_by_role("navigation", name="Công việc của cán bộ").get_by_role("link", name="Hồ sơ của đơn vị").click()
    open_dossier(specialist, code)
    d = Dossier.objects.get(code=code)
    services.transition(code, "consult", actor=users["chuyenvien.qldt"], expected_version=d.version,
                        data={"units": ["CP-TCKH"], "due_days": 2})
    box = specialist.locator("#action-transfer")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    box.get_by_role("button", name="Chuyển xử lý").click()
    expect(specialist.locator(".alert-error")).to_contain_text("Hồ sơ đã được người khác cập nhật")
    expect(specialist.locator("[data-status]")).to_have_text("Đang lấy ý kiến")
    specialist.screenshot(path=str(output_dir / "dossier_stale.png"), full_page=True)
    assert remaining_before
