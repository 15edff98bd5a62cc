"""Feedback in the browser (issue 13, item 3): a citizen without an account files feedback on the portal
(a script in its text is refused first, in Vietnamese, nothing stored), the ward desk's officer answers and
publishes it, the public reads it on the portal, and the filer rates the handling. Screenshots:
test-output/browser/feedback_form.png, feedback_officer.png, feedback_public.png."""
import pytest
from playwright.sync_api import expect

from motcua.feedback.models import Feedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = "<script>alert('xss')</script>"


@pytest.fixture
def ward_city(settings):
    """Units, calendar and accounts of the demo city (no catalog: feedback does not need it)."""
    from motcua.demo.services import load_demo_accounts, load_demo_units
    from motcua.workdays.services import seed_calendar

    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo_units()
    seed_calendar()
    load_demo_accounts()


def test_file_answer_publish_and_rate(ward_city, open_as, browser, live_server, output_dir):
    dialogs = []
    citizen = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = citizen.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Phản ánh, kiến nghị").click()
    page.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    page.get_by_label("Đơn vị được phản ánh, kiến nghị").select_option(value="CP-CTR-MC")
    page.get_by_label("Tiêu đề").fill("Bảng niêm yết lệ phí bị che khuất")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill(f"Bảng niêm yết bị tủ hồ sơ che mất. {SCRIPT}")
    page.get_by_label("Họ và tên").fill("Hoàng Thị Mai")
    page.get_by_label("Số điện thoại").fill("0915 246 810")
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    # A script in the text: a clear Vietnamese error at the field, what was typed kept, nothing stored.
    expect(page.locator("main")).to_contain_text("không được chứa mã HTML hay mã script")
    expect(page.get_by_label("Họ và tên")).to_have_value("Hoàng Thị Mai")
    assert not Feedback.objects.exists()
    page.screenshot(path=str(output_dir / "feedback_form.png"), full_page=True)
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill("Bảng niêm yết bị tủ hồ sơ che mất.")
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi phản ánh, kiến nghị.")
    code = page.locator("#tracking-code").inner_text()
    assert code == Feedback.objects.get().code
    expect(page.locator("#feedback-status")).to_have_text("Đang xử lý")
    expect(page.locator(".feedback-text").first).to_contain_text("Bảng niêm yết bị tủ hồ sơ che mất.")

    desk = open_as("tiepnhan.camtrung")
    desk.get_by_role("navigation", name="Công việc của cán bộ").get_by_role("link", name="Phản ánh, kiến nghị").click()
    expect(desk.locator("#feedback-table")).to_contain_text("Bảng niêm yết lệ phí bị che khuất")
    desk.get_by_role("link", name=code).click()
    desk.get_by_label("Nội dung trả lời").fill("Bộ phận một cửa đã chuyển tủ hồ sơ, bảng niêm yết đã thông thoáng.")
    expect(desk.get_by_label("Công khai câu hỏi và trả lời trên cổng thông tin")).to_be_checked()
    desk.get_by_role("button", name="Gửi trả lời").click()
    expect(desk.locator(".alert-success")).to_contain_text("Đã trả lời phản ánh, kiến nghị.")
    desk.screenshot(path=str(output_dir / "feedback_officer.png"), full_page=True)

    public = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    public.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    public.goto(live_server.url + "/phan-anh/")
    public.get_by_role("link", name="Bảng niêm yết lệ phí bị che khuất").click()
    expect(public.locator("#feedback-answer")).to_contain_text("bảng niêm yết đã thông thoáng")
    expect(public.locator("main")).to_contain_text("Bảng niêm yết bị tủ hồ sơ che mất.")
    expect(public.locator("main")).not_to_contain_text("0915 246 810")
    public.screenshot(path=str(output_dir / "feedback_public.png"), full_page=True)

    page.reload()
    expect(page.locator("#feedback-answer")).to_contain_text("bảng niêm yết đã thông thoáng")
    page.get_by_label("Hài lòng", exact=True).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator("#feedback-rating")).to_contain_text("Hài lòng")
    assert dialogs == []  # the script never ran
    assert Feedback.objects.get().satisfaction == "satisfied"


def test_feedback_pages_have_a_clean_console(ward_city, browser, live_server):
    from .test_console_clean import watch

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    problems = watch(page)
    try:
        for path in ("/phan-anh/", "/phan-anh/gui/", "/phan-anh/theo-doi/"):
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert problems == []
