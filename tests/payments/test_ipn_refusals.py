"""Refused notifications — forged signature, wrong amount, unknown order — are logged and change nothing."""
import pytest

from motcua.payments.models import CallbackLog
from motcua.payments.services import handle_ipn

from .conftest import FEE, awaiting, ipn_params, order_for, state


@pytest.mark.parametrize("make, code", [
    (lambda ref: ipn_params(ref, secret="not-the-secret"), "97"),  # signed with another key
    (lambda ref: {**ipn_params(ref), "vnp_ResponseCode": "00", "vnp_Amount": "100"}, "97"),  # changed after signing
    (lambda ref: {k: v for k, v in ipn_params(ref).items() if k != "vnp_SecureHash"}, "97"),  # not signed
    (lambda ref: ipn_params(ref, amount=FEE - 1000), "04"),  # signed, but not the order's amount
    (lambda ref: ipn_params("HS-NO-SUCH-ORDER"), "01"),
])
def test_refused_and_logged_nothing_changed(city, make, code):
    d = awaiting(city)
    order = order_for(d)
    before = state(d)
    assert handle_ipn(make(order.order_ref))["RspCode"] == code
    assert state(d) == before
    log = CallbackLog.objects.get()
    assert log.verdict == code and log.params  # kept as received
