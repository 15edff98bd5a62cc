"""Issue 14's whole path in the browser, on one machine: a citizen registers (the code read from the e-mail
sent), submits a building permit online with the procedure's own fields pre-filled from the profile, pays the
fee in the sandbox gateway (the dossier moves on only when the gateway's server call confirms it), the center
and the city process it, the desk takes in the result PDF — signed PAdES with the demo certificate — and returns
it online; the citizen downloads the signed result, `pdfsig` (poppler, a verifier apart from the signer) says
its signature is valid, and the QR's verification page says "Hợp lệ".
Every new page on the way (profile, payment panel, sandbox gateway, payment result, receipt, verification
pages) passes the accessibility check of issue 15. Screenshots: test-output/browser/online_service_*.png."""
import re
import shutil
import subprocess

import pytest
from django.core import mail
from playwright.sync_api import expect

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier, Status
from motcua.esign.models import SignedResult
from motcua.payments.models import OrderStatus, PaymentOrder

from .axe import blocking_violations, report
from .journeys import act, open_dossier, result, to_worklist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUILDING_PERMIT = "1.009994.000.00.00.H49"  # 75.000 đồng per permit; CP-HCC → Phòng QLĐT → UBND thành phố
PASSWORD = "Ho-so-cong-dan-2026!"
SCAN = b"%PDF-1.7\n%ban quet\n"


@pytest.fixture
def online_services(settings, tmp_path):
    """The sandbox gateway and a demo signing certificate, as `make run` has them."""
    from motcua.esign.signing import make_demo_certificate

    settings.MOTCUA_PAYMENT_SANDBOX = True
    settings.MOTCUA_PAYMENT_GATEWAY, settings.MOTCUA_PAYMENT_MERCHANT = "vnpay", "MOTCUA01"
    settings.MOTCUA_PAYMENT_SECRET, settings.MOTCUA_PAYMENT_SEND_IPN_URL = "journey-sandbox-secret", True
    settings.MOTCUA_PAYMENT_URL = settings.MOTCUA_PAYMENT_API_URL = ""
    where = tmp_path / "esign"
    settings.MOTCUA_ESIGN_DIR = where
    settings.MOTCUA_ESIGN_KEY, settings.MOTCUA_ESIGN_CERT, settings.MOTCUA_ESIGN_CHAIN = (
        str(where / name) for name in ("signer-key.pem", "signer-cert.pem", "ca-cert.pem")
    )
    assert make_demo_certificate(
        where / "signer-key.pem", where / "signer-cert.pem", where / "ca-cert.pem",
        unit_name="Trung tâm Hành chính công thành phố Cẩm Phả",
    )
    return where


def _result_pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string="<h1>GIẤY PHÉP XÂY DỰNG</h1><p>Số 15/GPXD</p><p>Nhà ở riêng lẻ, 3 tầng.</p>").write_pdf()


def test_register_submit_pay_process_and_download_a_signed_result(
    demo_city, online_services, browser, live_server, open_as, output_dir, tmp_path
):
    assert shutil.which("pdfsig"), "pdfsig (poppler-utils) is missing: run scripts/ensure-system-packages"
    documents = list(Procedure.objects.get(code=BUILDING_PERMIT).current_version.documents.all())
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True)
    citizen = context.new_page()
    findings: list[str] = []

    def axe(page, name):
        page.wait_for_load_state("networkidle")
        found = blocking_violations(page)
        if found:
            findings.append(report(name, page.url, found))

    # 1. Registration, verified by the code e-mailed.
    citizen.goto(f"{live_server.url}/dang-nhap/")
    citizen.get_by_role("link", name="Đăng ký tài khoản công dân").click()
    citizen.get_by_label("Họ và tên").fill("Phạm Văn Kiên")
    citizen.get_by_label("Thư điện tử").fill("kien.pham@example.vn")
    citizen.get_by_label("Số định danh cá nhân (CCCD, 12 chữ số)").fill("022088001234")
    citizen.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    citizen.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    citizen.get_by_role("button", name="Đăng ký").click()
    expect(citizen.get_by_role("heading", name="Xác minh đăng ký")).to_be_visible()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    citizen.get_by_label("Mã xác minh gửi đến thư điện tử").fill(code)
    citizen.get_by_role("button", name="Xác minh").click()
    expect(citizen).to_have_url(re.compile(r"/ca-nhan/$"))
    account = User.objects.get(email="kien.pham@example.vn")
    assert account.is_active
    citizen.goto(f"{live_server.url}/ca-nhan/tai-khoan/")
    axe(citizen, "profile")

    # 2. Online submission: the applicant comes from the profile; the permit's own fields are checked.
    citizen.goto(f"{live_server.url}/thu-tuc/{BUILDING_PERMIT}/")
    citizen.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(citizen.get_by_role("heading", name="Nộp hồ sơ trực tuyến")).to_be_visible()
    expect(citizen.get_by_label("Họ và tên người nộp / tổ chức")).to_have_value("Phạm Văn Kiên")
    for doc in documents:
        citizen.locator(f"#id_doc_{doc.pk}_file").set_input_files(
            files=[{"name": f"giay-to-{doc.pk}.pdf", "mimeType": "application/pdf", "buffer": SCAN}]
        )
    citizen.get_by_label("Địa chỉ công trình").fill("Số 12, tổ 3, khu 5, phường Cẩm Trung")
    citizen.get_by_label("Thửa đất xây dựng — số tờ bản đồ").fill("21")
    citizen.get_by_label("Thửa đất xây dựng — số thửa").fill("145")
    citizen.get_by_label("Diện tích xây dựng (m²)").fill("0")  # below the declared minimum: refused
    citizen.get_by_label("Số tầng").fill("3")
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    expect(citizen.locator(".alert-error")).to_contain_text("Vui lòng kiểm tra lại")
    assert not Dossier.objects.exists()
    citizen.get_by_label("Diện tích xây dựng (m²)").fill("85,5")
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    expect(citizen.locator(".alert-success")).to_contain_text("Đã nộp hồ sơ trực tuyến")
    d = Dossier.objects.get()
    assert d.applicant_id_number == "022088001234"
    assert d.form_data["dien_tich_xay_dung"] == "85.5" and d.form_data["thua_dat"] == {"sheet": "21", "parcel": "145"}
    dossier_url = citizen.url

    # 3. The desk checks it and asks for the published fee.
    desk = open_as("tiepnhan.hcc")
    to_worklist(desk, "cho-tiep-nhan")
    desk.locator("#worklist").get_by_role("link", name="(chưa có mã)").first.click()
    expect(desk.locator("body")).to_contain_text("Số 12, tổ 3, khu 5, phường Cẩm Trung")
    act(desk, "request_payment", "Yêu cầu nộp phí, lệ phí",
        lambda box: box.get_by_label("Số tiền phí, lệ phí (đồng)").fill("75000"))

    # 4. The citizen pays in the sandbox gateway; the server-to-server confirmation moves the dossier on.
    citizen.goto(dossier_url)
    expect(citizen.locator("[data-field=status]")).to_have_text("Chờ nộp phí, lệ phí")
    axe(citizen, "citizen dossier awaiting payment")
    citizen.get_by_role("button", name="Thanh toán trực tuyến").click()
    expect(citizen).to_have_url(re.compile(r"/cong-thanh-toan-thu/thanh-toan/\?"))
    expect(citizen.locator("[data-field=amount]")).to_have_text("75.000 đ")
    citizen.screenshot(path=str(output_dir / "online_service_gateway.png"), full_page=True)
    axe(citizen, "sandbox gateway")
    citizen.get_by_role("button", name="Thanh toán", exact=True).click()
    expect(citizen.locator("[data-field=payment-result]")).to_contain_text("Thanh toán thành công")
    axe(citizen, "payment result")
    citizen.get_by_role("link", name="Về trang hồ sơ").click()
    expect(citizen.locator("[data-field=status]")).to_have_text("Chờ tiếp nhận")
    order = PaymentOrder.objects.get(dossier=d)
    assert order.status == OrderStatus.PAID and order.amount == 75000
    citizen.locator("[data-download=payment-receipt]").click()
    expect(citizen.get_by_role("heading", name="Biên lai điện tử thu phí, lệ phí")).to_be_visible()
    expect(citizen.locator("body")).to_contain_text("75.000")
    axe(citizen, "payment receipt")

    # 5. Received, processed by the department and the city, the result taken in and returned online.
    desk.reload()
    act(desk, "receive", "Tiếp nhận hồ sơ")
    d.refresh_from_db()
    code = d.code
    expect(desk.locator(".dossier-code")).to_have_text(code)
    act(desk, "transfer", "Chuyển xử lý", lambda box: box.get_by_label("Chuyển đến đơn vị").select_option(label="Phòng Quản lý đô thị"))
    head = open_as("truongphong.qldt")
    open_dossier(head, code)
    act(head, "assign", "Giao chuyên viên xử lý",
        lambda box: box.get_by_label("Giao cho chuyên viên").select_option(label="Chuyên viên Phòng Quản lý đô thị"))
    specialist = open_as("chuyenvien.qldt")
    open_dossier(specialist, code)
    act(specialist, "transfer", "Chuyển xử lý", lambda box: box.get_by_label("Ghi chú").fill("Đủ điều kiện cấp phép"))
    head.reload()
    act(head, "approve", "Phê duyệt")
    leader = open_as("lanhdao.cp")
    open_dossier(leader, code)
    act(leader, "approve", "Phê duyệt", lambda box: box.get_by_label("Ghi chú").fill("Đồng ý cấp phép"))
    desk.goto(desk.url)
    act(desk, "resolve", "Nhận kết quả tại một cửa",
        result("15/GPXD", [{"name": "giay-phep-xay-dung.pdf", "mimeType": "application/pdf", "buffer": _result_pdf()}]))
    expect(desk.locator("[data-status]")).to_have_text("Đã có kết quả")
    act(desk, "return_result", "Trả kết quả", lambda box: box.get_by_label("Hình thức trả").select_option("online"))
    expect(desk.locator("[data-status]")).to_have_text("Đã trả kết quả")
    assert Dossier.objects.get(pk=d.pk).status == Status.RETURNED

    # 6. The citizen downloads the signed result; a standard verifier says the signature is valid.
    citizen.goto(dossier_url)
    expect(citizen.locator("[data-field=status]")).to_have_text("Đã trả kết quả")
    with citizen.expect_download() as caught:
        citizen.locator("[data-download=signed-result]").click()
    signed = tmp_path / "ket-qua-ky-so.pdf"
    caught.value.save_as(signed)
    verdict = subprocess.run(["pdfsig", str(signed)], capture_output=True, text=True, check=False).stdout
    assert "Signature Validation: Signature is Valid." in verdict, verdict
    assert "Total document signed" in verdict
    assert SignedResult.objects.get(dossier=d).sha256 == _sha256(signed)
    citizen.screenshot(path=str(output_dir / "online_service_result.png"), full_page=True)

    # 7. The stamp's QR leads to the public verification page.
    row = SignedResult.objects.get(dossier=d)
    public = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()
    public.goto(f"{live_server.url}/xac-thuc-ket-qua/{row.token}/")
    expect(public.locator("[data-field=validity]")).to_have_text("Hợp lệ")
    expect(public.locator("[data-field=code]")).to_have_text(code)
    # The digest wraps: the page is no wider than the phone (it once scrolled sideways).
    assert public.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    public.screenshot(path=str(output_dir / "online_service_verified.png"), full_page=True)
    axe(public, "verification page")
    public.goto(f"{live_server.url}/xac-thuc-ket-qua/")
    public.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(signed))
    public.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(public.locator("[data-verdict]")).to_have_attribute("data-verdict", "issued")
    axe(public, "verification by upload")
    assert public.goto(f"{live_server.url}/xac-thuc-ket-qua/khong-co-ma-nay/").status == 404
    axe(public, "unknown verification token")
    public.context.close()
    context.close()
    assert not findings, "Accessibility (axe-core, serious/critical):\n" + "\n".join(findings)


def _sha256(path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
