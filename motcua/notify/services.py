"""Notifications: which messages a transition produces (`queue_for_event`, inside its transaction),
sending them with retries (`send_pending`), and the deadline watch (reminders, escalation, apology drafts).
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.accounts.models import Role, User
from motcua.common.text import nfc
from motcua.dossiers import deadlines
from motcua.dossiers.models import Dossier, DossierEvent, Status, UnitHolding
from motcua.units.models import Unit

from . import messages, sms, zalo
from .models import ApologyDraft, ChannelKind, DeliveryStatus, Outbox, OutboxStatus, RecipientLanguage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Waits after the 1st, 2nd, 3rd, 4th failed attempt: 1, 2, 4, 8 minutes; the 5th failure is final.
BACKOFF_BASE = timedelta(minutes=1)
DUE_SOON_WORKING_SECONDS = 2 * 3600  # product rule: remind when a step is due within 2 working hours
# Draft the apology when the overall deadline is within 2 working days: one working day before the apology
# itself is due (1 working day before the due instant, Decree 61/2018, art. 19(9)).
APOLOGY_DRAFT_WORKING_DAYS = 2
APOLOGY_PROPOSED_EXTRA_WORKING_DAYS = 3  # product rule: the draft's new appointment, for the officer to correct
OPEN = (Status.RECEIVED, Status.IN_PROGRESS, Status.CONSULTING)


# action → the public notification it produces (domain.md §6); `receive` only when it really received.
KIND_BY_ACTION = {
    "request_supplement": "supplement_needed",
    "resolve": "result_ready",
    "apologize": "apology",
    "refuse": "refused",
    "stop": "stopped",
    "request_payment": "payment_needed",
}


def kind_for(event: DossierEvent) -> str | None:
    """The public notification a transition produces (domain.md §6), or None."""
    if event.action == "receive":
        return "received" if event.to_status == Status.RECEIVED else None
    if event.action == "hand_to_successor":  # only when the unit holding it changed (not an opinion alone)
        return "handed_over" if (event.data or {}).get("to_unit") else None
    if event.action == "return_result":  # the result handed over: the notice carries the evaluation link
        return "returned" if event.from_status == Status.RESOLVED else None
    return KIND_BY_ACTION.get(event.action)


# MOTCUA_PHONE_CHANNELS: what the applicant's phone gets (docs/decisions/0046).
PHONE_SMS, PHONE_ZALO, PHONE_ZALO_THEN_SMS = "sms", "zalo", "zalo+sms"


def phone_channels() -> str:
    return getattr(settings, "MOTCUA_PHONE_CHANNELS", PHONE_SMS)


def _recipients(d: Dossier) -> list[tuple[str, str]]:
    """The applicant's e-mail and phone, else those of the citizen account that submitted the dossier."""
    citizen = d.citizen if d.citizen_id else None
    email = d.applicant_email or (citizen.email if citizen else "")
    phone = d.applicant_phone or (citizen.phone if citizen else "")
    return [(channel, to) for channel, to in ((ChannelKind.EMAIL, email), (ChannelKind.SMS, phone)) if to]


def _phone_channel(kind: str) -> str:
    """Zalo when the settings say so and the kind of notice has a ZNS template, else SMS."""
    if phone_channels() in (PHONE_ZALO, PHONE_ZALO_THEN_SMS) and zalo.template_for(kind):
        return ChannelKind.ZALO
    return ChannelKind.SMS


def _queue(rows: list[Outbox]) -> list[Outbox]:
    """Insert rows whose key is new (idempotent); return the rows stored under those keys."""
    if not rows:
        return []
    Outbox.objects.bulk_create(rows, ignore_conflicts=True)
    return list(Outbox.objects.filter(key__in=[r.key for r in rows]).order_by("id"))


def _supported(language: str | None) -> str:
    """`language` as one of settings.LANGUAGES (en-us → en), or the default (Vietnamese)."""
    try:
        return translation.get_supported_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def remember_language(dossier: Dossier, event: DossierEvent) -> None:
    """When the citizen acts on their dossier (online), the language they use on the site becomes that of
    the notices about it. One UPDATE in the common case (nothing at all for a new dossier in Vietnamese)."""
    if event.actor_role != Role.CITIZEN:
        return
    language = _supported(translation.get_language())
    if language == settings.LANGUAGE_CODE:
        if event.from_status:  # a dossier just created has no record to reset
            RecipientLanguage.objects.filter(dossier=dossier).delete()
        return
    RecipientLanguage.objects.update_or_create(dossier=dossier, defaults={"language": language})


def recipient_language(dossier: Dossier) -> str:
    """The language of the notices to the applicant of `dossier`: the one the citizen last used on the
    site for it, else Vietnamese (the applicant at the counter, an unknown language)."""
    language = (
        RecipientLanguage.objects.filter(dossier=dossier).values_list("language", flat=True).first()
        if dossier.citizen_id else None
    )
    return _supported(language)


def queue_for_event(dossier: Dossier, event: DossierEvent, *, now: datetime | None = None) -> list[Outbox]:
    """Write the outbox rows of one transition. Call it inside the transition's transaction: the rows
    then exist if and only if the transition committed. Queueing the same event twice adds nothing.
    The messages are written in the recipient's language (`recipient_language`), whatever language the
    officer acting uses."""
    remember_language(dossier, event)
    kind = kind_for(event)
    recipients = _recipients(dossier) if kind is not None else []
    if not recipients:
        return []
    now = now or timezone.now()
    channels = [(_phone_channel(kind) if channel == ChannelKind.SMS else channel, to) for channel, to in recipients]
    with translation.override(recipient_language(dossier)):
        message = messages.for_event(kind, dossier, event)
        data = messages.template_data(dossier) if any(c == ChannelKind.ZALO for c, _to in channels) else {}
    rows = []
    for channel, to in channels:
        rows.append(Outbox(
            channel=channel, to=to, kind=kind, key=f"event:{event.pk}:{kind}:{channel}",
            subject=message.subject if channel == ChannelKind.EMAIL else "",
            body=message.body if channel == ChannelKind.EMAIL else message.sms,  # Zalo: the SMS, if no Zalo
            data=data if channel == ChannelKind.ZALO else {},
            dossier=dossier, event=event, next_attempt_at=now, created_at=now,
        ))
    return _queue(rows)


def _deliver(row: Outbox) -> str | None:
    """Send one row through its channel; the gateway's message id (SMS, Zalo) or None."""
    reference = f"motcua-{row.pk}"  # the same at every attempt: a gateway that deduplicates sends once
    if row.channel == ChannelKind.EMAIL:
        send_mail(row.subject, row.body, settings.DEFAULT_FROM_EMAIL, [row.to], fail_silently=False)
        return None
    if row.channel == ChannelKind.ZALO:
        return zalo.get_backend().send(row.to, zalo.template_for(row.kind), row.data, reference)
    return sms.get_backend().send(row.to, row.body, reference=reference)


def _reroute_to_sms(row: Outbox, now: datetime) -> None:
    """A Zalo message to a number without Zalo: the same notice by SMS (queued under the key an SMS of
    that notice has, so it is never queued twice)."""
    base = row.key[: -len(":zalo")] if row.key.endswith(":zalo") else row.key
    _queue([Outbox(
        channel=ChannelKind.SMS, to=row.to, kind=row.kind, key=f"{base}:sms", body=row.body,
        dossier_id=row.dossier_id, event_id=row.event_id, next_attempt_at=now, created_at=now,
    )])


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: exponential, 1 min × 2^(attempts-1)."""
    return BACKOFF_BASE * (2 ** (attempts - 1))


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def send_pending(limit: int = 100, *, now: datetime | None = None) -> SendReport:
    """Send what is due, oldest first. Each row is claimed under a row lock (PostgreSQL skips rows another
    worker holds); a failure is retried after `backoff`, and after MAX_ATTEMPTS the row is failed."""
    now = now or timezone.now()
    report = SendReport()
    ids = list(
        Outbox.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    for pk in ids:
        with transaction.atomic():
            row = (
                Outbox.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=OutboxStatus.PENDING, next_attempt_at__lte=now)
                .first()
            )
            if row is None:
                continue
            row.attempts += 1
            try:
                message_id = _deliver(row)
            except sms.PermanentSendError as exc:  # refused for good: no retry
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if isinstance(exc, zalo.NoZaloAccount) and phone_channels() == PHONE_ZALO_THEN_SMS:
                    row.status = OutboxStatus.REROUTED
                    _reroute_to_sms(row, now)
                else:
                    row.status = OutboxStatus.FAILED
                    report.failed += 1
                    logger.warning("outbox %s refused by the gateway: %s", row.pk, row.last_error)
            except Exception as exc:  # any other failure of the gateway is one failed attempt
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if row.attempts >= MAX_ATTEMPTS:
                    row.status = OutboxStatus.FAILED
                    report.failed += 1
                    logger.warning("outbox %s failed after %s attempts: %s", row.pk, row.attempts, row.last_error)
                else:
                    row.next_attempt_at = now + backoff(row.attempts)
                    report.retried += 1
            else:
                row.status, row.sent_at, row.last_error = OutboxStatus.SENT, now, ""
                row.provider_message_id = message_id or ""
                report.sent += 1
            row.save(update_fields=[
                "attempts", "status", "next_attempt_at", "last_error", "sent_at", "provider_message_id",
            ])
    return report


def record_receipt(
    channel: str, message_id: str, delivered: bool, delivered_at: datetime | None = None, *,
    now: datetime | None = None,
) -> tuple[Outbox | None, bool]:
    """A gateway's delivery receipt for the message it gave `message_id`: (the row or None when no row
    has it, whether it changed). A repeated receipt changes nothing; a "delivered" receipt after an
    "undelivered" one wins (a gateway may report a late delivery), never the other way round."""
    now = now or timezone.now()
    if not message_id:
        return None, False
    with transaction.atomic():
        row = (
            Outbox.objects.select_for_update()
            .filter(channel=channel, provider_message_id=message_id)
            .order_by("-id").first()
        )
        if row is None:
            return None, False
        status = DeliveryStatus.DELIVERED if delivered else DeliveryStatus.UNDELIVERED
        if row.delivery_status == status or row.delivery_status == DeliveryStatus.DELIVERED:
            return row, False
        row.delivery_status, row.receipt_at = status, now
        row.delivered_at = (delivered_at or now) if delivered else None
        row.save(update_fields=["delivery_status", "delivered_at", "receipt_at"])
    return row, True


# -- the deadline watch (periodic) --------------------------------------------------------------------
def _in_default_language(func):
    """The officers' reminders and the apology drafts (an official form, Mẫu 04) are written in Vietnamese,
    whatever language is active where the watch runs: an officer's preferred language is not recorded."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


HEAD_ROLES = (Role.DEPARTMENT_HEAD, Role.LEADER, Role.CENTER_DIRECTOR)


def _working_limit(now: datetime, seconds: int) -> Callable[[Unit], datetime]:
    """unit → the instant `seconds` of working time after `now` on its calendar, computed once per unit in
    a run (`calendar_for` reads the newest calendar-change token from the database at every call)."""
    limits: dict[int, datetime] = {}

    def limit(unit: Unit) -> datetime:
        if unit.pk not in limits:
            limits[unit.pk] = deadlines.add_working_seconds(unit, now, seconds)
        return limits[unit.pk]

    return limit


def _officer_email(dossier: Dossier) -> tuple[str, str]:
    """Who is reminded of a step: the assignee, else the unit's mailbox."""
    if dossier.assignee_id and dossier.assignee.email:
        return dossier.assignee.email, dossier.assignee.full_name or dossier.assignee.username
    return dossier.current_unit.email, dossier.current_unit.name


def _email_row(to: str, subject: str, body: str, kind: str, key: str, dossier: Dossier, now: datetime) -> Outbox:
    return Outbox(
        channel=ChannelKind.EMAIL, to=to, subject=nfc(subject), body=nfc(body), kind=kind, key=key,
        dossier=dossier, next_attempt_at=now, created_at=now,
    )


@_in_default_language
def remind_due_soon(*, now: datetime | None = None) -> int:
    """Steps (unit holdings) due within 2 working hours: one e-mail to the assignee or the unit, once per
    holding and due instant. Returns the number of reminders queued."""
    now = now or timezone.now()
    holdings = (
        UnitHolding.objects.filter(
            ended_at__isnull=True, due_at__gt=now, dossier__status__in=OPEN, due_at__lte=now + timedelta(days=7)
        )
        .select_related("unit", "dossier", "dossier__assignee", "dossier__current_unit", "dossier__procedure_version")
        .order_by("id")
    )
    due_soon = _working_limit(now, DUE_SOON_WORKING_SECONDS)
    rows = []
    for h in holdings:
        if h.due_at > due_soon(h.unit):
            continue
        d = h.dossier
        to, name = _officer_email(d)
        if not to:
            continue
        if d.status == Status.RECEIVED and h.unit_id == d.reception_unit_id and d.current_unit_id == h.unit_id:
            # The desk's hand-over deadline (Decree 61/2018, art. 18(2)–(3)): a reminder of its own.
            rows.append(_email_row(
                to, _("Hồ sơ {code} cần chuyển đến cơ quan giải quyết").format(code=d.code),
                _("Kính gửi {name},").format(name=name) + "\n\n" + _(
                    "Hồ sơ {code} (“{procedure}”) tiếp nhận lúc {received} phải được chuyển đến cơ quan, đơn vị "
                    "giải quyết chậm nhất lúc {due} (Nghị định 61/2018, Điều 18 khoản 2)."
                ).format(
                    code=d.code, procedure=d.procedure_version.name, received=messages.when(d.received_at),
                    due=messages.when(h.due_at),
                ),
                "handover_due", f"handover_due:{h.pk}:{h.due_at.isoformat()}", d, now,
            ))
            continue
        body = (
            _("Kính gửi {name},").format(name=name) + "\n\n"
            + _("Hồ sơ {code} (“{procedure}”) đang ở {unit} sắp đến hạn xử lý của đơn vị: {due}.").format(
                code=d.code, procedure=d.procedure_version.name, unit=h.unit.name, due=messages.when(h.due_at)
            )
            + "\n" + _("Hạn giải quyết chung của hồ sơ: {due}.").format(due=messages.when(d.due_at))
        )
        rows.append(_email_row(
            to, _("Hồ sơ {code} sắp đến hạn xử lý").format(code=d.code), body, "due_soon",
            f"due_soon:{h.pk}:{h.due_at.isoformat()}", d, now,
        ))
    return len(_queue_new(rows))


@_in_default_language
def escalate_overdue(*, now: datetime | None = None) -> int:
    """Dossiers past their due instant and not resolved: one e-mail to the head(s) of the unit holding
    each, once per dossier and due instant."""
    now = now or timezone.now()
    dossiers = list(
        Dossier.objects.filter(status__in=OPEN, due_at__lt=now)
        .select_related("current_unit", "procedure_version")
        .order_by("due_at")
    )
    heads: dict[int, list[User]] = {}
    for head in (
        User.objects.filter(unit_id__in={d.current_unit_id for d in dossiers}, role__in=HEAD_ROLES, is_active=True)
        .exclude(email="")
        .order_by("id")
    ):
        heads.setdefault(head.unit_id, []).append(head)
    rows = []
    for d in dossiers:
        for head in heads.get(d.current_unit_id, []):
            body = (
                _("Kính gửi {name},").format(name=head.full_name or head.username) + "\n\n"
                + _("Hồ sơ {code} (“{procedure}”) do {unit} đang giữ đã quá hạn giải quyết từ {due}.").format(
                    code=d.code, procedure=d.procedure_version.name, unit=d.current_unit.name,
                    due=messages.when(d.due_at),
                )
                + "\n"
                + (_("Đã hẹn lại: {when}.").format(when=messages.when(d.new_appointment_at)) if d.new_appointment_at
                   else _("Chưa có phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)."))
                + "\n"
            )
            rows.append(_email_row(
                head.email, _("Hồ sơ {code} đã quá hạn giải quyết").format(code=d.code), body, "overdue",
                f"overdue:{d.pk}:{d.due_at.isoformat()}:{head.pk}", d, now,
            ))
    return len(_queue_new(rows))


@_in_default_language
def draft_apologies(*, now: datetime | None = None) -> int:
    """Dossiers not resolved, without a new appointment, whose apology (Mẫu 04) falls due within 1 working
    day — that is, due within 2 working days: a draft apology (reason and proposed new appointment) for
    the unit holding each, and an e-mail to that unit. Drafted a working day ahead so that the officer can
    issue it in time: Decree 61/2018, art. 19(9) wants it no later than 1 working day before the due
    instant (`deadlines.apology_due`). The apology itself is an officer's action (`apologize`), starting
    from this draft; nothing is transitioned here."""
    now = now or timezone.now()
    drafted = ApologyDraft.objects.filter(dossier=OuterRef("pk"), due_at=OuterRef("due_at"))
    dossiers = (
        Dossier.objects.filter(status__in=OPEN, due_at__gt=now, new_appointment_at__isnull=True)
        .filter(due_at__lte=now + timedelta(days=14))
        .exclude(Exists(drafted))  # drafted in an earlier run: nothing to do
        .select_related("current_unit", "procedure_version", "reception_unit")
        .order_by("due_at")
    )
    horizon: dict[int, datetime] = {}  # reception unit → now + 2 working days, once per unit in a run
    created = 0
    for d in dossiers:
        unit = d.reception_unit  # the overall due instant is on the reception unit's calendar
        if unit.pk not in horizon:
            horizon[unit.pk] = deadlines.working_days_after(unit, now, APOLOGY_DRAFT_WORKING_DAYS)
        if d.due_at > horizon[unit.pk]:
            continue
        reason, appointment = _apology_proposal(d)
        limit = deadlines.apology_due(d)
        text = nfc(
            _(
                "{unit} xin lỗi Ông/Bà {name} vì hồ sơ {code} (“{procedure}”) không thể trả kết quả đúng hẹn "
                "({due})."
            ).format(
                unit=d.current_unit.name, name=d.applicant_name, code=d.code, procedure=d.procedure_version.name,
                due=messages.when(d.due_at),
            )
            + "\n" + _("Lý do: {reason}").format(reason=reason)
            + "\n" + _("Thời gian hẹn trả kết quả lại: {when}").format(when=messages.when(appointment))
        )
        with transaction.atomic():
            draft, made = ApologyDraft.objects.get_or_create(
                dossier=d, due_at=d.due_at, defaults={
                    "unit": d.current_unit, "text": text, "reason": reason, "new_appointment_at": appointment,
                    "apology_due_at": limit, "created_at": now,
                },
            )
            if made and d.current_unit.email:
                _queue_new([_email_row(
                    d.current_unit.email, _("Dự thảo phiếu xin lỗi: hồ sơ {code} sắp quá hạn").format(code=d.code),
                    _("Hồ sơ {code} sẽ đến hạn lúc {due} mà chưa có kết quả.").format(
                        code=d.code, due=messages.when(d.due_at)
                    )
                    + "\n"
                    + _(
                        "Phiếu xin lỗi và hẹn lại (Mẫu 04) phải được lập chậm nhất lúc {when} "
                        "(Nghị định 61/2018, Điều 19 khoản 9)."
                    ).format(when=messages.when(limit))
                    + "\n" + _("Dự thảo:") + f"\n\n{text}",
                    "apology_draft", f"apology_draft:{draft.pk}", d, now,
                )])
        created += int(made)
    return created


def _apology_proposal(d: Dossier) -> tuple[str, datetime]:
    """The draft's reason (from where the dossier stands) and proposed new appointment (product rule: the
    due instant + 3 working days); the officer corrects both before issuing the apology."""
    if d.status == Status.CONSULTING:
        units = ", ".join(
            d.opinions.filter(answered_at__isnull=True).select_related("unit").values_list("unit__name", flat=True)
        )
        reason = _("Đang chờ ý kiến của đơn vị phối hợp ({units}), chưa đủ căn cứ giải quyết hồ sơ.").format(
            units=units
        )
    else:
        reason = _("{unit} chưa hoàn thành việc thẩm định, giải quyết hồ sơ.").format(unit=d.current_unit.name)
    appointment = deadlines.working_days_after(d.reception_unit, d.due_at, APOLOGY_PROPOSED_EXTRA_WORKING_DAYS)
    return nfc(reason), appointment


def _queue_new(rows: list[Outbox]) -> list[Outbox]:
    """Insert the rows whose key is new; return only those (so a periodic job counts what it added)."""
    existing = set(Outbox.objects.filter(key__in=[r.key for r in rows]).values_list("key", flat=True))
    fresh = [r for r in rows if r.key not in existing]
    Outbox.objects.bulk_create(fresh, ignore_conflicts=True)
    return fresh


__all__ = [
    "MAX_ATTEMPTS", "backoff", "draft_apologies", "escalate_overdue", "kind_for", "queue_for_event",
    "record_receipt", "remind_due_soon", "send_pending",
]
