"""Render the forms of the one-stop regime to PDF (WeasyPrint) and the tracking book to Excel too.

Templates live per regime (`templates/forms/<regime>/mau0X.html`); the regime is chosen by the date the
dossier was received, so the forms of Circular 03/2025 can be added beside those of Circular 01/2018.
The fonts are shipped in `fonts/` and loaded with @font-face: the output never depends on system fonts.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from motcua.common.text import nfc
from motcua.dossiers import deadlines
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from motcua.units.selectors import government_of
from motcua.workdays.calendars import to_local
from motcua.workdays.explain import UNIT_LABELS

from . import formatting as fmt
from . import marks, selectors

FORMS_DIR = Path(__file__).resolve().parent
FONTS_DIR = FORMS_DIR / "fonts"

NOTICE = "tb"
KINDS = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "04": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "05": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "06": "Sổ theo dõi hồ sơ",
    # Not a form of the Circular: the processing unit's written notice of a refusal during processing.
    NOTICE: "Thông báo về việc không giải quyết hồ sơ",
}
# (first day in force, regime key), newest last. Circular 01/2018/TT-VPCP is in force from 06/01/2019
# and used for everything before too; Circular 03/2025/TT-VPCP (seven forms, legal-notes §2.7) gets its
# row here when its templates exist.
REGIMES: list[tuple[date, str]] = [(date.min, "tt01_2018")]


def regime_for(day: date) -> str:
    key = REGIMES[0][1]
    for since, regime in REGIMES:
        if day >= since:
            key = regime
    return key


def _day_of(dossier: Dossier) -> date:
    when = dossier.received_at or dossier.submitted_at or dossier.created_at or timezone.now()
    return timezone.localtime(when).date()


def _nfc_all(value):
    """Every string of the context in NFC, however deep (the forms print only NFC text)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {k: _nfc_all(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_nfc_all(v) for v in value]
    return value


def _heading(unit: Unit, at: datetime | None) -> dict:
    gov = government_of(unit)
    if gov.pk == unit.pk:  # a People's Committee heads its documents with its own name only
        issuer, parent = f"Ủy ban nhân dân {unit.name}", None
    else:
        issuer, parent = unit.name, gov
    return {
        "issuer_parent": f"UBND {parent.name}" if parent is not None else "",
        "issuer": issuer,
        "place": fmt.place_name(gov.name),
        "issued_on": fmt.vn_date(at or timezone.now()),
        "unit": unit,
    }


def _applicant(d: Dossier) -> dict:
    return {
        "name": d.applicant_name, "address": d.applicant_address, "phone": d.applicant_phone,
        "email": d.applicant_email, "id_number": d.applicant_id_number,
        "representative": d.representative_name,
    }


def _marks(code: str | None, with_barcode: bool) -> dict:
    if not code:
        return {}
    url = marks.lookup_url(code)
    return {
        # The QR code opens the page with the check; the printed line names the page, and the check is
        # printed on its own line (a person types both).
        "lookup_url": url.split("?")[0], "lookup_check": marks.lookup_check(code), "qr": marks.qr_data_uri(url),
        "barcode": marks.barcode_data_uri(code) if with_barcode else None,
    }


def _documents(d: Dossier) -> list[dict]:
    rows = []
    for doc in d.procedure_version.documents.all():
        if doc.variant_id not in (None, d.variant_id):
            continue
        got = (d.checklist or {}).get(str(doc.pk))
        if not got or not got.get("present", True):
            continue
        rows.append({"name": doc.name, "originals": got.get("originals", doc.originals), "copies": got.get("copies", doc.copies)})
    return rows


def _processing_time(d: Dossier) -> str:
    time_unit, amount = deadlines.rule(d.procedure_version, d.variant, d.channel)
    label = UNIT_LABELS.get(time_unit, "")
    if time_unit.value in ("same_day", "none"):
        return label
    return f"{amount.normalize():f} {label}"


def _due_explanation(d: Dossier) -> str:
    """The deadline engine's explanation of the due instant, when it still matches the stored one."""
    if d.received_at is None or d.due_at is None:
        return ""
    try:
        due, text, _ = deadlines.preview_due(d.reception_unit, d.procedure_version, d.received_at, d.channel, d.variant)
    except Exception:  # an explanation is a courtesy: the slip prints without it
        return ""
    return text if due == d.due_at else ""


# One function per form of a dossier: its heading, marks and fields. `extra` holds the caller's
# overrides; a function pops those it reads, whatever is left is added to the context as given.
def _person(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def _mau01(d: Dossier, extra: dict) -> dict:
    version = d.procedure_version
    # The officer who received it (an online dossier was created by the citizen, received by the desk).
    received = selectors.last_event(d, "receive")
    officer = _person(received.actor) if received else (_person(d.created_by) if d.created_by else "")
    return _heading(d.reception_unit, d.received_at) | _marks(d.code, with_barcode=True) | {
        "documents": _documents(d), "sets": version.dossier_sets, "processing_time": _processing_time(d),
        "received": fmt.vn_datetime(d.received_at), "due": fmt.vn_datetime(d.due_at),
        "due_explanation": _due_explanation(d),
        "result_place": extra.pop("result_place", "") or f"Bộ phận tiếp nhận và trả kết quả — {d.reception_unit.name}",
        "book_number": timezone.localtime(d.received_at).year if d.received_at else "",
        "book_row": (d.code or "").rsplit("-", 1)[-1].lstrip("0"),
        "officer": extra.pop("officer", "") or officer,
        "copies": ["Liên 1: Lưu hồ sơ", "Liên 2: Giao người nộp hồ sơ"],
    }


def _mau02(d: Dossier, extra: dict) -> dict:
    event = selectors.last_event(d, "request_supplement")
    raw = extra.pop("missing", None)
    if raw is None and event is not None:
        raw = event.data.get("missing")
    unit = event.from_unit if event and event.from_unit else d.reception_unit
    return _heading(unit, event.at if event else None) | _marks(d.code, with_barcode=False) | {
        "missing": selectors.missing_items(raw),
        "reason": extra.pop("reason", None) or (event.note if event else ""),
        # The officer who guided signs as NGƯỜI HƯỚNG DẪN (legal-notes §2.2).
        "officer": extra.pop("officer", "") or (_person(event.actor) if event else ""),
        "officer_phone": extra.pop("officer_phone", unit.phone),
    }


def _mau03(d: Dossier, extra: dict) -> dict:
    event = selectors.last_event(d, "refuse")
    reasons = extra.pop("reasons", None)
    if reasons is None:
        reasons = [r.strip() for r in (event.note if event else "").splitlines() if r.strip()]
    return _heading(d.reception_unit, event.at if event else None) | _marks(d.code, with_barcode=False) | {
        "reasons": reasons, "officer": extra.pop("officer", "") or (_person(event.actor) if event else ""),
    }


def _reasons(text: str) -> list[str]:
    return [r.strip() for r in (text or "").splitlines() if r.strip()]


def _notice(d: Dossier, extra: dict) -> dict:
    """The processing unit's notice of a refusal during processing (Decree 61/2018, art. 19(3)): the unit
    returns the dossier through the one-stop desk with a written notice of its reasons, within the time
    limit. It is the unit's document, not the desk's Mẫu 03 (a refusal at intake)."""
    event = selectors.last_event(d, "refuse")
    unit = (event.from_unit if event and event.from_unit else None) or d.current_unit
    reasons = extra.pop("reasons", None)
    if reasons is None:
        reasons = _reasons(event.note if event else "")
    return _heading(unit, event.at if event else None) | _marks(d.code, with_barcode=False) | {
        "reasons": reasons, "received": fmt.vn_datetime(d.received_at), "reception_unit": d.reception_unit.name,
        "signer": extra.pop("signer", "") or (_person(event.actor) if event else ""),
    }


def _mau04(d: Dossier, extra: dict) -> dict:
    event = selectors.last_event(d, "apologize")
    unit = (event.from_unit if event and event.from_unit else None) or d.current_unit
    new = extra.pop("new_appointment_at", None) or d.new_appointment_at
    return _heading(unit, event.at if event else None) | _marks(d.code, with_barcode=False) | {
        "received": fmt.vn_datetime(d.received_at), "due": fmt.vn_datetime(d.due_at),
        "new_appointment": fmt.vn_datetime(new), "reason": extra.pop("reason", None) or d.apology_note,
        "signer": extra.pop("signer", "") or (_person(event.actor) if event else ""),
        "reception_unit": d.reception_unit.name,
    }


def _mau05(d: Dossier, extra: dict) -> dict:
    version = d.procedure_version
    return _heading(d.reception_unit, d.received_at) | _marks(d.code, with_barcode=True) | {
        "received": fmt.vn_datetime(d.received_at), "due": fmt.vn_datetime(d.due_at),
        "new_appointment": fmt.vn_datetime(d.new_appointment_at),
        "handling_unit": version.implementing_unit.name if version.implementing_unit else "",
        "coordinating": ", ".join(sorted({o.unit.name for o in d.opinions.select_related("unit")})) if d.pk else "",
        "rows": [
            {**r.__dict__, "at": fmt.vn_datetime(r.at), "timeliness_label": r.timeliness_label}
            for r in selectors.control_sheet_rows(d)
        ],
    }


DOSSIER_FORMS: dict[str, Callable[[Dossier, dict], dict]] = {
    "01": _mau01, "02": _mau02, "03": _mau03, "04": _mau04, "05": _mau05, NOTICE: _notice,
}
TEMPLATES = {NOTICE: "thong_bao_tu_choi"}


def _context(kind: str, d: Dossier, extra: dict) -> dict:
    base = {
        "kind": kind, "title": KINDS[kind], "dossier": d, "code": d.code or "",
        "procedure": d.procedure_version.name, "applicant": _applicant(d), "now": fmt.vn_datetime(timezone.now()),
    }
    fields = DOSSIER_FORMS[kind](d, extra)  # pops the overrides it uses from `extra`
    return base | fields | extra


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(template, _nfc_all(context) | {"fonts_url": FONTS_DIR.as_uri()})
    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(FORMS_DIR)).write_pdf(font_config=fonts)


def render_form(kind: str, dossier: Dossier, **ctx) -> bytes:
    """The PDF of form `kind` ("01"…"05", or "mau01"…) for a dossier; `ctx` overrides or adds fields
    (e.g. `missing=[…]` and `reason=` for a Mẫu 02 of a dossier not received yet)."""
    kind = kind.removeprefix("mau").zfill(2)
    if kind not in DOSSIER_FORMS:
        raise ValueError(f"Không có mẫu {kind} cho một hồ sơ (Mẫu 06 là sổ theo dõi: tracking_book_pdf).")
    regime = ctx.pop("regime", None) or regime_for(_day_of(dossier))
    template = TEMPLATES.get(kind, f"mau{kind}")
    return _pdf(f"forms/{regime}/{template}.html", _context(kind, dossier, dict(ctx)))


def render_intake_slip(slip) -> bytes:
    """The PDF of a slip issued at the counter without a dossier (IntakeSlip): Mẫu 02 or Mẫu 03 with its
    number, the applicant, the procedure, what is missing or the reasons, and the officer who signs it."""
    context = _heading(slip.unit, slip.issued_at) | {
        "kind": slip.form_kind, "title": KINDS[slip.form_kind], "code": "", "number": slip.number,
        "procedure": slip.procedure_version.name,
        "applicant": {
            "name": slip.applicant_name, "address": slip.applicant_address, "phone": slip.applicant_phone,
            "email": slip.applicant_email, "id_number": slip.applicant_id_number,
            "representative": slip.representative_name,
        },
        "missing": selectors.missing_items(slip.missing), "reason": slip.reasons, "reasons": slip.reason_lines,
        "officer": _person(slip.officer), "officer_phone": slip.unit.phone,
        "now": fmt.vn_datetime(timezone.now()),
    }
    return _pdf(f"forms/{regime_for(timezone.localtime(slip.issued_at).date())}/mau{slip.form_kind}.html", context)


def _book_context(unit: Unit, date_from: date, date_to: date) -> dict:
    rows = selectors.tracking_book_rows(unit, date_from, date_to)
    return _heading(unit, None) | {
        "kind": "06", "title": KINDS["06"], "date_from": fmt.short_date(date_from), "date_to": fmt.short_date(date_to),
        "rows": [
            {
                **r.__dict__,
                "code_parts": r.code.rsplit("-", 2),
                **{k: fmt.short_datetime(getattr(r, k)) for k in ("received_at", "due_at", "transferred_at", "resolved_at", "returned_at")},
            }
            for r in rows
        ],
    }


def tracking_book_pdf(unit: Unit, date_from: date, date_to: date, *, regime: str | None = None) -> bytes:
    """Mẫu 06: the dossiers a unit received in a period, one row each (landscape A4)."""
    regime = regime or regime_for(date_to)
    return _pdf(f"forms/{regime}/mau06.html", _book_context(unit, date_from, date_to))


BOOK_COLUMNS = [
    ("number", "TT", 5), ("code", "Mã hồ sơ", 24), ("procedure", "Tên thủ tục hành chính", 40),
    ("sets", "Số lượng hồ sơ (bộ)", 9), ("applicant", "Tên cá nhân, tổ chức", 24),
    ("contact", "Địa chỉ, số điện thoại", 28), ("handling_unit", "Cơ quan chủ trì giải quyết", 28),
    ("received_at", "Nhận hồ sơ", 17), ("due_at", "Hẹn trả kết quả", 17), ("transferred_at", "Chuyển hồ sơ", 17),
    ("resolved_at", "Nhận kết quả", 17), ("returned_at", "Trả kết quả", 17), ("signature", "Ký nhận", 12),
    ("note", "Ghi chú", 28),
]


def tracking_book_xlsx(unit: Unit, date_from: date, date_to: date) -> bytes:
    """Mẫu 06 as a workbook: a title block, a header row (row 5) and one row per dossier; times are real
    Excel date-times (local, without zone), so the book can be sorted and filtered."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    rows = selectors.tracking_book_rows(unit, date_from, date_to)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sổ theo dõi hồ sơ"
    ws["A1"] = nfc(unit.name.upper())
    ws["A2"] = nfc(KINDS["06"].upper())
    ws["A3"] = f"Từ ngày {fmt.short_date(date_from)} đến ngày {fmt.short_date(date_to)}"
    for cell in ("A1", "A2"):
        ws[cell].font = Font(bold=True)
    header_row = 5
    for col, (_, label, width) in enumerate(BOOK_COLUMNS, 1):
        c = ws.cell(row=header_row, column=col, value=label)
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    for i, r in enumerate(rows, header_row + 1):
        for col, (attr, _, _) in enumerate(BOOK_COLUMNS, 1):
            value = getattr(r, attr, "")
            if isinstance(value, datetime):
                value = to_local(value)
            elif isinstance(value, str):
                value = nfc(value)
            c = ws.cell(row=i, column=col, value=value)
            if isinstance(value, datetime):
                c.number_format = "dd/mm/yyyy hh:mm"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
