"""The result of an online household-business registration, in the browser (issue 8, items 1, 2 and 7): the
desk is not offered a result before the department and its head have decided; the result then waits under
"Chờ trả kết quả"; the desk takes it in with its number and signed PDF and returns it online; the citizen
downloads it and the receipt in /ca-nhan/. Screenshots: test-output/browser/result_*.png."""
import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from .journeys import act, live_server_url, open_dossier, result, sign_in, to_worklist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOUSEHOLD_BUSINESS = "1.001612.000.00.00.H49"  # CP-HCC → CP-TCKH specialist → CP-TCKH head → CP-HCC
RESULT_PDF = b"%PDF-1.7\n%giay chung nhan dang ky ho kinh doanh, ky so\n"


def test_result_of_a_household_business_returned_online(demo_city, browser, live_server, open_as, output_dir):
    d = services.receive_dossier(
        actor=demo_city["congdan.demo"], procedure_code=HOUSEHOLD_BUSINESS, unit_code="CP-HCC", channel="online",
        applicant={"name": "Trần Thị Bình", "phone": "0912345678"},
    ).dossier

    desk = open_as("tiepnhan.hcc")
    to_worklist(desk, "cho-tiep-nhan")
    desk.locator("#worklist").get_by_role("link", name="(chưa có mã)").first.click()
    # Receiving is a checklist against the scans (issue 8 item 8); this submission came without scans, so
    # the officer ticks what the applicant brought.
    act(desk, "receive", "Tiếp nhận hồ sơ", fill=lambda box: [c.check() for c in box.get_by_role("checkbox").all()])
    d.refresh_from_db()
    code = d.code
    expect(desk.locator(".dossier-code")).to_have_text(code)
    # Received, not decided: the desk cannot issue a result in the department's place.
    expect(desk.locator("#action-resolve")).to_have_count(0)
    act(desk, "transfer", "Chuyển xử lý")  # by the process: to Phòng Tài chính - Kế hoạch

    specialist = open_as("chuyenvien.tckh")
    open_dossier(specialist, code)
    expect(specialist.locator("#action-resolve")).to_have_count(0)
    act(specialist, "transfer", "Chuyển xử lý", lambda box: box.get_by_label("Ghi chú").fill("Đủ điều kiện đăng ký"))
    head = open_as("truongphong.tckh")
    open_dossier(head, code)
    act(head, "approve", "Phê duyệt")

    # The result is back at the desk: under "Chờ trả kết quả", no longer "Đang xử lý".
    to_worklist(desk, "cho-tra-ket-qua")
    row = desk.locator("#worklist tr", has_text=code)
    expect(row).to_contain_text("Kết quả đã về bộ phận một cửa")
    desk.screenshot(path=str(output_dir / "result_waiting_at_desk.png"), full_page=True)
    open_dossier(desk, code)
    expect(desk.locator("[data-status]")).to_have_text("Kết quả đã về bộ phận một cửa")
    act(desk, "resolve", "Nhận kết quả tại một cửa", result(
        "27.B8.000123", [{"name": "gcn-ho-kinh-doanh.pdf", "mimeType": "application/pdf", "buffer": RESULT_PDF}]))
    expect(desk.locator("[data-status]")).to_have_text("Đã có kết quả")
    expect(desk.locator("[data-field=result-number]")).to_have_text("27.B8.000123")
    expect(desk.locator("#result").get_by_role("link", name="gcn-ho-kinh-doanh.pdf")).to_be_visible()
    act(desk, "return_result", "Trả kết quả", lambda box: box.get_by_label("Hình thức trả").select_option("online"))
    expect(desk.locator("[data-status]")).to_have_text("Đã trả kết quả")
    steps = desk.locator(".steps-table")
    expect(steps.locator("[data-step-done]")).to_have_count(4)
    expect(steps).not_to_contain_text("đang thực hiện")
    desk.screenshot(path=str(output_dir / "result_returned_online.png"), full_page=True)
    assert list(Dossier.objects.get(code=code).events.values_list("action", flat=True)) == [
        "submit", "receive", "transfer", "transfer", "approve", "resolve", "return_result",
    ]

    citizen = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", accept_downloads=True).new_page()
    citizen.goto(f"{live_server.url}/ca-nhan/")
    expect(citizen).to_have_url(re.compile(r"/dang-nhap/\?next="))
    sign_in(citizen, "congdan.demo")
    citizen.locator("#my-dossiers").get_by_role("link", name=code).click()
    expect(citizen.locator("[data-field=status]")).to_have_text("Đã trả kết quả")
    expect(citizen.locator("[data-field=result]")).to_contain_text("27.B8.000123")
    with citizen.expect_download() as caught:
        citizen.locator("[data-download=result]").click()
    download = caught.value
    assert download.suggested_filename == "gcn-ho-kinh-doanh.pdf"
    with open(download.path(), "rb") as f:
        assert f.read() == RESULT_PDF
    receipt = citizen.request.get(live_server_url(citizen) + citizen.locator("[data-download=receipt]").get_attribute("href"))
    assert receipt.status == 200 and receipt.headers["content-type"] == "application/pdf" and receipt.body()[:5] == b"%PDF-"
    citizen.screenshot(path=str(output_dir / "result_citizen_download.png"), full_page=True)
    citizen.context.close()
