"""The citizen's dossier page offers “Thanh toán trực tuyến” instead of typing a receipt's reference; the
button sends them to the sandbox gateway's page, signed; the receipt of a paid order can be opened."""
from urllib.parse import parse_qsl, urlsplit

from motcua.payments import gateway
from motcua.payments.models import PaymentOrder
from motcua.payments.services import handle_ipn

from .conftest import FEE, MERCHANT, SECRET, awaiting, ipn_params


def test_the_button_starts_a_signed_payment_at_the_sandbox(city, client):
    d = awaiting(city)
    client.force_login(city["congdan.demo"])
    page = client.get(f"/ca-nhan/ho-so/{d.pk}/")
    text = page.content.decode()
    assert "Thanh toán trực tuyến" in text and "Số tiền cần nộp: 75.000" in text
    assert "pay" not in [f.action for f in page.context["forms"]]  # no reference to type
    response = client.post(f"/thanh-toan/ho-so/{d.pk}/")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == "/cong-thanh-toan-thu/thanh-toan/"
    params = dict(parse_qsl(url.query))
    order = PaymentOrder.objects.get(dossier=d)
    assert params["vnp_TxnRef"] == order.order_ref and params["vnp_Amount"] == str(FEE * 100)
    assert params["vnp_TmnCode"] == MERCHANT and gateway.verify(params, SECRET)
    assert params["vnp_ReturnUrl"].endswith("/thanh-toan/ket-qua/") and params["vnp_IpnUrl"].endswith("/thanh-toan/ipn/")
    sandbox = client.get(response["Location"]).content.decode()
    assert order.order_ref in sandbox and "75.000" in sandbox and MERCHANT in sandbox
    assert "Thanh toán</button>" in sandbox and "Hủy</button>" in sandbox


def test_the_officer_keeps_the_reference_form_for_cash(city):
    from motcua.dossiers_web.actions import action_forms
    from motcua.dossiers_web.forms import action_form

    d = awaiting(city)
    assert "pay" in [f.action for f in action_forms(city["tiepnhan.hcc"], d, action_form)]


def test_nobody_else_starts_a_payment(city, client):
    from tests.factories import UserFactory

    d = awaiting(city)
    client.force_login(UserFactory(username="nguoikhac", role="citizen"))
    assert client.post(f"/thanh-toan/ho-so/{d.pk}/").status_code == 302
    assert not PaymentOrder.objects.exists()


def test_the_receipt_of_a_paid_order(city, client):
    d = awaiting(city)
    client.force_login(city["congdan.demo"])
    client.post(f"/thanh-toan/ho-so/{d.pk}/")
    order = PaymentOrder.objects.get(dossier=d)
    handle_ipn(ipn_params(order.order_ref, txn="14099999"))
    page = client.get(f"/ca-nhan/ho-so/{d.pk}/").content.decode()
    assert f"/thanh-toan/bien-lai/{order.order_ref}/" in page  # the dossier page lists the receipt
    assert "Ghi nhận đã nộp phí, lệ phí" in page and "Mã giao dịch / số biên lai: 14099999" in page  # its history
    receipt = client.get(f"/thanh-toan/bien-lai/{order.order_ref}/")
    text = receipt.content.decode()
    assert receipt.status_code == 200
    for shown in ("Biên lai điện tử", d.applicant_name, d.code or f"#{d.pk}", "75.000", order.order_ref, "14099999",
                  "Cấp giấy phép xây dựng"):
        assert shown in text, shown
    client.force_login(city["tiepnhan.mongduong"])  # an officer who does not see the dossier
    assert client.get(f"/thanh-toan/bien-lai/{order.order_ref}/").status_code == 404


def test_the_sandbox_refuses_an_unsigned_request_and_is_off_unless_enabled(city, client, settings):
    params = {"vnp_TmnCode": MERCHANT, "vnp_Amount": "100", "vnp_TxnRef": "X", "vnp_ReturnUrl": "http://x/"}
    assert client.get("/cong-thanh-toan-thu/thanh-toan/", {**params, "vnp_SecureHash": "0" * 128}).status_code == 400
    params["vnp_SecureHash"] = gateway.sign(params, SECRET)
    assert client.get("/cong-thanh-toan-thu/thanh-toan/", params).status_code == 200
    settings.MOTCUA_PAYMENT_SANDBOX = False
    assert client.get("/cong-thanh-toan-thu/thanh-toan/", params).status_code == 404
