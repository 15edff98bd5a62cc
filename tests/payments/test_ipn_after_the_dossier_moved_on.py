"""A confirmed payment arriving when the dossier no longer awaits it (the desk recorded cash meanwhile): the
order is marked paid, the dossier is not touched again, and the money is asked back from the gateway."""
from motcua.dossiers.models import DossierEvent, Status
from motcua.payments.models import OrderStatus, RefundStatus
from motcua.payments.services import handle_ipn

from .conftest import act, awaiting, ipn_params, order_for


def test_paid_twice_is_refunded(city, settings, django_capture_on_commit_callbacks):
    settings.MOTCUA_PAYMENT_API_URL = "http://127.0.0.1:9/khong-co/"  # the refund is recorded, not answered
    d = awaiting(city)
    order = order_for(d)
    d = act(city, d, "tiepnhan.hcc", "pay", data={"reference": "BL-0001"})  # cash at the counter
    events = DossierEvent.objects.filter(dossier=d).count()
    with django_capture_on_commit_callbacks(execute=True):
        assert handle_ipn(ipn_params(order.order_ref))["RspCode"] == "00"
    d.refresh_from_db()
    order.refresh_from_db()
    assert d.status == Status.SUBMITTED and DossierEvent.objects.filter(dossier=d).count() == events
    assert order.status == OrderStatus.PAID
    assert order.refunds.get().status == RefundStatus.REQUESTED
