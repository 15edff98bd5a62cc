"""The texts of the notifications, in Vietnamese: one function per kind, e-mail (subject, body) and SMS.

Kinds: received, supplement_needed, result_ready, apology (late, new appointment), refused — the public
steps of domain.md §6; and for officers: due_soon, overdue, apology_draft.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from motcua.common.text import nfc
from motcua.dossiers.models import Channel, Dossier
from motcua.forms.marks import lookup_url


@dataclass(frozen=True)
class Message:
    subject: str
    body: str  # e-mail body
    sms: str

    def normalised(self) -> Message:
        return Message(nfc(self.subject), nfc(self.body), nfc(self.sms))


def when(value) -> str:
    """09:30 ngày 13/02/2026"""
    return f"{timezone.localtime(value):%H:%M} ngày {timezone.localtime(value):%d/%m/%Y}" if value else "không quy định"


def _ref(d: Dossier) -> str:
    return f"hồ sơ {d.code}" if d.code else f"hồ sơ “{d.procedure_version.name}”"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _greeting(d: Dossier) -> str:
    return f"Kính gửi Ông/Bà {d.applicant_name},\n\n"


SIGN_OFF = "\n\nTrân trọng.\n{unit}"


def _items(missing) -> list[str]:
    out = []
    for m in missing or []:
        out.append(str(m.get("name", "")) if isinstance(m, dict) else str(m))
    return [x for x in out if x.strip()]


def received(d: Dossier, event) -> Message:
    url = lookup_url(d.code)
    body = (
        _greeting(d)
        + f"{d.reception_unit.name} đã tiếp nhận hồ sơ “{d.procedure_version.name}” của Ông/Bà.\n"
        + f"Mã hồ sơ: {d.code}\nThời gian tiếp nhận: {when(d.received_at)}\n"
        + f"Hẹn trả kết quả: {when(d.due_at)}\nTra cứu tình trạng hồ sơ: {url}"
        + SIGN_OFF.format(unit=d.reception_unit.name)
    )
    sms = f"Hồ sơ {d.code} đã được tiếp nhận. Hẹn trả kết quả: {when(d.due_at)}. Tra cứu: {url}"
    return Message(f"Hồ sơ {d.code} đã được tiếp nhận", body, sms)


def supplement_needed(d: Dossier, event) -> Message:
    items = _items(event.data.get("missing"))
    listing = "".join(f"\n  {i}. {name}" for i, name in enumerate(items, 1))
    body = (
        _greeting(d)
        + f"{_cap(_ref(d))} cần được bổ sung, hoàn thiện trước khi tiếp tục giải quyết."
        + (f"\nGiấy tờ cần bổ sung:{listing}" if items else "")
        + (f"\nLý do: {event.note}" if event.note else "")
        + f"\nÔng/Bà vui lòng bổ sung tại {d.reception_unit.name}"
        + (" hoặc trên Cổng dịch vụ công." if d.channel == Channel.ONLINE else ".")
        + (f"\nTra cứu tình trạng hồ sơ: {lookup_url(d.code)}" if d.code else "")
        + SIGN_OFF.format(unit=d.reception_unit.name)
    )
    what = "; ".join(items) or event.note
    sms = f"{_cap(_ref(d))} cần bổ sung: {what}. Liên hệ {d.reception_unit.name}."
    return Message(f"Yêu cầu bổ sung {_ref(d)}", body, sms)


def result_ready(d: Dossier, event) -> Message:
    where = (
        "Ông/Bà có thể nhận kết quả trực tuyến hoặc"
        if d.channel == Channel.ONLINE
        else "Mời Ông/Bà"
    )
    body = (
        _greeting(d)
        + f"Hồ sơ {d.code} (“{d.procedure_version.name}”) đã có kết quả giải quyết.\n"
        + f"{where} đến {d.reception_unit.name} để nhận kết quả"
        + (f" ({d.reception_unit.address})" if d.reception_unit.address else "")
        + f".\nTra cứu tình trạng hồ sơ: {lookup_url(d.code)}"
        + SIGN_OFF.format(unit=d.reception_unit.name)
    )
    sms = f"Hồ sơ {d.code} đã có kết quả. Mời Ông/Bà nhận kết quả tại {d.reception_unit.name}."
    return Message(f"Hồ sơ {d.code} đã có kết quả", body, sms)


def apology(d: Dossier, event) -> Message:
    unit = event.to_unit.name if event.to_unit else d.current_unit.name
    body = (
        _greeting(d)
        + f"Hồ sơ {d.code} (“{d.procedure_version.name}”) hẹn trả kết quả lúc {when(d.due_at)} "
        + "chưa thể trả kết quả đúng hẹn.\n"
        + (f"Lý do: {event.note}\n" if event.note else "")
        + f"{unit} xin lỗi Ông/Bà vì sự chậm trễ này và hẹn trả kết quả vào {when(d.new_appointment_at)}.\n"
        + f"Tra cứu tình trạng hồ sơ: {lookup_url(d.code)}"
        + SIGN_OFF.format(unit=unit)
    )
    sms = (
        f"Xin lỗi Ông/Bà: hồ sơ {d.code} chưa thể trả kết quả đúng hẹn. "
        f"Hẹn lại: {when(d.new_appointment_at)}."
    )
    return Message(f"Phiếu xin lỗi và hẹn lại ngày trả kết quả hồ sơ {d.code}", body, sms)


def refused(d: Dossier, event) -> Message:
    at_intake = d.received_at is None
    what = "không được tiếp nhận" if at_intake else "bị từ chối giải quyết"
    body = (
        _greeting(d)
        + f"{_cap(_ref(d))} {what}.\nLý do: {event.note}"
        + SIGN_OFF.format(unit=d.reception_unit.name)
    )
    sms = f"{_cap(_ref(d))} {what}. Lý do: {event.note}"
    return Message(f"{_cap(_ref(d))} {what}", body, sms)


def payment_needed(d: Dossier, event) -> Message:
    amount = f"{int(event.data.get('amount', 0)):,}".replace(",", ".")
    body = (
        _greeting(d)
        + f"Để {_ref(d)} được tiếp nhận, Ông/Bà vui lòng nộp phí, lệ phí: {amount} đồng.\n"
        + (f"Ghi chú: {event.note}\n" if event.note else "")
        + (f"Tra cứu tình trạng hồ sơ: {lookup_url(d.code)}" if d.code else "")
        + SIGN_OFF.format(unit=d.reception_unit.name)
    )
    sms = f"Vui lòng nộp {amount} đồng phí, lệ phí để {_ref(d)} được tiếp nhận."
    return Message(f"Đề nghị nộp phí, lệ phí cho {_ref(d)}", body, sms)


def stopped(d: Dossier, event) -> Message:
    body = (
        _greeting(d)
        + f"{_cap(_ref(d))} đã được dừng giải quyết.\nLý do và căn cứ: {event.note}\n"
        + f"Tra cứu tình trạng hồ sơ: {lookup_url(d.code)}"
        + SIGN_OFF.format(unit=d.reception_unit.name)
    )
    sms = f"{_cap(_ref(d))} đã được dừng giải quyết. Lý do: {event.note}"
    return Message(f"{_cap(_ref(d))} đã được dừng giải quyết", body, sms)


BY_KIND = {
    "received": received,
    "supplement_needed": supplement_needed,
    "result_ready": result_ready,
    "apology": apology,
    "refused": refused,
    "stopped": stopped,
    "payment_needed": payment_needed,
}
