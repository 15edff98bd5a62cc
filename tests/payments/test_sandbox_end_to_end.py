"""The sandbox gateway over real HTTP (the live server): the payer pays on its page, the sandbox notifies
the IPN URL server to server, the dossier moves on, the browser goes back to the return URL with the signed
result; the desk refuses the dossier and the fee is refunded through the sandbox's signed refund API."""
from urllib.parse import parse_qsl, urlsplit

import pytest

from motcua.dossiers.models import Status
from motcua.payments import gateway, services
from motcua.payments.models import (
    CallbackLog,
    OrderStatus,
    PaymentOrder,
    Refund,
    RefundStatus,
    SandboxTransaction,
)

from .conftest import SECRET, act, awaiting

pytestmark = pytest.mark.django_db(transaction=True)


def _pay(client, live_server, city, decision):
    d = awaiting(city)
    url = services.start_payment(
        d, city["congdan.demo"], return_url=f"{live_server.url}/thanh-toan/ket-qua/",
        ipn_url=f"{live_server.url}/thanh-toan/ipn/", client_ip="127.0.0.1",
    )
    client.force_login(city["congdan.demo"])
    page = client.get(url)
    assert page.status_code == 200
    values = page.context["values"]
    back = client.post("/cong-thanh-toan-thu/xac-nhan/", {**values, "decision": decision})
    assert back.status_code == 302 and back["Location"].startswith(f"{live_server.url}/thanh-toan/ket-qua/?")
    returned = dict(parse_qsl(urlsplit(back["Location"]).query))
    assert gateway.verify(returned, SECRET)
    d.refresh_from_db()
    return d, PaymentOrder.objects.get(dossier=d), returned


def test_pay_notify_return_then_refund_on_refusal(city, client, live_server, settings):
    d, order, returned = _pay(client, live_server, city, "pay")
    assert d.status == Status.SUBMITTED  # moved on by the IPN the sandbox sent over HTTP
    assert order.status == OrderStatus.PAID and order.transaction_no == returned["vnp_TransactionNo"]
    assert CallbackLog.objects.get().verdict == "00"
    assert SandboxTransaction.objects.get(txn_ref=order.order_ref).status == "paid"

    # Pressing pay again on a stale page charges nothing twice and changes nothing.
    again = client.post("/cong-thanh-toan-thu/xac-nhan/", {
        **{k: v for k, v in parse_qsl(urlsplit(services.get_gateway().payment_url(gateway.OrderRequest(
            order_ref=order.order_ref, amount=order.amount, info="x", return_url=f"{live_server.url}/thanh-toan/ket-qua/",
            ipn_url=f"{live_server.url}/thanh-toan/ipn/", client_ip="", created_at=order.created_at))).query)},
        "decision": "pay"})
    assert again.status_code == 302
    assert SandboxTransaction.objects.count() == 1
    assert list(CallbackLog.objects.order_by("id").values_list("verdict", flat=True)) == ["00", "02"]

    settings.MOTCUA_PAYMENT_API_URL = f"{live_server.url}/cong-thanh-toan-thu/api/giao-dich/"
    d = act(city, d, "tiepnhan.hcc", "refuse", note="Hồ sơ không thuộc thẩm quyền")
    assert d.status == Status.REFUSED
    refund = Refund.objects.get()  # asked after the refusal was committed
    assert refund.status == RefundStatus.DONE and refund.amount == order.amount and refund.response_code == "00"
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert SandboxTransaction.objects.get(txn_ref=order.order_ref).status == "refunded"
    assert services.request_refund(order, "again") is None  # once


def test_cancel_on_the_sandbox_leaves_the_dossier_waiting(city, client, live_server):
    d, order, returned = _pay(client, live_server, city, "cancel")
    assert returned["vnp_ResponseCode"] == "24"
    assert d.status == Status.AWAITING_PAYMENT and order.status == OrderStatus.CANCELLED


def test_the_refund_api_checks_its_signature(city, client):
    body = {"vnp_TmnCode": "MOTCUA01", "vnp_Command": "refund", "vnp_TxnRef": "X", "vnp_SecureHash": "0" * 128}
    answer = client.post("/cong-thanh-toan-thu/api/giao-dich/", body, content_type="application/json").json()
    assert answer["vnp_ResponseCode"] == "97"
    assert answer["vnp_SecureHash"] == gateway.sign_fields(answer, gateway.REFUND_RESPONSE_FIELDS, SECRET)
