"""What a status notice to the National Public Service Portal says (decision 0047 documents the mapping).

One notice per change of a dossier (`pushes`): its code, the procedure (its national code and the code as
published), the receiving unit, the status in the portal's list (`PORTAL_STATUS`), the instant of the
change, the appointment, the unit handling it, the reasons of a supplement request, refusal, stop or
apology, the result's date, the channel — the status notices of Decree 224/2026, art. 15(1)(g), which also
name the officer who acted and the instants of receipt, processing and return for the dossiers received
under it (notify/regimes.py). The one-stop regime (Decree 61/2018 / Decree 118/2025, forms/regimes.py)
names the form that carries the notice to the applicant (an apology is "Phiếu xin lỗi và hẹn lại ngày trả
kết quả" under the first, "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết" under the second; only
the second has a notice of stopping).

The payload is data for the portal, in Vietnamese whatever language the officer uses; instants are local
time (Asia/Ho_Chi_Minh) as yyyyMMddHHmmss, the format of the portal's synchronisation service.
"""
from __future__ import annotations

import re

from django.utils import timezone

from motcua.common.effective import deciding_instant
from motcua.common.text import nfc
from motcua.dossiers.models import ACTION_LABELS, Channel, Dossier, DossierEvent, ResultKind, Status
from motcua.forms import regimes as form_regimes
from motcua.forms.selectors import missing_items
from motcua.notify.regimes import notice_regime_for

# The portal's list of dossier statuses (TrangThaiHoSo; legal-notes §1.3, the codes of a provincial system
# synchronised with the portal) and ours. A refusal decided during processing ends the handling with a
# written answer (the result is the refusal): "Đã xử lý xong" (legal-notes §1.10), and "Đã trả kết quả" once
# that answer has reached the applicant; a refusal at intake is "Không được tiếp nhận".
PORTAL_STATUS_LABELS = {
    "1": "Mới đăng ký",
    "2": "Được tiếp nhận",
    "3": "Không được tiếp nhận",
    "4": "Đang xử lý",
    "5": "Yêu cầu bổ sung giấy tờ",
    "6": "Yêu cầu thực hiện nghĩa vụ tài chính",
    "7": "Công dân yêu cầu rút hồ sơ",
    "8": "Dừng xử lý",
    "9": "Đã xử lý xong",
    "10": "Đã trả kết quả",
}
PORTAL_STATUS = {
    Status.SUBMITTED: "1",
    Status.RECEIVED: "2",
    Status.IN_PROGRESS: "4",
    Status.CONSULTING: "4",
    Status.AWAITING_SUPPLEMENT: "5",
    Status.AWAITING_PAYMENT: "6",
    Status.WITHDRAWN: "7",
    Status.STOPPED: "8",
    Status.RESOLVED: "9",
    Status.RETURNED: "10",
}
# KenhThucHien: 1 in person (the counter, a kiosk at the center), 2 online, 3 by public post.
PORTAL_CHANNEL = {Channel.COUNTER: "1", Channel.KIOSK: "1", Channel.ONLINE: "2", Channel.POST: "3"}
# The actions whose reason (the event's note) the notice carries.
REASONED = {"request_supplement", "refuse", "stop", "apologize", "withdraw"}
# Which form of the dossier's one-stop regime goes with the notice to the applicant.
FORM_OF_ACTION = {
    "receive": form_regimes.RECEIPT,
    "request_supplement": form_regimes.SUPPLEMENT,
    "apologize": form_regimes.APOLOGY,
    "stop": form_regimes.STOP,
}
NATIONAL_CODE = re.compile(r"^(\d\.\d{6})")


def portal_status(d: Dossier, event: DossierEvent) -> str:
    """The portal's status code of the dossier after `event`."""
    if event.to_status == Status.REFUSED:
        if d.received_at is None:
            return "3"
        return "10" if event.action == "return_result" else "9"
    return PORTAL_STATUS[event.to_status]


def is_pushed(event: DossierEvent) -> bool:
    """The events the portal hears of: every change of status (a citizen's draft is nobody's business but
    theirs), a new appointment (apology), the result handed over after a refusal, and a change of the unit
    handling the dossier (the agency the notice names). An officer assigned inside a unit, an opinion that
    leaves the dossier waiting for others and a rating change nothing the portal shows. Nor is history
    brought in from an older system (events marked `imported`): that system reported it when it happened."""
    if event.to_status == Status.DRAFT or (event.data or {}).get("imported"):
        return False
    if event.from_status != event.to_status:
        return True
    if event.action in ("apologize", "return_result"):
        return True
    return event.action in ("transfer", "approve", "hand_to_successor") and event.from_unit_id != event.to_unit_id


def when(value) -> str | None:
    """yyyyMMddHHmmss in local time, or None."""
    if not value:
        return None
    return f"{timezone.localtime(value):%Y%m%d%H%M%S}"


def unit_code(unit) -> str:
    """The unit's electronic agency identifier (Circular 10/2016/TT-BTTTT) where recorded, else its code."""
    return unit.agency_identifier or unit.code


def national_code(procedure_code: str) -> str:
    """1.009994 of 1.009994.000.00.00.H49: the procedure's code in the national database."""
    match = NATIONAL_CODE.match(procedure_code)
    return match.group(1) if match else procedure_code


def _officer(event: DossierEvent) -> str | None:
    from motcua.accounts.models import Role

    if event.actor_id is None or event.actor_role == Role.CITIZEN:
        return None
    return event.actor.full_name or event.actor.username


def _processing_started(d: Dossier):
    if d.received_at is None:
        return None
    holding = d.holdings.filter(ended_at__isnull=True).order_by("-id").first()
    return holding.started_at if holding is not None else None


def build(d: Dossier, event: DossierEvent, *, key: str, sequence: int) -> dict:
    """The notice of `event` (the dossier as it is after it)."""
    status = portal_status(d, event)
    notice_regime = notice_regime_for(d)
    one_stop = form_regimes.regime_at(deciding_instant(d))
    holding_unit = d.current_unit
    payload = {
        "MaDongBo": key,
        "SoThuTu": sequence,
        "MaHoSo": d.code or "",
        "MaTTHC": national_code(d.procedure.code),
        "MaThuTucCongBo": d.procedure.code,
        "TenTTHC": d.procedure_version.name,
        "MaDonViTiepNhan": unit_code(d.reception_unit),
        "TenDonViTiepNhan": d.reception_unit.name,
        "KenhThucHien": PORTAL_CHANNEL.get(d.channel, "1"),
        "TrangThaiHoSo": status,
        "TenTrangThaiHoSo": PORTAL_STATUS_LABELS[status],
        "ThaoTac": str(ACTION_LABELS.get(event.action, event.action)),
        "ThoiDiemCapNhat": when(event.at),
        "NgayNopHoSo": when(d.submitted_at),
        "NgayTiepNhan": when(d.received_at),
        "NgayHenTra": when(d.new_appointment_at or d.due_at),
        "NgayHenTraBanDau": when(d.due_at) if d.new_appointment_at else None,
        "DonViXuLy": {"Ma": unit_code(holding_unit), "Ten": holding_unit.name},
        "LyDo": event.note if event.action in REASONED and event.note else None,
        "GiayToCanBoSung": (
            [item["name"] for item in missing_items(event.data.get("missing")) if item["name"].strip()]
            if event.action == "request_supplement" else []
        ),
        "KetQua": (
            {"Loai": "tu_choi" if d.result_kind == ResultKind.REFUSED else "giai_quyet",
             "SoKetQua": d.result_number or None, "NgayKetQua": d.result_date.strftime("%Y%m%d") if d.result_date else None}
            if d.resolved_at else None
        ),
        "NgayCoKetQua": when(d.resolved_at),
        "NgayTra": when(d.returned_at),
        "HinhThucTra": event.data.get("method") if event.action == "return_result" else None,
        "CheDoMotCua": one_stop.key,
        "CheDoThongBao": notice_regime.key,
        "VanBanThongBao": _form_title(one_stop, d, event),
    }
    if notice_regime.names_the_handling:
        # Decree 224/2026, art. 15(1)(g): the agency, the officer and the instants of receipt, processing
        # and return.
        payload["CanBoXuLy"] = _officer(event)
        payload["ThoiDiemBatDauXuLy"] = when(_processing_started(d))
        payload["ThoiDiemTraKetQua"] = when(d.returned_at)
    return nfc_payload(payload)


def _form_title(regime, d: Dossier, event: DossierEvent) -> str | None:
    """The form of the one-stop regime that carries this notice to the applicant, if any."""
    if event.action == "refuse":
        purpose = form_regimes.REFUSAL if d.received_at is None else form_regimes.NOTICE
    else:
        purpose = FORM_OF_ACTION.get(event.action)
    spec = regime.by_purpose(purpose) if purpose else None
    if spec is None:
        return None
    number = f"Mẫu số {spec.number} " if spec.number.isdigit() else ""
    return f"{number}{spec.title} ({regime.circular})" if number else spec.title


def nfc_payload(value):
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {k: nfc_payload(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc_payload(v) for v in value]
    return value
