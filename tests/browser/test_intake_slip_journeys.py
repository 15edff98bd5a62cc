"""Slips in the browser (issue 8, items 4 and 5): at the counter an incomplete dossier prints the guidance
slip (Mẫu 02) and nothing is received; a refusal during processing prints the processing unit's notice,
not the desk's Mẫu 03. Screenshots: test-output/browser/intake_incomplete.png, intake_slip_mau02.png,
refusal_notice.png."""
import subprocess
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.forms.models import IntakeSlip

from .journeys import act, fill_building_permit_fields, open_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUILDING_PERMIT = "1.009994.000.00.00.H49"
BUILDING_PERMIT_NAME = "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"
DRAWINGS = "Bản vẽ thiết kế xây dựng (02 bộ)"


def pdf_text(page, href: str) -> str:
    """The PDF a link opens, fetched with the page's session, as the text a reader sees."""
    r = page.request.get(urljoin(page.url, href))
    assert r.ok and r.headers["content-type"] == "application/pdf"
    return " ".join(subprocess.run(["pdftotext", "-", "-"], input=r.body(), capture_output=True, check=True).stdout.decode().split())


def test_incomplete_dossier_at_the_counter_prints_mau02_and_nothing_is_received(demo_city, open_as, output_dir):
    desk = open_as("tiepnhan.hcc")
    desk.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    desk.get_by_label("Tìm thủ tục").fill("giay phep xay dung")
    desk.get_by_role("button", name="Tìm").click()
    desk.locator("#procedure-results").get_by_role("link", name=BUILDING_PERMIT_NAME, exact=True).click()
    for name in ("Đơn đề nghị cấp giấy phép xây dựng (theo mẫu)", "Giấy tờ chứng minh quyền sử dụng đất"):
        desk.get_by_label(name, exact=True).check()  # the drawings are not brought
    desk.get_by_label("Họ và tên người nộp / tổ chức").fill("Đỗ Minh Khoa")
    fill_building_permit_fields(desk)
    desk.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(desk.locator(".supplement-request")).to_contain_text("Hồ sơ chưa đầy đủ — chưa tiếp nhận")
    expect(desk.locator(".supplement-request")).to_contain_text(DRAWINGS)

    desk.get_by_label("Lý do, nội dung cần hoàn thiện (mỗi dòng một ý)").fill("Bản vẽ phải do đơn vị có năng lực lập")
    desk.screenshot(path=str(output_dir / "intake_incomplete.png"), full_page=True)
    desk.get_by_role("button", name="Hồ sơ chưa đầy đủ → In phiếu hướng dẫn (Mẫu 02)").click()
    expect(desk.locator(".alert-success")).to_contain_text("Đã lập Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02) số 0001/HDHS")
    expect(desk.locator(".receipt-box")).to_contain_text("không được tiếp nhận")
    desk.screenshot(path=str(output_dir / "intake_slip_mau02.png"), full_page=True)
    link = desk.get_by_role("link", name="In phiếu số 0001/HDHS (Mẫu 02)")
    text = pdf_text(desk, link.get_attribute("href"))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text and "Số: 0001/HDHS" in text
    assert DRAWINGS in text and "Đỗ Minh Khoa" in text and "Bản vẽ phải do đơn vị có năng lực lập" in text
    assert demo_city["tiepnhan.hcc"].full_name in text  # the guiding officer signs it

    assert Dossier.objects.count() == 0 and DossierEvent.objects.count() == 0  # nothing received
    slip = IntakeSlip.objects.get()
    assert (slip.kind, slip.applicant_name, slip.officer.username) == ("supplement", "Đỗ Minh Khoa", "tiepnhan.hcc")


def test_refusal_during_processing_prints_the_units_notice(demo_city, open_as, output_dir):
    users = demo_city
    d = services.receive_dossier(
        actor=users["tiepnhan.hcc"], procedure_code=BUILDING_PERMIT, unit_code="CP-HCC", channel="counter",
        applicant={"name": "Phan Thị Lan"},
    ).dossier
    d = services.transition(d.code, "transfer", actor=users["tiepnhan.hcc"], expected_version=d.version)
    code = d.code

    head = open_as("truongphong.qldt")
    open_dossier(head, code)

    def reasons(box):
        box.get_by_label("Lý do từ chối").fill("Thửa đất nằm trong hành lang an toàn đường bộ\nVượt mật độ xây dựng cho phép")

    act(head, "refuse", "Từ chối", reasons)

    desk = open_as("tiepnhan.hcc")
    desk.goto(f"{desk.url}ho-so/{code}/")
    expect(desk.locator("[data-status]")).to_have_text("Từ chối")
    buttons = desk.locator(".print-actions")
    notice = buttons.get_by_role("link", name="In Thông báo không giải quyết hồ sơ của đơn vị giải quyết")
    expect(notice).to_be_visible()
    expect(buttons).not_to_contain_text("Mẫu 03")  # not worded as a refusal at the counter
    desk.screenshot(path=str(output_dir / "refusal_notice.png"), full_page=True)
    text = pdf_text(desk, notice.get_attribute("href"))
    assert "THÔNG BÁO Về việc không giải quyết hồ sơ thủ tục hành chính" in text
    assert "PHÒNG QUẢN LÝ ĐÔ THỊ" in text and f"mã hồ sơ {code}" in text
    assert "Thửa đất nằm trong hành lang an toàn đường bộ" in text and "Vượt mật độ xây dựng cho phép" in text
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN" not in text
    assert desk.request.get(f"{desk.url}in/03/").status == 404  # the Mẫu 03 URL does not apply
