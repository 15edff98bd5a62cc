"""The texts of the notifications to applicants, in Vietnamese: one function per kind (`BY_KIND`),
e-mail (subject, body) and SMS.

Kinds: received, supplement_needed, result_ready, apology (late, new appointment), refused, stopped,
payment_needed — the public steps of domain.md §6. The officers' e-mails (due_soon, overdue,
apology_draft) are written by the deadline watch in services.py.

`for_event` is what the outbox uses: for a dossier received under Decree 224/2026 (notify/regimes.py) it
adds to each notice the agency, the officer and the instants of receipt, processing and return.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from motcua.accounts.models import Role
from motcua.common.text import nfc
from motcua.dossiers.models import Channel, Dossier
from motcua.forms.marks import lookup_url
from motcua.forms.selectors import missing_items
from motcua.portal.presentation import format_number
from motcua.units.selectors import successor_in_force

from .regimes import notice_regime_for


@dataclass(frozen=True)
class Message:
    subject: str
    body: str  # e-mail body
    sms: str

    def normalised(self) -> Message:
        return Message(nfc(self.subject), nfc(self.body), nfc(self.sms))


def when(value) -> str:
    """09:30 ngày 13/02/2026"""
    return f"{timezone.localtime(value):%H:%M ngày %d/%m/%Y}" if value else "không quy định"


def _ref(d: Dossier) -> str:
    return f"hồ sơ {d.code}" if d.code else f"hồ sơ “{d.procedure_version.name}”"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _desk(d: Dossier):
    """The desk that answers for the dossier today: where it was received, or that desk's successor once it
    has ended (issue 12) — results are collected and supplements brought where a desk exists."""
    return successor_in_force(d.reception_unit, timezone.localdate())


def _letter(d: Dossier, text: str, unit: str | None = None) -> str:
    """An e-mail body to the applicant: greeting, `text`, and the sign-off of `unit` (default: the
    reception unit)."""
    signer = _desk(d).name if unit is None else unit
    return f"Kính gửi Ông/Bà {d.applicant_name},\n\n{text}\n\nTrân trọng.\n{signer}"


def received(d: Dossier, event) -> Message:
    url = lookup_url(d.code)
    body = _letter(
        d,
        f"{d.reception_unit.name} đã tiếp nhận hồ sơ “{d.procedure_version.name}” của Ông/Bà.\n"
        f"Mã hồ sơ: {d.code}\nThời gian tiếp nhận: {when(d.received_at)}\n"
        f"Hẹn trả kết quả: {when(d.due_at)}\nTra cứu tình trạng hồ sơ: {url}",
    )
    sms = f"Hồ sơ {d.code} đã được tiếp nhận. Hẹn trả kết quả: {when(d.due_at)}. Tra cứu: {url}"
    return Message(f"Hồ sơ {d.code} đã được tiếp nhận", body, sms)


def supplement_needed(d: Dossier, event) -> Message:
    items = [item["name"] for item in missing_items(event.data.get("missing")) if item["name"].strip()]
    listing = "".join(f"\n  {i}. {name}" for i, name in enumerate(items, 1))
    body = _letter(
        d,
        f"{_cap(_ref(d))} cần được bổ sung, hoàn thiện trước khi tiếp tục giải quyết."
        + (f"\nGiấy tờ cần bổ sung:{listing}" if items else "")
        + (f"\nLý do: {event.note}" if event.note else "")
        + f"\nÔng/Bà vui lòng bổ sung tại {_desk(d).name}"
        + (" hoặc trên Cổng dịch vụ công." if d.channel == Channel.ONLINE else ".")
        + (f"\nTra cứu tình trạng hồ sơ: {lookup_url(d.code)}" if d.code else ""),
    )
    what = "; ".join(items) or event.note
    sms = f"{_cap(_ref(d))} cần bổ sung: {what}. Liên hệ {_desk(d).name}."
    return Message(f"Yêu cầu bổ sung {_ref(d)}", body, sms)


def result_ready(d: Dossier, event) -> Message:
    where = (
        "Ông/Bà có thể nhận kết quả trực tuyến hoặc"
        if d.channel == Channel.ONLINE
        else "Mời Ông/Bà"
    )
    body = _letter(
        d,
        f"Hồ sơ {d.code} (“{d.procedure_version.name}”) đã có kết quả giải quyết.\n"
        + f"{where} đến {_desk(d).name} để nhận kết quả"
        + (f" ({_desk(d).address})" if _desk(d).address else "")
        + f".\nTra cứu tình trạng hồ sơ: {lookup_url(d.code)}",
    )
    sms = f"Hồ sơ {d.code} đã có kết quả. Mời Ông/Bà nhận kết quả tại {_desk(d).name}."
    return Message(f"Hồ sơ {d.code} đã có kết quả", body, sms)


def apology(d: Dossier, event) -> Message:
    unit = event.to_unit.name if event.to_unit else d.current_unit.name
    body = _letter(
        d,
        f"Hồ sơ {d.code} (“{d.procedure_version.name}”) hẹn trả kết quả lúc {when(d.due_at)} "
        + "chưa thể trả kết quả đúng hẹn.\n"
        + (f"Lý do: {event.note}\n" if event.note else "")
        + f"{unit} xin lỗi Ông/Bà vì sự chậm trễ này và hẹn trả kết quả vào {when(d.new_appointment_at)}.\n"
        + f"Tra cứu tình trạng hồ sơ: {lookup_url(d.code)}",
        unit,
    )
    sms = (
        f"Xin lỗi Ông/Bà: hồ sơ {d.code} chưa thể trả kết quả đúng hẹn. "
        f"Hẹn lại: {when(d.new_appointment_at)}."
    )
    return Message(f"Phiếu xin lỗi và hẹn lại ngày trả kết quả hồ sơ {d.code}", body, sms)


def refused(d: Dossier, event) -> Message:
    what = "không được tiếp nhận" if d.received_at is None else "bị từ chối giải quyết"
    ref = _cap(_ref(d))
    body = _letter(d, f"{ref} {what}.\nLý do: {event.note}")
    sms = f"{ref} {what}. Lý do: {event.note}"
    return Message(f"{ref} {what}", body, sms)


def payment_needed(d: Dossier, event) -> Message:
    amount = format_number(int(event.data.get("amount", 0)))
    body = _letter(
        d,
        f"Để {_ref(d)} được tiếp nhận, Ông/Bà vui lòng nộp phí, lệ phí: {amount} đồng.\n"
        + (f"Ghi chú: {event.note}\n" if event.note else "")
        + (f"Tra cứu tình trạng hồ sơ: {lookup_url(d.code)}" if d.code else ""),
    )
    sms = f"Vui lòng nộp {amount} đồng phí, lệ phí để {_ref(d)} được tiếp nhận."
    return Message(f"Đề nghị nộp phí, lệ phí cho {_ref(d)}", body, sms)


def stopped(d: Dossier, event) -> Message:
    ref = _cap(_ref(d))
    body = _letter(
        d, f"{ref} đã được dừng giải quyết.\nLý do và căn cứ: {event.note}\nTra cứu tình trạng hồ sơ: {lookup_url(d.code)}"
    )
    sms = f"{ref} đã được dừng giải quyết. Lý do: {event.note}"
    return Message(f"{ref} đã được dừng giải quyết", body, sms)


def handed_over(d: Dossier, event) -> Message:
    """The unit holding the dossier has ended and its successor carries on (issue 12; Resolution
    1679/NQ-UBTVQH15): the applicant hears who handles it now and that the appointment stands."""
    gone = event.from_unit.name if event.from_unit else "Đơn vị đang giải quyết hồ sơ"
    to = event.to_unit.name if event.to_unit else d.current_unit.name
    appointment = when(d.new_appointment_at or d.due_at) if (d.new_appointment_at or d.due_at) else None
    body = _letter(
        d,
        f"{gone} đã chấm dứt hoạt động. Hồ sơ {d.code} (“{d.procedure_version.name}”) được bàn giao cho {to}, "
        + "đơn vị kế thừa, để giải quyết tiếp; toàn bộ hồ sơ và quá trình giải quyết được giữ nguyên.\n"
        + (f"Thời hạn giải quyết không thay đổi: hẹn trả kết quả lúc {appointment}.\n" if appointment else "")
        + f"Tra cứu tình trạng hồ sơ: {lookup_url(d.code)}",
    )
    sms = f"Hồ sơ {d.code}: {gone} chấm dứt hoạt động; hồ sơ được bàn giao cho {to} giải quyết tiếp" + (
        f". Hẹn trả kết quả: {appointment}." if appointment else "."
    )
    return Message(f"Hồ sơ {d.code} được bàn giao cho {to}", body, sms)


BY_KIND = {
    "handed_over": handed_over,
    "received": received,
    "supplement_needed": supplement_needed,
    "result_ready": result_ready,
    "apology": apology,
    "refused": refused,
    "stopped": stopped,
    "payment_needed": payment_needed,
}


SIGN_OFF = "\n\nTrân trọng.\n"


def _officer(event) -> str | None:
    """The full name of the officer who acted, when the event has one (not the applicant's own action)."""
    actor = getattr(event, "actor", None)
    if actor is None or event.actor_role == Role.CITIZEN:
        return None
    return actor.full_name or actor.username


def _processing_started(d: Dossier):
    """The start of the current step: that of the holding of the unit now handling the dossier (a unit's
    consecutive steps are one holding, dossiers.services._move); None when the dossier was never received
    or no unit holds it."""
    if d.received_at is None:
        return None
    holding = d.holdings.filter(ended_at__isnull=True).order_by("-id").first()
    return holding.started_at if holding is not None else None


def handling_lines(d: Dossier, event) -> list[tuple[str, str]]:
    """(label, value) of what Decree 224/2026, art. 15(1)(g) has a status notice name, where known."""
    lines = [("Cơ quan giải quyết", d.current_unit.name)]
    officer = _officer(event)
    if officer:
        lines.append(("Cán bộ thực hiện", officer))
    if d.received_at:
        lines.append(("Thời điểm tiếp nhận", when(d.received_at)))
    started = _processing_started(d)
    if started:
        lines.append(("Thời điểm bắt đầu xử lý", when(started)))
    if d.returned_at:
        lines.append(("Thời điểm trả kết quả", when(d.returned_at)))
    elif d.received_at and (d.new_appointment_at or d.due_at):
        lines.append(("Thời điểm hẹn trả kết quả", when(d.new_appointment_at or d.due_at)))
    return lines


def with_handling(message: Message, d: Dossier, event) -> Message:
    """The notice with the agency, officer and instants: a block before the e-mail's sign-off, one
    sentence at the end of the SMS."""
    lines = handling_lines(d, event)
    block = "Thông tin giải quyết hồ sơ:" + "".join(f"\n- {label}: {value}" for label, value in lines)
    head, sep, tail = message.body.rpartition(SIGN_OFF)
    body = f"{head}\n\n{block}{sep}{tail}" if sep else f"{message.body}\n\n{block}"
    sms = message.sms.rstrip() + " " + "; ".join(f"{label}: {value}" for label, value in lines) + "."
    return Message(message.subject, body, sms)


def for_event(kind: str, d: Dossier, event) -> Message:
    """The notice of `kind` for this event, in the words of the regime the dossier was received under."""
    message = BY_KIND[kind](d, event)
    if notice_regime_for(d).names_the_handling:
        message = with_handling(message, d, event)
    return message.normalised()
