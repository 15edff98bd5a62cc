"""Shared pieces of the browser journeys: the demo city, signing in through the real page, and the
small moves on the officers' pages (open a dossier, open an action box, act)."""
import re
from datetime import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import load_demo_city

PASSWORD = "MotCua@2018"
PDF = b"%PDF-1.7\n%test\n"


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def demo_city(settings, tmp_path):
    return load_demo_city(settings, tmp_path)  # every unit of the demo processes has its demo accounts


@pytest.fixture
def open_as(browser, live_server):
    """A new browser context signed in through the sign-in page as `username`."""
    contexts = []

    def open_as(username):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        page.goto(live_server.url + "/can-bo/")
        expect(page).to_have_url(re.compile(r"/dang-nhap/\?next=/can-bo/"))
        sign_in(page, username)
        expect(page).to_have_url(re.compile(r"/can-bo/$"))
        return page

    yield open_as
    for context in contexts:
        context.close()


def open_dossier(page, code):
    """From the worklist (the tab it is on) to the dossier page."""
    page.get_by_role("link", name=code).first.click()
    expect(page.locator(".dossier-code")).to_have_text(code)


def open_action(page, action):
    box = page.locator(f"#action-{action}")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    return box


def act(page, action, label, fill=None):
    box = open_action(page, action)
    if fill:
        fill(box)
    box.get_by_role("button", name=label).click()
    expect(page.locator(".alert-success")).to_contain_text(f"Đã thực hiện: {label}")


def result(number, files=None):
    """What the desk fills in the "Nhận kết quả tại một cửa" box: the result's number (its date defaults to
    today) and, optionally, its files."""
    def fill(box):
        box.get_by_label("Số kết quả (số giấy phép, giấy chứng nhận, văn bản)").fill(number)
        if files:
            box.get_by_label("Tệp kết quả (bản quét hoặc PDF ký số)").set_input_files(files=files)
    return fill


def fill_building_permit_fields(page):
    """The building permit's own application fields (decision 0045), its required ones."""
    for label, value in (("Địa chỉ công trình", "Tổ 5, khu 3, phường Cẩm Trung"), ("Thửa đất xây dựng — số tờ bản đồ", "12"),
                         ("Thửa đất xây dựng — số thửa", "345"), ("Diện tích xây dựng (m²)", "85,5"), ("Số tầng", "3")):
        page.get_by_label(label).fill(value)


def to_worklist(page, tab=None):
    page.get_by_role("navigation", name="Công việc của cán bộ").get_by_role("link", name="Hồ sơ của đơn vị").click()
    if tab:
        page.locator(f"[data-tab={tab}]").click()
        expect(page.locator(f"[data-tab={tab}]")).to_have_attribute("aria-current", "page")


def sign_in(page, username):
    """Fill the sign-in page the browser is on."""
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def live_server_url(page):
    return re.match(r"https?://[^/]+", page.url).group(0)


def open_intake_of(desk, query, procedure_name):
    """At the counter: "Tiếp nhận hồ sơ", search the procedure and open its intake form. Typing and the
    "Tìm" button each swap the list (live search): click in the list only once both have landed, or a late
    swap can replace the link under the click (it failed once so in CI)."""
    desk.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    desk.get_by_label("Tìm thủ tục").fill(query)
    desk.get_by_role("button", name="Tìm").click()
    expect(desk).to_have_url(re.compile(r"q=" + r"(\+|%20)".join(map(re.escape, query.split()))))
    desk.wait_for_load_state("networkidle")
    desk.locator("#procedure-results").get_by_role("link", name=procedure_name, exact=True).click()


@pytest.fixture
def sms(settings):
    """SMS go to the fake gateway, whose `sent` list the test reads (the live server runs in this process)."""
    from motcua.notify.sms import FakeSmsBackend

    settings.MOTCUA_SMS_BACKEND = "motcua.notify.sms.FakeSmsBackend"
    FakeSmsBackend.reset()
    yield FakeSmsBackend
    FakeSmsBackend.reset()


@pytest.fixture
def sandbox(settings):
    """Online payment through the sandbox gateway, as `make run` has it (decision 0042)."""
    settings.MOTCUA_PAYMENT_SANDBOX = True
    settings.MOTCUA_PAYMENT_GATEWAY, settings.MOTCUA_PAYMENT_MERCHANT = "vnpay", "MOTCUA01"
    settings.MOTCUA_PAYMENT_SECRET, settings.MOTCUA_PAYMENT_SEND_IPN_URL = "browser-sandbox-secret", True
    settings.MOTCUA_PAYMENT_URL = settings.MOTCUA_PAYMENT_API_URL = ""


def code_in(text: str) -> str:
    """The 6-digit code of a verification e-mail or SMS."""
    return re.search(r"\b(\d{6})\b", text).group(1)
