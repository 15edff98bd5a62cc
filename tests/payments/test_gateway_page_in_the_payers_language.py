"""The gateway's page speaks the payer's language: VNPAY's `vnp_Locale` is "en" for a payer reading the site in
English and "vn" otherwise (issue 15); an adapter configured with a locale keeps it. The request stays signed."""
from datetime import datetime
from urllib.parse import parse_qsl

from django.utils import translation

from motcua.payments import gateway
from motcua.payments.gateway import OrderRequest, VnpayGateway

from .conftest import MERCHANT, SECRET

ORDER = OrderRequest(order_ref="HS-TEST-0001", amount=75000, info="Nop phi ho so", return_url="http://testserver/r/",
                     ipn_url="http://testserver/ipn/", client_ip="127.0.0.1", created_at=datetime(2026, 12, 2, 10, 30))


def _adapter(**kw) -> VnpayGateway:
    return VnpayGateway(url="/cong-thanh-toan-thu/thanh-toan/", api_url="", merchant=MERCHANT, secret=SECRET, **kw)


def test_vietnamese_by_default():
    assert _adapter().payment_params(ORDER)["vnp_Locale"] == "vn"


def test_english_for_a_payer_reading_english():
    with translation.override("en"):
        params = _adapter().payment_params(ORDER)
        url = _adapter().payment_url(ORDER)
    assert params["vnp_Locale"] == "en" and "vnp_Locale=en" in url
    assert gateway.verify(dict(parse_qsl(url.split("?", 1)[1])), SECRET)


def test_a_configured_locale_wins():
    with translation.override("en"):
        assert _adapter(locale="vn").payment_params(ORDER)["vnp_Locale"] == "vn"
