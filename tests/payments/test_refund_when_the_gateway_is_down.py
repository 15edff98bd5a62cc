"""A refund the gateway cannot be asked for stays recorded as requested (to be retried), the order paid."""
from motcua.payments.models import OrderStatus, RefundStatus
from motcua.payments.services import handle_ipn, refund_after_transition

from .conftest import act, awaiting, ipn_params, order_for


def test_withdrawn_while_the_gateway_is_unreachable(city, settings, django_capture_on_commit_callbacks):
    settings.MOTCUA_PAYMENT_API_URL = "http://127.0.0.1:9/khong-co/"  # nothing listens (discard port)
    d = awaiting(city)
    order = order_for(d)
    handle_ipn(ipn_params(order.order_ref))
    with django_capture_on_commit_callbacks(execute=True):
        d = act(city, d, "congdan.demo", "withdraw", note="Không cần nữa")
    refund = order.refunds.get()
    assert refund.status == RefundStatus.REQUESTED and refund.message
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    # A transition that is not a refusal or a withdrawal refunds nothing.
    assert refund_after_transition(d.pk, d.events.get(action="pay").pk) == []
