"""Issue 13 "Done when", in the browser: a citizen takes a ticket at the kiosk, sees it called on the hall
display, the dossier is received from that ticket at that counter, processed and returned, the applicant
rates it on the counter tablet (no sign-in: the officer who returned it opens the page), and the leader
finds the figures on the statistics desk. The processing between intake and the result at the desk is done
through the services (its own journeys are in test_dossier_journeys*.py). Screenshots:
test-output/browser/evaluation_tablet.png, evaluation_done.png, evaluation_dashboard.png."""
import re

import pytest
from playwright.sync_api import expect

from motcua.demo.services import load_demo_queue
from motcua.dossiers import services
from motcua.evaluation.models import Channel, Evaluation
from motcua.frontdesk.models import Ticket
from motcua.units.models import Counter

from .journeys import PDF, act, fill_building_permit_fields, open_dossier, result, to_worklist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERMIT_NAME = "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"
TABLET_ANSWERS = {
    "i1": "Trước hạn (2 điểm)", "i2": "Trước hạn (2 điểm)", "i3": "Không lần nào (2 điểm)",
    "i4": "Không phải liên hệ (2 điểm)", "i6": "Đầy đủ cả hai hình thức (2 điểm)", "i7": "Đúng hẹn, không phiền hà (1 điểm)",
}


def test_ticket_to_counter_to_tablet_rating_to_the_leaders_figures(demo_city, open_as, browser, live_server, output_dir):
    load_demo_queue()
    public = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    kiosk = public.new_page()
    kiosk.goto(live_server.url + "/kiosk/CP-HCC/")
    kiosk.get_by_role("button", name=re.compile("Đất đai, xây dựng")).click()
    expect(kiosk.locator("#ticket-number")).to_have_text("A001")
    display = public.new_page()
    display.goto(live_server.url + "/man-hinh/CP-HCC/")

    desk = open_as("tiepnhan.hcc")
    desk.get_by_role("link", name="Gọi số tại quầy").click()
    desk.get_by_label("Quầy của bạn").select_option(value=str(Counter.objects.get(unit__code="CP-HCC", number=3).pk))
    desk.get_by_role("button", name="Chọn").click()
    desk.get_by_role("button", name="Gọi số tiếp theo").click()
    expect(display.locator("#latest-number")).to_have_text("A001", timeout=10_000)
    expect(display.locator("#latest-counter")).to_have_text("đến quầy 3")

    desk.get_by_role("link", name="Tiếp nhận hồ sơ cho số A001").click()
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
    desk.get_by_label("Điện thoại", exact=True).fill("0987654321")
    fill_building_permit_fields(desk)
    desk.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(desk.locator(".alert-success")).to_contain_text("Đã tiếp nhận hồ sơ CP-HCC-")
    ticket = Ticket.objects.select_related("dossier", "counter").get()
    d = ticket.dossier
    assert d is not None and ticket.counter.number == 3

    # The internal process (desk → department → its head → the city's leader → back at the desk).
    for user, action in [("tiepnhan.hcc", "transfer"), ("chuyenvien.qldt", "transfer"), ("truongphong.qldt", "approve"),
                         ("lanhdao.cp", "approve")]:
        d.refresh_from_db()
        d = services.transition(d, action, actor=demo_city[user], expected_version=d.version)
    to_worklist(desk, "cho-tra-ket-qua")
    open_dossier(desk, d.code)
    act(desk, "resolve", "Nhận kết quả tại một cửa", result("125/GPXD"))
    act(desk, "return_result", "Trả kết quả")
    expect(desk.locator("[data-status]")).to_have_text("Đã trả kết quả")

    # The officer who returned it opens the tablet page; the tablet itself is not signed in.
    desk.get_by_role("button", name="Mời người nộp đánh giá trên máy tính bảng").click()
    expect(desk).to_have_url(re.compile(r"/danh-gia/may-tinh-bang/"))
    tablet = public.new_page()
    tablet.goto(desk.url)
    expect(tablet.locator("[data-field=code]")).to_have_text(d.code)
    for name, answer in TABLET_ANSWERS.items():
        tablet.locator(f"#field-{name}").get_by_label(answer).check()
    tablet.locator("#field-level").get_by_label("Rất hài lòng").check()
    tablet.screenshot(path=str(output_dir / "evaluation_tablet.png"), full_page=True)
    tablet.get_by_role("button", name="Gửi đánh giá").click()
    expect(tablet.locator("#evaluation-done")).to_contain_text("11/12 điểm")
    expect(tablet.locator("[data-field=level]")).to_have_text("Xuất sắc")
    tablet.screenshot(path=str(output_dir / "evaluation_done.png"), full_page=True)
    assert Evaluation.objects.get(dossier=d).channel == Channel.TABLET

    leader = open_as("lanhdao.cp")
    leader.goto(live_server.url + "/can-bo/thong-ke/")
    results = leader.locator("#evaluation-results")
    expect(results.locator("[data-field=evaluations]")).to_have_text("1")
    expect(results.locator("[data-field=unit-level]")).to_have_text("Xuất sắc")
    expect(results.locator("#evaluation-indicators tr[data-indicator='7']")).to_contain_text("1")
    results.scroll_into_view_if_needed()
    leader.screenshot(path=str(output_dir / "evaluation_dashboard.png"), full_page=True)
    public.close()
