"""Online payment of a dossier's fee (decision 0042): start an order, take the gateway's IPN, refund.

The dossier moves on (`pay`, AWAITING_PAYMENT → SUBMITTED) only when the gateway's signed server-to-server
notification (IPN) confirms the payment, through the one transition function, acted by the payment
gateway's system actor (`gateway_actor`). The browser's return to the site only shows the order's state.
Every IPN is logged (`CallbackLog`) with its verdict, whatever it was; a refused one changes nothing else."""
from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from motcua.accounts.models import Role, User
from motcua.common.errors import Conflict, DomainError, NotAllowed
from motcua.dossiers.models import Dossier, DossierEvent, Status
from motcua.dossiers.permissions import ACTION_ROLES, ApplicantProof, dossier_for_user, stands_where

from .gateway import (
    GatewayUnavailable,
    OrderRequest,
    RefundRequest,
    gateway_time,
    get_gateway,
    online_payment_enabled,
)
from .models import CallbackLog, CallbackVerdict, OrderStatus, PaymentOrder, Refund, RefundStatus

logger = logging.getLogger(__name__)

GATEWAY_USERNAME = "cong-thanh-toan"
GATEWAY_CHANNEL = "payment_gateway"
# The answers of the IPN, as VNPAY's merchants give them.
MESSAGES = {
    CallbackVerdict.CONFIRMED: "Confirm Success", CallbackVerdict.NOT_FOUND: "Order not found",
    CallbackVerdict.ALREADY: "Order already confirmed", CallbackVerdict.BAD_AMOUNT: "Invalid amount",
    CallbackVerdict.BAD_SIGNATURE: "Invalid signature", CallbackVerdict.ERROR: "Unknown error",
}
REFUND_ON = ("refuse", "withdraw")  # a paid dossier refused or withdrawn: its fee is given back


def gateway_actor(dossier: Dossier) -> User:
    """The system actor that records a payment the gateway confirmed: a service account that never signs in
    (inactive, no password), carrying a proof (dossiers.permissions.ApplicantProof) that reaches this one
    dossier and the `pay` action only — as the evaluation channels stand in for an applicant without an
    account. Its role is the applicant's: the payment is the applicant's own, made online (the statistics
    count a `pay` by the applicant as paid online, Decision 766 indicator 4)."""
    user, created = User.objects.get_or_create(
        username=GATEWAY_USERNAME,
        defaults={"full_name": "Cổng thanh toán trực tuyến", "role": Role.CITIZEN, "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.applicant_proof = ApplicantProof(dossier.pk, GATEWAY_CHANNEL, frozenset({"pay"}))  # type: ignore[attr-defined]
    return user


def requested_amount(dossier: Dossier) -> int | None:
    """The amount the desk's last `request_payment` asked for (đồng)."""
    event = DossierEvent.objects.filter(dossier=dossier, action="request_payment").order_by("-at", "-id").first()
    amount = (event.data or {}).get("amount") if event else None
    return amount if isinstance(amount, int) else None


def may_pay_online(user, dossier: Dossier) -> bool:
    return (
        online_payment_enabled() and dossier.status == Status.AWAITING_PAYMENT and user.role == Role.CITIZEN
        # The applicant's own dossier: `pay` itself (a typed reference) is the counter's once a gateway is
        # configured, so the reach is asked of the owner rule, not of the action.
        and stands_where(user, dossier, ACTION_ROLES["pay"][Role.CITIZEN]) and requested_amount(dossier) is not None
    )


def _new_ref(dossier: Dossier) -> str:
    return f"HS{dossier.pk}-{timezone.localtime():%y%m%d%H%M%S}-{secrets.token_hex(3).upper()}"


def start_payment(dossier: Dossier | int, user: User, *, return_url: str, ipn_url: str, client_ip: str = "") -> str:
    """A new order for the dossier's requested fee; the URL of the gateway's payment page to send the payer to."""
    d = dossier_for_user(user, dossier)
    if d.status != Status.AWAITING_PAYMENT:
        raise Conflict(gettext("Hồ sơ không ở trạng thái chờ nộp phí, lệ phí."))
    if not may_pay_online(user, d):
        raise NotAllowed(gettext("Bạn không thể thanh toán trực tuyến cho hồ sơ này."))
    amount = requested_amount(d)
    gateway = get_gateway()
    order = PaymentOrder.objects.create(dossier=d, payer=user, amount=amount, order_ref=_new_ref(d), gateway=gateway.code)
    label = d.code or f"#{d.pk}"
    info = f"Nop phi, le phi ho so {label}"  # ASCII, as the gateways ask of the order's description
    return gateway.payment_url(OrderRequest(
        order_ref=order.order_ref, amount=amount, info=info, return_url=return_url, ipn_url=ipn_url,
        client_ip=client_ip, created_at=order.created_at,
    ))


def _answer(verdict: str) -> dict[str, str]:
    return {"RspCode": str(verdict), "Message": MESSAGES[verdict]}


def _log(params: Mapping, verdict: str, order: PaymentOrder | None, note: str, remote_addr: str) -> None:
    CallbackLog.objects.create(order=order, params=dict(params), verdict=verdict, note=note[:255], remote_addr=remote_addr[:64])


def handle_ipn(params: Mapping[str, str], *, remote_addr: str = "") -> dict[str, str]:
    """The gateway's server-to-server notification: checked, applied once, logged; the answer to give it.

    Refused and logged, nothing else changed: a bad signature (97), an unknown order (01), an amount other
    than the order's (04). A second notification of an order already settled answers 02 and changes nothing.
    A confirmed payment marks the order paid and moves the dossier on by `pay` (reference: the gateway's
    transaction number); if the dossier no longer awaits this payment (paid otherwise meanwhile, withdrawn),
    the money is refunded instead."""
    params = {str(k): str(v) for k, v in params.items()}
    gateway = get_gateway()
    if not gateway.verify(params):
        _log(params, CallbackVerdict.BAD_SIGNATURE, None, "signature", remote_addr)
        return _answer(CallbackVerdict.BAD_SIGNATURE)
    result = gateway.read_result(params)
    refund_after: PaymentOrder | None = None
    try:
        with transaction.atomic():
            order = PaymentOrder.objects.select_for_update().filter(order_ref=result.order_ref).first()
            if order is None:
                verdict, note = CallbackVerdict.NOT_FOUND, ""
            elif result.amount != order.amount:
                verdict, note = CallbackVerdict.BAD_AMOUNT, f"{result.amount} != {order.amount}"
            elif order.status != OrderStatus.PENDING:
                verdict, note = CallbackVerdict.ALREADY, order.status
            else:
                verdict = CallbackVerdict.CONFIRMED
                note, refund_after = _settle(order, result)
            _log(params, verdict, order, note, remote_addr)
    except DomainError as exc:  # the transition refused (e.g. a race): nothing written; the gateway retries
        logger.warning("IPN for %s not applied: %s", result.order_ref, exc.detail)
        _log(params, CallbackVerdict.ERROR, None, f"{result.order_ref}: {exc.detail}", remote_addr)
        return _answer(CallbackVerdict.ERROR)
    if refund_after is not None:
        transaction.on_commit(lambda: request_refund(refund_after, gettext("Nộp trùng hoặc hồ sơ không còn chờ nộp phí.")))
    return _answer(verdict)


def _settle(order: PaymentOrder, result) -> tuple[str, PaymentOrder | None]:
    from motcua.dossiers.services import transition

    order.response_code = result.response_code
    order.transaction_no, order.bank_code = result.transaction_no, result.bank_code
    if not result.success:
        order.status = OrderStatus.CANCELLED if result.response_code == "24" else OrderStatus.FAILED
        order.save(update_fields=["status", "response_code", "transaction_no", "bank_code"])
        return f"not paid: {result.response_code}", None
    order.status, order.paid_at = OrderStatus.PAID, result.paid_at or timezone.now()
    order.save(update_fields=["status", "paid_at", "response_code", "transaction_no", "bank_code"])
    d = Dossier.objects.get(pk=order.dossier_id)
    if d.status != Status.AWAITING_PAYMENT:
        return f"dossier {d.status}: refund", order
    transition(
        d, "pay", actor=gateway_actor(d), expected_version=d.version,
        data={"reference": result.transaction_no or order.order_ref, "order": order.order_ref, "gateway": order.gateway},
    )
    return "paid", None


def order_for_return(params: Mapping[str, str], user) -> PaymentOrder | None:
    """The order the browser's return names, if its signature is valid and the user may see it. Reads only."""
    gateway = get_gateway()
    params = {str(k): str(v) for k, v in params.items()}
    if not gateway.verify(params):
        return None
    ref = gateway.read_result(params).order_ref
    order = PaymentOrder.objects.select_related("dossier").filter(order_ref=ref).first()
    if order is None or not may_see_order(user, order):
        return None
    return order


def may_see_order(user, order: PaymentOrder) -> bool:
    from motcua.dossiers.permissions import visible_dossiers

    return visible_dossiers(user, rowwise=True).filter(pk=order.dossier_id).exists()


# -- refunds ------------------------------------------------------------------------------------------------
def request_refund(order: PaymentOrder, reason: str, *, by: str = "system") -> Refund | None:
    """Ask the gateway to give back a paid order's amount; the Refund row records the request and the answer.
    Nothing for an order not paid or already refunded (or with a refund already asked and not failed)."""
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.PAID or order.refunds.exclude(status=RefundStatus.FAILED).exists():
            return None
        refund = Refund.objects.create(
            order=order, amount=order.amount, reason=reason[:255], request_id=f"RF{order.pk}-{secrets.token_hex(6).upper()}"
        )
    try:
        answer = get_gateway().refund(RefundRequest(
            request_id=refund.request_id, order_ref=order.order_ref, amount=order.amount,
            transaction_no=order.transaction_no, paid_at=order.paid_at, created_by=by, reason=reason,
        ))
    except GatewayUnavailable as exc:
        logger.warning("refund %s of order %s not answered: %s", refund.request_id, order.order_ref, exc)
        Refund.objects.filter(pk=refund.pk).update(message=str(exc)[:255])
        refund.refresh_from_db()
        return refund
    refund.response_code, refund.message, refund.transaction_no = answer.response_code, answer.message, answer.transaction_no
    refund.status = RefundStatus.DONE if answer.ok else RefundStatus.FAILED
    if answer.ok:
        refund.done_at = timezone.now()
        PaymentOrder.objects.filter(pk=order.pk).update(status=OrderStatus.REFUNDED)
    refund.save()
    return refund


def refund_after_transition(dossier_id: int, event_id: int) -> list[Refund]:
    """After a committed refusal or withdrawal: every paid order of the dossier is refunded (the fee of a
    dossier that will not be handled is given back)."""
    event = DossierEvent.objects.filter(pk=event_id, dossier_id=dossier_id).first()
    if event is None or event.action not in REFUND_ON:
        return []
    reason = gettext("Hồ sơ bị từ chối") if event.action == "refuse" else gettext("Hồ sơ đã rút")
    done = []
    for order in PaymentOrder.objects.filter(dossier_id=dossier_id, status=OrderStatus.PAID):
        refund = request_refund(order, reason)
        if refund is not None:
            done.append(refund)
    return done


def receipt(order: PaymentOrder) -> dict:
    """The electronic receipt (biên lai điện tử) of a paid order: what the receipt page prints."""
    d = order.dossier
    return {
        "dossier": d, "payer": d.applicant_name, "dossier_code": d.code or f"#{d.pk}",
        "amount": order.amount, "order_ref": order.order_ref, "transaction_no": order.transaction_no,
        "bank_code": order.bank_code, "paid_at": order.paid_at, "status": order.status,
        "status_label": order.get_status_display(), "gateway": order.gateway,
        "gateway_time": gateway_time(order.paid_at) if order.paid_at else "",
    }


__all__ = [
    "GATEWAY_USERNAME", "gateway_actor", "handle_ipn", "may_pay_online", "order_for_return",
    "receipt", "refund_after_transition", "request_refund", "requested_amount", "start_payment",
]
