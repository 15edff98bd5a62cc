"""The signed query string of the gateway protocol: HMAC-SHA512 over the sorted, URL-encoded parameters."""
import hashlib
import hmac
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

from motcua.payments import gateway
from motcua.payments.gateway import OrderRequest, VnpayGateway

SECRET = "s3cret"


def test_sign_is_hmac_sha512_of_the_sorted_encoded_query():
    params = {"vnp_TxnRef": "HS1-A", "vnp_Amount": "7500000", "vnp_OrderInfo": "Nop phi ho so", "vnp_SecureHash": "x"}
    text = "vnp_Amount=7500000&vnp_OrderInfo=Nop+phi+ho+so&vnp_TxnRef=HS1-A"
    assert gateway.canonical_query(params) == text
    assert gateway.sign(params, SECRET) == hmac.new(SECRET.encode(), text.encode(), hashlib.sha512).hexdigest()


def test_round_trip_and_tampering():
    gw = VnpayGateway(url="https://pay.example/vpcpay.html", api_url="", merchant="M1", secret=SECRET, send_ipn_url=True)
    url = gw.payment_url(OrderRequest(
        order_ref="HS7-1", amount=75000, info="Nop phi ho so 7", return_url="https://site/thanh-toan/ket-qua/",
        ipn_url="https://site/thanh-toan/ipn/", client_ip="10.0.0.1",
        created_at=datetime(2026, 12, 2, 3, 0, tzinfo=ZoneInfo("UTC")),
    ))
    assert url.startswith("https://pay.example/vpcpay.html?")
    params = dict(parse_qsl(urlsplit(url).query))
    assert params["vnp_Amount"] == "7500000" and params["vnp_TmnCode"] == "M1"
    assert params["vnp_CreateDate"] == "20261202100000"  # Vietnam's time
    assert params["vnp_IpnUrl"] == "https://site/thanh-toan/ipn/"
    assert gw.verify(params)
    assert not gw.verify({**params, "vnp_Amount": "100"})  # a changed amount
    assert not gw.verify({**params, "vnp_SecureHash": "0" * 128})
    assert not gw.verify({k: v for k, v in params.items() if k != "vnp_SecureHash"})
    assert not VnpayGateway(url="", api_url="", merchant="M1", secret="other").verify(params)


def test_the_result_is_read_in_dong():
    gw = VnpayGateway(url="", api_url="", merchant="M1", secret=SECRET)
    result = gw.read_result({"vnp_TxnRef": "HS7-1", "vnp_Amount": "7500000", "vnp_ResponseCode": "00",
                             "vnp_TransactionStatus": "00", "vnp_TransactionNo": "123", "vnp_PayDate": "20261202103000"})
    assert result.amount == 75000 and result.success and result.transaction_no == "123"
    assert result.paid_at == datetime(2026, 12, 2, 10, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert not gw.read_result({"vnp_ResponseCode": "24", "vnp_TransactionStatus": "02"}).success


def test_refund_fields_are_joined_in_their_order():
    values = {name: str(i) for i, name in enumerate(gateway.REFUND_REQUEST_FIELDS)}
    expected = hmac.new(SECRET.encode(), "|".join(values.values()).encode(), hashlib.sha512).hexdigest()
    assert gateway.sign_fields(values, gateway.REFUND_REQUEST_FIELDS, SECRET) == expected
