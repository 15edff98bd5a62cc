"""A citizen registers through the pages: the sign-in page's link, the registration form (a too-short password
refused first), the code read from the e-mail sent (Django's locmem outbox), and lands signed in on their
dossiers. Screenshot: test-output/browser/citizen_registration.png."""
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from motcua.accounts.models import User

from .axe import blocking_violations, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Ho-so-cong-dan-2026!"


def test_register_verify_and_land_signed_in(browser, live_server, output_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")  # a phone
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_role("link", name="Đăng ký tài khoản công dân").click()
    expect(page.get_by_role("heading", name="Đăng ký tài khoản công dân")).to_be_visible()
    found = blocking_violations(page)
    assert not found, report("registration", page.url, found)
    page.get_by_label("Họ và tên").fill("Lê Thị Hoa")
    page.get_by_label("Thư điện tử").fill("hoa.le@example.vn")
    page.get_by_label("Số định danh cá nhân (CCCD, 12 chữ số)").fill("001190000456")
    page.get_by_label("Mật khẩu", exact=True).fill("123")
    page.get_by_label("Nhập lại mật khẩu").fill("123")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.locator("p.error").first).to_be_visible()
    assert not User.objects.exists()

    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("heading", name="Xác minh đăng ký")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text("ho***@example.vn")
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    found = blocking_violations(page)
    assert not found, report("verification", page.url, found)
    page.get_by_label("Mã xác minh gửi đến thư điện tử").fill(code)
    page.screenshot(path=str(output_dir / "citizen_registration.png"), full_page=True)
    page.get_by_role("button", name="Xác minh").click()
    expect(page).to_have_url(re.compile(r"/ca-nhan/$"))
    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    expect(page.locator(".alert-success")).to_contain_text("Đã xác minh tài khoản")
    user = User.objects.get()
    assert user.is_active and user.email_verified
    context.close()
