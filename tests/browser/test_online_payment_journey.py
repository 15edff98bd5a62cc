"""A citizen pays a dossier's fee online: the button on their dossier page, the sandbox gateway's page,
“Thanh toán”; the sandbox notifies the site server to server, the browser comes back to the result, and
the dossier has moved on. Screenshot: test-output/browser/online_payment.png."""
import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, Status

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUILDING_PERMIT = "1.009994.000.00.00.H49"  # 75.000 đồng per permit


def test_a_citizen_pays_in_the_sandbox_and_the_dossier_moves_on(demo_city, browser, live_server, settings, output_dir):
    settings.MOTCUA_PAYMENT_SANDBOX = True
    settings.MOTCUA_PAYMENT_GATEWAY, settings.MOTCUA_PAYMENT_MERCHANT = "vnpay", "MOTCUA01"
    settings.MOTCUA_PAYMENT_SECRET, settings.MOTCUA_PAYMENT_SEND_IPN_URL = "browser-sandbox-secret", True
    settings.MOTCUA_PAYMENT_URL = settings.MOTCUA_PAYMENT_API_URL = ""
    d = services.receive_dossier(
        actor=demo_city["congdan.demo"], procedure_code=BUILDING_PERMIT, unit_code="CP-HCC", channel="online",
        applicant={"name": "Trần Thị Bình", "id_number": "022190000123", "phone": "0912345678"},
    ).dossier
    services.transition(d, "request_payment", actor=demo_city["tiepnhan.hcc"], expected_version=d.version,
                        data={"amount": 75000})

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/ca-nhan/ho-so/{d.pk}/")
    sign_in(page, "congdan.demo")
    expect(page.locator("[data-field=status]")).to_have_text("Chờ nộp phí, lệ phí")
    page.get_by_role("button", name="Thanh toán trực tuyến").click()

    expect(page).to_have_url(re.compile(r"/cong-thanh-toan-thu/thanh-toan/\?"))
    expect(page.locator("[data-field=amount]")).to_have_text("75.000 đ")
    page.get_by_role("button", name="Thanh toán", exact=True).click()

    expect(page).to_have_url(re.compile(r"/thanh-toan/ket-qua/\?"))
    expect(page.locator("[data-field=payment-result]")).to_contain_text("Thanh toán thành công")
    page.get_by_role("link", name="Về trang hồ sơ").click()
    expect(page.locator("[data-field=status]")).to_have_text("Chờ tiếp nhận")
    expect(page.locator("#timeline")).to_contain_text("Ghi nhận đã nộp phí, lệ phí")
    page.screenshot(path=str(output_dir / "online_payment.png"), full_page=True)
    page.locator("[data-download=payment-receipt]").click()
    expect(page.get_by_role("heading", name="Biên lai điện tử thu phí, lệ phí")).to_be_visible()
    assert Dossier.objects.get(pk=d.pk).status == Status.SUBMITTED
    context.close()
