"""The gateway repeats its notification until answered: a replayed confirmation changes nothing (02)."""
from motcua.payments.models import CallbackLog
from motcua.payments.services import handle_ipn

from .conftest import awaiting, ipn_params, order_for, state


def test_a_replayed_confirmation_answers_02_and_changes_nothing(city):
    d = awaiting(city)
    order = order_for(d)
    params = ipn_params(order.order_ref)
    assert handle_ipn(params)["RspCode"] == "00"
    before = state(d)
    assert handle_ipn(params) == {"RspCode": "02", "Message": "Order already confirmed"}
    assert handle_ipn(dict(params)) ["RspCode"] == "02"
    assert state(d) == before
    assert list(CallbackLog.objects.order_by("id").values_list("verdict", flat=True)) == ["00", "02", "02"]
