"""A confirmed IPN marks the order paid and moves the dossier on by `pay`, acted by the gateway's system actor."""
from motcua.dossiers.models import DossierEvent, Status
from motcua.payments.models import CallbackLog, OrderStatus
from motcua.payments.services import GATEWAY_USERNAME, handle_ipn

from .conftest import FEE, awaiting, ipn_params, order_for


def test_a_confirmed_payment_moves_the_dossier_on(city):
    d = awaiting(city)
    order = order_for(d)
    answer = handle_ipn(ipn_params(order.order_ref, txn="14012345"), remote_addr="203.0.113.5")
    assert answer == {"RspCode": "00", "Message": "Confirm Success"}
    d.refresh_from_db()
    order.refresh_from_db()
    assert d.status == Status.SUBMITTED
    assert order.status == OrderStatus.PAID and order.transaction_no == "14012345" and order.bank_code == "NCB"
    assert order.paid_at is not None
    event = DossierEvent.objects.filter(dossier=d).latest("id")
    assert event.action == "pay" and event.actor.username == GATEWAY_USERNAME and event.actor_role == "citizen"
    assert event.data["reference"] == "14012345" and event.data["order"] == order.order_ref
    log = CallbackLog.objects.get()
    assert log.verdict == "00" and log.order == order and log.params["vnp_Amount"] == str(FEE * 100)
    assert log.remote_addr == "203.0.113.5"


def test_the_gateway_actor_reaches_only_that_dossier_and_only_pay(city):
    from motcua.dossiers.permissions import may_act, visible_dossiers
    from motcua.payments.services import gateway_actor

    d, other = awaiting(city), awaiting(city)
    actor = gateway_actor(d)
    assert not actor.is_active and not actor.has_usable_password()
    assert list(visible_dossiers(actor)) == [d]
    assert may_act(actor, d, "pay") and not may_act(actor, d, "withdraw") and not may_act(actor, other, "pay")


def test_a_cancelled_payment_changes_the_order_not_the_dossier(city):
    d = awaiting(city)
    order = order_for(d)
    assert handle_ipn(ipn_params(order.order_ref, code="24", txn="0"))["RspCode"] == "00"
    d.refresh_from_db()
    order.refresh_from_db()
    assert d.status == Status.AWAITING_PAYMENT and order.status == OrderStatus.CANCELLED
