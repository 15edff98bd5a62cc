"""The queue in the browser (issue 13, item 1): a citizen takes a ticket at the kiosk (80 mm slip with a
QR code), the officer calls it from the counter panel, the hall display shows it without a reload, and
the dossier received from it is linked to the ticket. Screenshots: test-output/browser/queue_kiosk.png,
queue_slip.png, queue_display.png, queue_counter.png."""
import re

import pytest
from playwright.sync_api import expect

from motcua.demo.services import load_demo_queue
from motcua.frontdesk.models import Ticket
from motcua.units.models import Counter

from .journeys import PDF, fill_building_permit_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERMIT_NAME = "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"


def test_ticket_from_kiosk_to_display_to_dossier(demo_city, open_as, browser, live_server, output_dir):
    load_demo_queue()
    public = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    kiosk = public.new_page()
    kiosk.goto(live_server.url + "/kiosk/CP-HCC/")
    kiosk.screenshot(path=str(output_dir / "queue_kiosk.png"), full_page=True)
    kiosk.get_by_role("button", name=re.compile("Đất đai, xây dựng")).click()
    expect(kiosk.locator("#ticket-number")).to_have_text("A001")
    expect(kiosk.locator(".slip-qr svg")).to_be_visible()
    kiosk.screenshot(path=str(output_dir / "queue_slip.png"), full_page=True)

    display = public.new_page()
    display.goto(live_server.url + "/man-hinh/CP-HCC/")
    expect(display.locator("#latest-number")).to_have_text("—")

    desk = open_as("tiepnhan.hcc")
    desk.get_by_role("link", name="Gọi số tại quầy").click()
    desk.get_by_label("Quầy của bạn").select_option(value=str(Counter.objects.get(unit__code="CP-HCC", number=3).pk))
    desk.get_by_role("button", name="Chọn").click()
    desk.get_by_role("button", name="Gọi số tiếp theo").click()
    expect(desk.locator(".alert-success")).to_contain_text("Đã gọi số A001 đến quầy 3.")
    desk.screenshot(path=str(output_dir / "queue_counter.png"), full_page=True)

    # The display polls its feed: the number arrives without a reload.
    expect(display.locator("#latest-number")).to_have_text("A001", timeout=10_000)
    expect(display.locator("#latest-counter")).to_have_text("đến quầy 3")
    display.screenshot(path=str(output_dir / "queue_display.png"), full_page=True)

    desk.get_by_role("link", name="Tiếp nhận hồ sơ cho số A001").click()
    expect(desk.locator(".alert").first).to_contain_text("A001")
    desk.get_by_label("Tìm thủ tục").fill("giay phep xay dung")
    desk.get_by_role("button", name="Tìm").click()
    desk.locator("#procedure-results").get_by_role("link", name=PERMIT_NAME, exact=True).click()
    for name in ("Đơn đề nghị cấp giấy phép xây dựng (theo mẫu)", "Giấy tờ chứng minh quyền sử dụng đất",
                 "Bản vẽ thiết kế xây dựng (02 bộ)"):
        desk.get_by_label(name, exact=True).check()
    desk.get_by_label("Bản quét: Bản vẽ thiết kế xây dựng (02 bộ)").set_input_files(
        files=[{"name": "ban-ve.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    desk.get_by_label("Họ và tên người nộp / tổ chức").fill("Lê Văn Cường")
    fill_building_permit_fields(desk)
    desk.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(desk.locator(".alert-success")).to_contain_text("Đã tiếp nhận hồ sơ CP-HCC-")
    ticket = Ticket.objects.select_related("dossier").get()
    assert ticket.dossier is not None and ticket.dossier.code.startswith("CP-HCC-")
    public.close()
