"""The demo city with online payment through the sandbox gateway switched on (as in demo and development),
a dossier awaiting its fee, and the gateway's signed notifications built by hand."""
import pytest

from motcua.payments import gateway
from motcua.payments.models import PaymentOrder
from tests.dossiers.conftest import APPLICANT, BUILDING_PERMIT, act, city, local, receive  # noqa: F401

SECRET = "test-sandbox-secret"
MERCHANT = "MOTCUA01"
FEE = 75000  # the building permit's published fee: 75.000 đồng per permit


@pytest.fixture(autouse=True)
def sandbox_gateway(settings):
    settings.MOTCUA_PAYMENT_SANDBOX = True
    settings.MOTCUA_PAYMENT_GATEWAY = "vnpay"
    settings.MOTCUA_PAYMENT_MERCHANT = MERCHANT
    settings.MOTCUA_PAYMENT_SECRET = SECRET
    settings.MOTCUA_PAYMENT_URL = ""
    settings.MOTCUA_PAYMENT_API_URL = ""
    settings.MOTCUA_PAYMENT_SEND_IPN_URL = True


def awaiting(users, amount=FEE):
    """An online submission of the applicant `congdan.demo` the center's desk asked to pay `amount` for."""
    d = receive(users, "congdan.demo", channel="online", applicant=APPLICANT)
    return act(users, d, "tiepnhan.hcc", "request_payment", data={"amount": amount})


def order_for(d, amount=FEE, ref="HS-TEST-0001") -> PaymentOrder:
    return PaymentOrder.objects.create(dossier=d, payer=d.citizen, amount=amount, order_ref=ref, gateway="vnpay")


def ipn_params(order_ref, amount=FEE, *, code="00", txn="14000001", secret=SECRET, **extra) -> dict:
    params = {
        "vnp_TmnCode": MERCHANT, "vnp_Amount": str(amount * 100), "vnp_TxnRef": order_ref, "vnp_BankCode": "NCB",
        "vnp_OrderInfo": "Nop phi", "vnp_PayDate": "20261202103000", "vnp_ResponseCode": code,
        "vnp_TransactionStatus": "00" if code == "00" else "02", "vnp_TransactionNo": txn, **extra,
    }
    params["vnp_SecureHash"] = gateway.sign(params, secret)
    return params


def state(d):
    """What a refused notification must leave as it was."""
    from motcua.dossiers.models import DossierEvent

    d.refresh_from_db()
    return d.status, d.version, DossierEvent.objects.filter(dossier=d).count(), list(
        PaymentOrder.objects.filter(dossier=d).values_list("status", "transaction_no", "paid_at")
    )
