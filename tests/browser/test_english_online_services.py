"""Issue 15 for the pages issue 14 added: in English (the language switcher, as tests/browser/test_english_journey.py
does), the citizen's registration and its verification, the password reset by e-mail and by SMS code, the
profile and the dossiers linked by a verified identity number, the online form's own application fields
(decision 0045) with their errors, the payment of a fee (the dossier's pay button, the sandbox gateway, a
cancelled and a paid result, the receipt) and the signed result's public verification (a valid and an unknown
token, the upload check) show no Vietnamese UI string — data aside, as that journey counts it. Each page also
passes the accessibility check (axe-core, no serious or critical violation), in English.

The sandbox gateway (/cong-thanh-toan-thu/) is this site's own stand-in for the bank's page: it follows the
site's language like every other page, and is checked here too; the request asks the gateway for its English
page (vnp_Locale=en), as VNPAY's own page offers."""
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from playwright.sync_api import expect

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, Status
from motcua.esign.models import SignedResult
from motcua.payments.models import OrderStatus, PaymentOrder
from tests.esign.conftest import resolved

from .axe import blocking_violations, report
from .journeys import code_in
from .test_english_journey import assert_english, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUILDING_PERMIT = "1.009994.000.00.00.H49"  # 75.000 đồng per permit, its own application fields
PASSWORD = "Ho-so-cong-dan-2026!"
NEW_PASSWORD = "Mat-khau-moi-2026!"
SCAN = b"%PDF-1.7\n%scan\n"


class English:
    """A browser context switched to English through the language switcher; every page checked with `check`
    reads English (assert_english) and joins its accessibility findings, reported together by `done`."""

    def __init__(self, browser, live_server, **options):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", **options)
        self.page = self.context.new_page()
        self.base = live_server.url
        self.findings: list[str] = []
        self.page.goto(self.base + "/")
        self.page.locator("#lang-select").select_option("en")
        self.page.locator("form.lang-switch button[type=submit]").click()
        expect(self.page.locator("html")).to_have_attribute("lang", "en")

    def go(self, path, what, *, status=200):
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == status, f"{what}: {path} answered {response and response.status}"
        self.check(what)

    def check(self, what):
        assert_english(self.page, what)
        found = blocking_violations(self.page)
        if found:
            self.findings.append(report(what, self.page.url, found))

    def done(self):
        self.context.close()
        assert not self.findings, "Accessibility (axe-core, serious/critical):\n" + "\n".join(self.findings)


def test_registration_verification_and_profile(demo_city, browser, live_server, sms):
    en = English(browser, live_server)
    page = en.page
    en.go("/dang-ky/", "registration form")
    page.locator("#id_full_name").fill("Le Thi Hoa")
    page.locator("#id_email").fill("not-an-address")
    page.locator("#id_phone").fill("12345")
    page.locator("#id_identity_number").fill("0011900")
    page.locator("#id_password1").fill("123")
    page.locator("#id_password2").fill("1234")
    page.locator("form[action$='/dang-ky/'] button[type=submit]").click()
    expect(page.locator(".error").first).to_be_visible()
    en.check("registration form with errors")
    page.locator("#id_email").fill("hoa.le@example.vn")
    page.locator("#id_phone").fill("0912 333 444")  # verified by e-mail and by SMS
    page.locator("#id_identity_number").fill("001190000456")
    page.locator("#id_password1").fill("123")
    page.locator("#id_password2").fill("123")
    page.locator("form[action$='/dang-ky/'] button[type=submit]").click()  # too short a password
    expect(page.locator(".error").first).to_be_visible()
    en.check("registration form, a password refused")
    assert not User.objects.filter(email="hoa.le@example.vn").exists()
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("form[action$='/dang-ky/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/dang-ky/xac-minh/"))
    expect(page.locator("#id_sms")).to_be_visible()
    en.check("registration verification (e-mail and SMS codes)")
    page.locator("button[name=resend]").click()  # sent again, or refused as too soon: said in English either way
    expect(page.locator(".alert-error, .alert-success").first).to_be_visible()
    en.check("registration verification, asked to send the codes again")
    code, texted = code_in(mail.outbox[-1].body), code_in([t for n, t in sms.sent if n == "0912333444"][-1])
    page.locator("#id_sms").fill(texted)
    page.locator("#id_email").fill(f"{(int(code) + 1) % 10**6:06d}")  # a wrong code first
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".alert-error, .error").first).to_be_visible()
    en.check("registration verification, a wrong code")
    page.locator("#id_email").fill(code)
    page.locator("#id_sms").fill(texted)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/ca-nhan/$"))
    en.check("my dossiers after registering")
    assert User.objects.get(email="hoa.le@example.vn").is_active
    en.go("/ca-nhan/tai-khoan/", "profile")
    page.locator("#id_phone").fill("12")
    page.locator("#id_identity_number").fill("123")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".error").first).to_be_visible()
    en.check("profile with errors")
    en.done()


def test_password_reset_by_email_and_by_phone(demo_city, browser, live_server, sms):
    User.objects.create_user("hoa@example.vn", email="hoa@example.vn", password=PASSWORD, phone="0912111222",
                             phone_verified=True, email_verified=True, role="citizen", full_name="Le Thi Hoa")
    en = English(browser, live_server)
    page = en.page
    en.go("/dang-nhap/", "sign-in page (the reset links)")
    en.go("/quen-mat-khau/", "password reset by e-mail")
    page.locator("#id_email").fill("hoa@example.vn")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/quen-mat-khau/da-gui/"))
    en.check("password reset: e-mail sent")
    link = re.search(r"https?://[^/\s]+(/dat-lai-mat-khau/\S+/)", mail.outbox[-1].body).group(1)
    en.go(link, "password reset: new password form")
    page.locator("#id_new_password1").fill("123")
    page.locator("#id_new_password2").fill("123")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error, .errorlist").first).to_be_visible()
    en.check("password reset: a password refused")
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/dat-lai-mat-khau/xong/"))
    en.check("password reset: done")
    en.go("/dat-lai-mat-khau/MQ/sai-ma/", "password reset: an invalid link")

    en.go("/quen-mat-khau/so-dien-thoai/", "password reset by phone")
    page.locator("#id_phone").fill("12")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error").first).to_be_visible()
    en.check("password reset by phone: a wrong number")
    page.locator("#id_phone").fill("0912 111 222")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/quen-mat-khau/so-dien-thoai/xac-minh/"))
    en.check("password reset by phone: the code form")
    code = code_in([text for number, text in sms.sent if number == "0912111222"][-1])
    page.locator("#id_code").fill(f"{(int(code) + 1) % 10**6:06d}")
    page.locator("#id_password1").fill(PASSWORD + "x")
    page.locator("#id_password2").fill(PASSWORD + "x")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".alert-error, .error").first).to_be_visible()
    en.check("password reset by phone: a wrong code")
    page.locator("#id_code").fill(code)
    page.locator("#id_password1").fill(PASSWORD + "x")
    page.locator("#id_password2").fill(PASSWORD + "x")
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
    en.check("sign-in page after a reset by phone")
    assert User.objects.get(username="hoa@example.vn").check_password(PASSWORD + "x")
    en.done()


def test_the_online_form_fields_and_the_payment_of_a_fee(demo_city, sandbox, browser, live_server):
    en = English(browser, live_server)
    page = en.page
    page._motcua_user = "congdan.demo"
    page.goto(f"{live_server.url}/ca-nhan/nop/{BUILDING_PERMIT}/")
    sign_in(page)
    expect(page.locator("#online-form")).to_be_visible()
    en.check("online form with the procedure's own fields")
    for doc in Procedure.objects.get(code=BUILDING_PERMIT).current_version.documents.all():
        page.locator(f"#id_doc_{doc.pk}_file").set_input_files(
            files=[{"name": f"scan-{doc.pk}.pdf", "mimeType": "application/pdf", "buffer": SCAN}])
    page.locator("input[name=applicant_name]").fill("Tran Thi Binh")
    for key, value in (("dia_chi_cong_trinh", ""), ("thua_dat_sheet", "12a"), ("thua_dat_parcel", ""),
                       ("dien_tich_xay_dung", "0"), ("so_tang", "ba")):
        page.locator(f"[name='fd_{key}']").fill(value)
    page.locator("button[name=intent][value=submit]").click()
    expect(page.locator(".alert-error")).to_be_visible()
    en.check("online form: the fields' own errors")
    assert not Dossier.objects.exists()

    d = services.receive_dossier(
        actor=demo_city["congdan.demo"], procedure_code=BUILDING_PERMIT, unit_code="CP-HCC", channel="online",
        applicant={"name": "Trần Thị Bình", "id_number": "022190000123", "phone": "0912345678"},
    ).dossier
    services.transition(d, "request_payment", actor=demo_city["tiepnhan.hcc"], expected_version=d.version,
                        data={"amount": 75000})
    # A dossier taken in at the counter under the citizen's identity number, verified by the identity provider.
    linked = services.receive_dossier(
        actor=demo_city["tiepnhan.hcc"], procedure_code=BUILDING_PERMIT, unit_code="CP-HCC", channel="counter",
        applicant={"name": "Trần Thị Bình", "id_number": "022190000123", "phone": "0912345678"},
        form_data={"dia_chi_cong_trinh": "To 5, khu 3", "thua_dat": {"sheet": "12", "parcel": "345"},
                   "dien_tich_xay_dung": 85.5, "so_tang": 3},
    ).dossier
    User.objects.filter(username="congdan.demo").update(identity_number="022190000123", identity_verified=True)
    en.go("/ca-nhan/", "my dossiers: one awaiting a fee, one linked by the verified identity number")
    expect(page.locator("#linked-dossiers")).to_contain_text(linked.code)
    en.go(f"/ca-nhan/ho-so/{linked.pk}/", "a linked dossier (read only)")
    en.go(f"/ca-nhan/ho-so/{d.pk}/", "dossier awaiting a fee (the pay button)")
    page.locator("form[action*='/thanh-toan/ho-so/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/cong-thanh-toan-thu/thanh-toan/\?"))
    assert "vnp_Locale=en" in page.url  # a real gateway's page in English too
    en.check("sandbox gateway")
    page.locator("button[name=decision][value=cancel]").click()  # the payer cancels first
    expect(page).to_have_url(re.compile(r"/thanh-toan/ket-qua/\?"))
    en.check("payment result: cancelled")
    en.go(f"/ca-nhan/ho-so/{d.pk}/", "dossier awaiting a fee after a cancelled payment")
    page.locator("form[action*='/thanh-toan/ho-so/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/cong-thanh-toan-thu/thanh-toan/\?"))
    page.locator("button[name=decision][value=pay]").click()
    expect(page).to_have_url(re.compile(r"/thanh-toan/ket-qua/\?"))
    expect(page.locator("[data-field=payment-result]")).to_be_visible()
    en.check("payment result")
    page.locator(f"main a[href$='/ca-nhan/ho-so/{d.pk}/']").first.click()
    expect(page.locator("[data-download=payment-receipt]")).to_be_visible()
    en.check("dossier after payment")
    assert sorted(PaymentOrder.objects.filter(dossier=d).values_list("status", flat=True)) == [OrderStatus.CANCELLED, OrderStatus.PAID]
    assert Dossier.objects.get(pk=d.pk).status == Status.SUBMITTED
    page.locator("[data-download=payment-receipt]").click()
    expect(page).to_have_url(re.compile(r"/thanh-toan/bien-lai/"))
    en.check("payment receipt")
    en.go("/thanh-toan/ket-qua/?vnp_TxnRef=X&vnp_SecureHash=0", "payment result, a refused answer", status=400)
    en.go("/cong-thanh-toan-thu/thanh-toan/?vnp_TmnCode=X", "sandbox gateway, an unsigned request", status=400)
    en.done()

    d.refresh_from_db()
    d = services.transition(d, "receive", actor=demo_city["tiepnhan.hcc"], expected_version=d.version)
    desk = English(browser, live_server)
    desk.page._motcua_user = "tiepnhan.hcc"
    desk.page.goto(f"{live_server.url}/can-bo/ho-so/{d.code}/")
    sign_in(desk.page)
    expect(desk.page.locator(".dossier-code")).to_have_text(d.code)
    desk.check("officers' dossier page of a dossier paid online")
    for summary in desk.page.locator("details.action > summary").all():
        summary.click()
    desk.check("officers' dossier page of a dossier paid online, its action boxes open")
    desk.done()


def test_a_signed_result_verified_in_english(demo_city, signing_on, result_pdf, browser, live_server, tmp_path):
    with ThreadPoolExecutor(1) as other:  # pyHanko runs its own event loop; Playwright's holds this thread
        d = other.submit(resolved, demo_city, result_pdf).result()
    row = SignedResult.objects.get(dossier=d)
    signed = tmp_path / "signed.pdf"
    with row.file.open("rb") as f:
        signed.write_bytes(f.read())
    not_pdf = tmp_path / "note.pdf"
    not_pdf.write_bytes(b"not a pdf")
    en = English(browser, live_server)
    page = en.page
    en.go(f"/xac-thuc-ket-qua/{row.token}/", "signed result's verification page")
    expect(page.locator("[data-field=code]")).to_have_text(d.code)
    en.go("/xac-thuc-ket-qua/khong-co-ma-nay/", "unknown verification token", status=404)
    en.go("/xac-thuc-ket-qua/", "upload check")
    page.locator("#id_file").set_input_files(str(not_pdf))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error, .alert-error").first).to_be_visible()
    en.check("upload check: not a PDF")
    page.locator("#id_file").set_input_files(str(signed))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-verdict]")).to_have_attribute("data-verdict", "issued")
    en.check("upload check: the signed result")
    original = signed.read_bytes()
    assert b"WeasyPrint" in original
    signed.write_bytes(original.replace(b"WeasyPrint", b"WeasyPrinT", 1))  # one byte changed after signing
    page.locator("#id_file").set_input_files(str(signed))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-verdict]")).to_have_attribute("data-verdict", "invalid")
    en.check("upload check: the signed result changed")
    signed.write_bytes(result_pdf)  # an unsigned PDF
    page.locator("#id_file").set_input_files(str(signed))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-verdict]")).to_be_visible()
    en.check("upload check: a PDF we did not sign")
    en.done()

    for username, path in (("congdan.demo", f"/ca-nhan/ho-so/{d.pk}/"), ("tiepnhan.camtrung", f"/can-bo/ho-so/{d.code}/")):
        en = English(browser, live_server)
        en.page._motcua_user = username
        en.page.goto(live_server.url + path)
        sign_in(en.page)
        expect(en.page.locator("body")).to_contain_text(d.code)
        en.check(f"dossier page with its signed result ({username})")
        for summary in en.page.locator("details.action > summary").all():
            summary.click()
        en.check(f"dossier page with its signed result, its action boxes open ({username})")
        en.done()


def test_the_counter_form_fields_and_their_values(demo_city, browser, live_server):
    """The counter's intake form with the procedure's own fields refused (intake.py's messages), and the
    values declared as the officers' dossier page shows them (a parcel in words, a decimal point)."""
    en = English(browser, live_server)
    page = en.page
    page._motcua_user = "tiepnhan.hcc"
    page.goto(f"{live_server.url}/can-bo/tiep-nhan/{BUILDING_PERMIT}/")
    sign_in(page)
    expect(page.locator("button[name=intent][value=receive]")).to_be_visible()
    en.check("counter intake form with the procedure's own fields")
    page.locator("input[name=applicant_name]").fill("Do Minh Khoa")
    for key, value in (("dia_chi_cong_trinh", ""), ("thua_dat_sheet", "12a"), ("thua_dat_parcel", ""),
                       ("dien_tich_xay_dung", "-3"), ("so_tang", "2.5")):
        page.locator(f"[name='fd_{key}']").fill(value)
    page.locator("button[name=intent][value=receive]").click()
    expect(page.locator(".error, .errorlist").first).to_be_visible()
    en.check("counter intake form: the fields' own errors")
    assert not Dossier.objects.exists()

    d = services.receive_dossier(
        actor=demo_city["tiepnhan.hcc"], procedure_code=BUILDING_PERMIT, unit_code="CP-HCC", channel="counter",
        applicant={"name": "Do Minh Khoa", "phone": "0912345678"}, checklist=None,
        form_data={"dia_chi_cong_trinh": "To 5, khu 3, phuong Cam Trung", "thua_dat": {"sheet": "12", "parcel": "345"},
                   "dien_tich_xay_dung": 1250.5, "so_tang": 3},
    ).dossier
    en.go(f"/can-bo/ho-so/{d.code}/", "officers' dossier page with the declared values")
    expect(page.locator("body")).to_contain_text("Map sheet no. 12, parcel no. 345")
    expect(page.locator("body")).to_contain_text("1250.5")  # a decimal point in English
    en.done()
