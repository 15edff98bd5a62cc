"""The texts of the notifications to applicants: one function per kind (`BY_KIND`), e-mail (subject, body)
and SMS, in the active language (services.queue_for_event renders them under the recipient's language,
Vietnamese unless the applicant used the site in another one: `recipient_language`).

Kinds: received, supplement_needed, result_ready, apology (late, new appointment), refused, stopped,
payment_needed — the public steps of domain.md §6. The officers' e-mails (due_soon, overdue,
apology_draft) are written by the deadline watch in services.py.

`for_event` is what the outbox uses: for a dossier received under Decree 224/2026 (notify/regimes.py) it
adds to each notice the agency, the officer and the instants of receipt, processing and return.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _

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
    """09:30 ngày 13/02/2026 (in English: 09:30 on 13/02/2026)"""
    if not value:
        return _("không quy định")
    local = timezone.localtime(value)
    return _("{time} ngày {date}").format(time=f"{local:%H:%M}", date=f"{local:%d/%m/%Y}")


def _ref(d: Dossier) -> str:
    if d.code:
        return _("hồ sơ {code}").format(code=d.code)
    return _("hồ sơ “{procedure}”").format(procedure=d.procedure_version.name)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _desk(d: Dossier):
    """The desk that answers for the dossier today: where it was received, or that desk's successor once it
    has ended (issue 12) — results are collected and supplements brought where a desk exists."""
    return successor_in_force(d.reception_unit, timezone.localdate())


def _lookup(d: Dossier) -> str:
    return _("Tra cứu tình trạng hồ sơ: {url}").format(url=lookup_url(d.code))


def sign_off() -> str:
    """What ends every letter before the signer, in the active language."""
    return "\n\n" + _("Trân trọng.") + "\n"


def _letter(d: Dossier, text: str, unit: str | None = None) -> str:
    """An e-mail body to the applicant: greeting, `text`, and the sign-off of `unit` (default: the
    reception unit)."""
    signer = _desk(d).name if unit is None else unit
    greeting = _("Kính gửi Ông/Bà {name},").format(name=d.applicant_name)
    return f"{greeting}\n\n{text}{sign_off()}{signer}"


def received(d: Dossier, event) -> Message:
    url = lookup_url(d.code)
    body = _letter(
        d,
        _("{unit} đã tiếp nhận hồ sơ “{procedure}” của Ông/Bà.").format(
            unit=d.reception_unit.name, procedure=d.procedure_version.name
        )
        + "\n" + _("Mã hồ sơ: {code}").format(code=d.code)
        + "\n" + _("Thời gian tiếp nhận: {when}").format(when=when(d.received_at))
        + "\n" + _("Hẹn trả kết quả: {when}").format(when=when(d.due_at))
        + "\n" + _lookup(d),
    )
    sms = _("Hồ sơ {code} đã được tiếp nhận. Hẹn trả kết quả: {when}. Tra cứu: {url}").format(
        code=d.code, when=when(d.due_at), url=url
    )
    return Message(_("Hồ sơ {code} đã được tiếp nhận").format(code=d.code), body, sms)


def supplement_needed(d: Dossier, event) -> Message:
    items = [item["name"] for item in missing_items(event.data.get("missing")) if item["name"].strip()]
    listing = "".join(f"\n  {i}. {name}" for i, name in enumerate(items, 1))
    where = _desk(d).name
    body = _letter(
        d,
        _("{ref} cần được bổ sung, hoàn thiện trước khi tiếp tục giải quyết.").format(ref=_cap(_ref(d)))
        + (("\n" + _("Giấy tờ cần bổ sung:") + listing) if items else "")
        + (("\n" + _("Lý do: {reason}").format(reason=event.note)) if event.note else "")
        + "\n"
        + (
            _("Ông/Bà vui lòng bổ sung tại {unit} hoặc trên Cổng dịch vụ công.").format(unit=where)
            if d.channel == Channel.ONLINE
            else _("Ông/Bà vui lòng bổ sung tại {unit}.").format(unit=where)
        )
        + (("\n" + _lookup(d)) if d.code else ""),
    )
    what = "; ".join(items) or event.note
    sms = _("{ref} cần bổ sung: {what}. Liên hệ {unit}.").format(ref=_cap(_ref(d)), what=what, unit=where)
    return Message(_("Yêu cầu bổ sung {ref}").format(ref=_ref(d)), body, sms)


def result_ready(d: Dossier, event) -> Message:
    desk = _desk(d)
    address = f" ({desk.address})" if desk.address else ""
    if d.channel == Channel.ONLINE:
        where = _("Ông/Bà có thể nhận kết quả trực tuyến hoặc đến {unit}{address} để nhận kết quả.")
    else:
        where = _("Mời Ông/Bà đến {unit}{address} để nhận kết quả.")
    body = _letter(
        d,
        _("Hồ sơ {code} (“{procedure}”) đã có kết quả giải quyết.").format(
            code=d.code, procedure=d.procedure_version.name
        )
        + "\n" + where.format(unit=desk.name, address=address)
        + "\n" + _lookup(d),
    )
    sms = _("Hồ sơ {code} đã có kết quả. Mời Ông/Bà nhận kết quả tại {unit}.").format(code=d.code, unit=desk.name)
    return Message(_("Hồ sơ {code} đã có kết quả").format(code=d.code), body, sms)


def returned(d: Dossier, event) -> Message:
    """The result reached the applicant: the signed link to evaluate the handling (Circular 01/2018,
    Art. 13–14; one evaluation per dossier, evaluation/services.py)."""
    from motcua.evaluation.services import link_url

    url = link_url(d)
    body = _letter(
        d,
        _("Hồ sơ {code} (“{procedure}”) đã được trả kết quả.").format(code=d.code, procedure=d.procedure_version.name)
        + "\n"
        + _("Mời Ông/Bà đánh giá việc giải quyết hồ sơ (mỗi hồ sơ một lần): {url}").format(url=url),
    )
    sms = _("Hồ sơ {code} đã trả kết quả. Mời Ông/Bà đánh giá việc giải quyết: {url}").format(code=d.code, url=url)
    return Message(_("Hồ sơ {code} đã được trả kết quả").format(code=d.code), body, sms)


def apology(d: Dossier, event) -> Message:
    unit = event.to_unit.name if event.to_unit else d.current_unit.name
    body = _letter(
        d,
        _("Hồ sơ {code} (“{procedure}”) hẹn trả kết quả lúc {when} chưa thể trả kết quả đúng hẹn.").format(
            code=d.code, procedure=d.procedure_version.name, when=when(d.due_at)
        )
        + "\n"
        + ((_("Lý do: {reason}").format(reason=event.note) + "\n") if event.note else "")
        + _("{unit} xin lỗi Ông/Bà vì sự chậm trễ này và hẹn trả kết quả vào {when}.").format(
            unit=unit, when=when(d.new_appointment_at)
        )
        + "\n" + _lookup(d),
        unit,
    )
    sms = _("Xin lỗi Ông/Bà: hồ sơ {code} chưa thể trả kết quả đúng hẹn. Hẹn lại: {when}.").format(
        code=d.code, when=when(d.new_appointment_at)
    )
    return Message(_("Phiếu xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}").format(code=d.code), body, sms)


def refused(d: Dossier, event) -> Message:
    ref = _cap(_ref(d))
    if d.received_at is None:
        headline = _("{ref} không được tiếp nhận").format(ref=ref)
    else:
        headline = _("{ref} bị từ chối giải quyết").format(ref=ref)
    reason = _("Lý do: {reason}").format(reason=event.note)
    body = _letter(d, f"{headline}.\n{reason}")
    sms = f"{headline}. {reason}"
    return Message(headline, body, sms)


def payment_needed(d: Dossier, event) -> Message:
    raw = int(event.data.get("amount", 0))
    amount = f"{raw:,}" if (translation.get_language() or "").startswith("en") else format_number(raw)
    body = _letter(
        d,
        _("Để {ref} được tiếp nhận, Ông/Bà vui lòng nộp phí, lệ phí: {amount} đồng.").format(ref=_ref(d), amount=amount)
        + "\n"
        + ((_("Ghi chú: {note}").format(note=event.note) + "\n") if event.note else "")
        + (_lookup(d) if d.code else ""),
    )
    sms = _("Vui lòng nộp {amount} đồng phí, lệ phí để {ref} được tiếp nhận.").format(amount=amount, ref=_ref(d))
    return Message(_("Đề nghị nộp phí, lệ phí cho {ref}").format(ref=_ref(d)), body, sms)


def stopped(d: Dossier, event) -> Message:
    headline = _("{ref} đã được dừng giải quyết").format(ref=_cap(_ref(d)))
    body = _letter(
        d,
        f"{headline}.\n" + _("Lý do và căn cứ: {reason}").format(reason=event.note) + "\n" + _lookup(d),
    )
    sms = f"{headline}. " + _("Lý do: {reason}").format(reason=event.note)
    return Message(headline, body, sms)


def handed_over(d: Dossier, event) -> Message:
    """The unit holding the dossier has ended and its successor carries on (issue 12; Resolution
    1679/NQ-UBTVQH15): the applicant hears who handles it now and that the appointment stands."""
    gone = event.from_unit.name if event.from_unit else _("Đơn vị đang giải quyết hồ sơ")
    to = event.to_unit.name if event.to_unit else d.current_unit.name
    appointment = when(d.new_appointment_at or d.due_at) if (d.new_appointment_at or d.due_at) else None
    body = _letter(
        d,
        _(
            "{gone} đã chấm dứt hoạt động. Hồ sơ {code} (“{procedure}”) được bàn giao cho {to}, "
            "đơn vị kế thừa, để giải quyết tiếp; toàn bộ hồ sơ và quá trình giải quyết được giữ nguyên."
        ).format(gone=gone, code=d.code, procedure=d.procedure_version.name, to=to)
        + "\n"
        + (
            (_("Thời hạn giải quyết không thay đổi: hẹn trả kết quả lúc {when}.").format(when=appointment) + "\n")
            if appointment else ""
        )
        + _lookup(d),
    )
    sms = _("Hồ sơ {code}: {gone} chấm dứt hoạt động; hồ sơ được bàn giao cho {to} giải quyết tiếp").format(
        code=d.code, gone=gone, to=to
    ) + ((". " + _("Hẹn trả kết quả: {when}.").format(when=appointment)) if appointment else ".")
    return Message(_("Hồ sơ {code} được bàn giao cho {to}").format(code=d.code, to=to), body, sms)


BY_KIND = {
    "handed_over": handed_over,
    "received": received,
    "supplement_needed": supplement_needed,
    "result_ready": result_ready,
    "returned": returned,
    "apology": apology,
    "refused": refused,
    "stopped": stopped,
    "payment_needed": payment_needed,
}


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
    lines = [(_("Cơ quan giải quyết"), d.current_unit.name)]
    officer = _officer(event)
    if officer:
        lines.append((_("Cán bộ thực hiện"), officer))
    if d.received_at:
        lines.append((_("Thời điểm tiếp nhận"), when(d.received_at)))
    started = _processing_started(d)
    if started:
        lines.append((_("Thời điểm bắt đầu xử lý"), when(started)))
    if d.returned_at:
        lines.append((_("Thời điểm trả kết quả"), when(d.returned_at)))
    elif d.received_at and (d.new_appointment_at or d.due_at):
        lines.append((_("Thời điểm hẹn trả kết quả"), when(d.new_appointment_at or d.due_at)))
    return lines


def with_handling(message: Message, d: Dossier, event) -> Message:
    """The notice with the agency, officer and instants: a block before the e-mail's sign-off, one
    sentence at the end of the SMS."""
    lines = handling_lines(d, event)
    block = _("Thông tin giải quyết hồ sơ:") + "".join(f"\n- {label}: {value}" for label, value in lines)
    head, sep, tail = message.body.rpartition(sign_off())
    body = f"{head}\n\n{block}{sep}{tail}" if sep else f"{message.body}\n\n{block}"
    sms = message.sms.rstrip() + " " + "; ".join(f"{label}: {value}" for label, value in lines) + "."
    return Message(message.subject, body, sms)


def for_event(kind: str, d: Dossier, event) -> Message:
    """The notice of `kind` for this event, in the words of the regime the dossier was received under."""
    message = BY_KIND[kind](d, event)
    if notice_regime_for(d).names_the_handling:
        message = with_handling(message, d, event)
    return message.normalised()


def template_data(d: Dossier) -> dict[str, str]:
    """The parameters of a Zalo (ZNS) template about `d`, all strings as Zalo wants them: the dossier code,
    its status, the date of the (new) appointment to return the result, the lookup link. Each kind of
    notice has its own template (MOTCUA_ZALO["TEMPLATES"]), approved by Zalo with these parameter names."""
    appointment = d.new_appointment_at or d.due_at
    return {
        "dossier_code": d.code or "",
        "customer_name": d.applicant_name or "",
        "status": str(d.status_label),
        "appointment_date": f"{timezone.localtime(appointment):%d/%m/%Y}" if appointment else _("không quy định"),
        "lookup_url": lookup_url(d.code) if d.code else "",
    }
