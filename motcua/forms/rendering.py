"""Render the forms of the one-stop regimes to PDF (WeasyPrint) and the tracking book to Excel too.

Templates live per regime (`templates/forms/<regime.templates>/mauNN.html`); the regime, its numbering and
titles come from `regimes.REGIMES` and are chosen by the instant the dossier was received (Circular
01/2018 forms before 01/07/2025, Circular 03/2025 forms from then on; docs/decisions/0020-regimes.md).
The fonts are shipped in `fonts/` and loaded with @font-face: the output never depends on system fonts.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation

from motcua.common.text import nfc
from motcua.dossiers import deadlines
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import form_data_rows
from motcua.units.models import Unit
from motcua.units.selectors import government_of
from motcua.workdays.calendars import to_local
from motcua.workdays.explain import UNIT_LABELS

from . import formatting as fmt
from . import marks, regimes, selectors

FORMS_DIR = Path(__file__).resolve().parent
FONTS_DIR = FORMS_DIR / "fonts"

NOTICE = "tb"


def _regime(dossier: Dossier, key: str | None) -> regimes.Regime:
    return regimes.regime_by_key(key) if key else selectors.regime_for(dossier)


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
        # The procedure's own information the applicant declared (decision 0045), in Vietnamese.
        "form_data": form_data_rows(d, vietnamese=True),
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


def _stop(d: Dossier, extra: dict) -> dict:
    """Circular 03/2025, Mẫu 05 — Thông báo dừng giải quyết hồ sơ: the unit that stopped the dossier tells
    the applicant, with the reason and its basis (the `stop` event's note, required by the service). The
    Appendix's exact fields are not known (legal-notes §2.7 [S]): the notice follows the structure of the
    2018 apology (Mẫu 04): addressee, the dossier received, the reason, the signer and the recipients."""
    event = selectors.last_event(d, "stop")
    unit = (event.from_unit if event and event.from_unit else None) or d.current_unit
    reasons = extra.pop("reasons", None)
    if reasons is None:
        reasons = _reasons(event.note if event else "")
    return _heading(unit, event.at if event else None) | _marks(d.code, with_barcode=False) | {
        "received": fmt.vn_datetime(d.received_at), "due": fmt.vn_datetime(d.due_at),
        "stopped": fmt.vn_datetime(event.at if event else None), "reasons": reasons,
        "reception_unit": d.reception_unit.name,
        "signer": extra.pop("signer", "") or (_person(event.actor) if event else ""),
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


# What each form prints, by its purpose (the regime gives the number, the title and the template).
DOSSIER_FORMS: dict[str, Callable[[Dossier, dict], dict]] = {
    regimes.RECEIPT: _mau01, regimes.SUPPLEMENT: _mau02, regimes.REFUSAL: _mau03, regimes.APOLOGY: _mau04,
    regimes.STOP: _stop, regimes.CONTROL: _mau05, regimes.NOTICE: _notice,
}


def _context(spec: regimes.FormSpec, regime: regimes.Regime, d: Dossier, extra: dict) -> dict:
    base = {
        "kind": spec.number, "title": spec.title, "circular": regime.circular, "dossier": d, "code": d.code or "",
        "procedure": d.procedure_version.name, "applicant": _applicant(d), "now": fmt.vn_datetime(timezone.now()),
    }
    fields = DOSSIER_FORMS[spec.purpose](d, extra)  # pops the overrides it uses from `extra`
    return base | fields | extra


def _in_vietnamese(render):
    """The printed forms are legal documents in Vietnamese, whatever the language of the page that asks
    for them: labels (choices, time units, the due explanation) are read with Vietnamese active."""
    from functools import wraps

    @wraps(render)
    def wrapper(*args, **kwargs):
        with translation.override("vi"):
            return render(*args, **kwargs)

    return wrapper


def _pdf(template: str, context: dict):
    """The WeasyPrint document (not yet written: the tracking book joins the books of two regimes)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(template, _nfc_all(context) | {"fonts_url": FONTS_DIR.as_uri()})
    return HTML(string=html, base_url=str(FORMS_DIR)).render(font_config=FontConfiguration())


@_in_vietnamese
def render_form(kind: str, dossier: Dossier, **ctx) -> bytes:
    """The PDF of form `kind` (its number in the dossier's regime, "01"…, "mau01"…, or "tb") for a dossier;
    `ctx` overrides or adds fields (e.g. `missing=[…]` and `reason=` for a Mẫu 02 of a dossier not received
    yet) and may name the `regime` (its key or template folder) instead of the dossier's own."""
    regime = _regime(dossier, ctx.pop("regime", None))
    kind = kind.removeprefix("mau")
    kind = kind if kind == NOTICE else kind.zfill(2)
    spec = regime.form(kind)
    if spec is None or spec.purpose == regimes.BOOK:
        raise ValueError(
            f"Không có mẫu {kind} cho một hồ sơ theo {regime.circular} "
            f"(Mẫu {regime.book.number} là sổ theo dõi: tracking_book_pdf)."
        )
    context = _context(spec, regime, dossier, dict(ctx))
    return _pdf(f"forms/{regime.templates}/{spec.template}.html", context).write_pdf()


@_in_vietnamese
def render_intake_slip(slip) -> bytes:
    """The PDF of a slip issued at the counter without a dossier (IntakeSlip): Mẫu 02 or Mẫu 03 with its
    number, the applicant, the procedure, what is missing or the reasons, and the officer who signs it."""
    regime = regimes.regime_at(slip.issued_at)  # the regime in force when the slip was issued
    spec = regime.form(slip.form_kind)
    assert spec is not None, slip.form_kind
    context = _heading(slip.unit, slip.issued_at) | {
        "kind": slip.form_kind, "title": spec.title, "circular": regime.circular, "code": "", "number": slip.number,
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
    return _pdf(f"forms/{regime.templates}/{spec.template}.html", context).write_pdf()


def _book_context(unit: Unit, regime: regimes.Regime, date_from: date, date_to: date) -> dict:
    rows = selectors.tracking_book_rows(unit, date_from, date_to)
    return _heading(unit, None) | {
        "kind": regime.book.number, "title": regime.book.title, "circular": regime.circular,
        "date_from": fmt.short_date(date_from), "date_to": fmt.short_date(date_to),
        "rows": [
            {
                **r.__dict__,
                "code_parts": r.code.rsplit("-", 2),
                **{k: fmt.short_datetime(getattr(r, k)) for k in ("received_at", "due_at", "transferred_at", "resolved_at", "returned_at")},
            }
            for r in rows
        ],
    }


def _book_parts(date_from: date, date_to: date, regime: str | None) -> list[tuple[regimes.Regime, date, date]]:
    if regime:
        return [(regimes.regime_by_key(regime), date_from, date_to)]
    return regimes.split_period(date_from, date_to)


@_in_vietnamese
def tracking_book_pdf(unit: Unit, date_from: date, date_to: date, *, regime: str | None = None) -> bytes:
    """The tracking book (Mẫu 06 of Circular 01/2018, Mẫu 07 of Circular 03/2025): the dossiers a unit
    received in a period, one row each (landscape A4). A period that spans a change of regime gives one
    book per regime in one file, each on its own pages, with its own form and row numbers: every dossier
    sits in the book of the regime it was received under (docs/decisions/0020-regimes.md)."""
    documents = [
        _pdf(f"forms/{r.templates}/{r.book.template}.html", _book_context(unit, r, start, end))
        for r, start, end in _book_parts(date_from, date_to, regime)
    ]
    first = documents[0]
    return first.copy([page for doc in documents for page in doc.pages]).write_pdf()


BOOK_COLUMNS = [
    ("number", "TT", 5), ("code", "Mã hồ sơ", 24), ("procedure", "Tên thủ tục hành chính", 40),
    ("sets", "Số lượng hồ sơ (bộ)", 9), ("applicant", "Tên cá nhân, tổ chức", 24),
    ("contact", "Địa chỉ, số điện thoại", 28), ("handling_unit", "Cơ quan chủ trì giải quyết", 28),
    ("received_at", "Nhận hồ sơ", 17), ("due_at", "Hẹn trả kết quả", 17), ("transferred_at", "Chuyển hồ sơ", 17),
    ("resolved_at", "Nhận kết quả", 17), ("returned_at", "Trả kết quả", 17), ("signature", "Ký nhận", 12),
    ("note", "Ghi chú", 28),
]


@_in_vietnamese
def tracking_book_xlsx(unit: Unit, date_from: date, date_to: date, *, regime: str | None = None) -> bytes:
    """The tracking book as a workbook, one sheet per regime in the period (as the PDF): a title block, a
    header row (row 5) and one row per dossier; times are real Excel date-times (local, without zone), so
    the book can be sorted and filtered."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for r, start, end in _book_parts(date_from, date_to, regime):
        _book_sheet(wb, unit, r, start, end)
    wb.active = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _book_sheet(wb, unit: Unit, regime: regimes.Regime, date_from: date, date_to: date) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = regime.book
    rows = selectors.tracking_book_rows(unit, date_from, date_to)
    ws = wb.create_sheet(f"{book.title} (Mẫu {book.number})")
    ws["A1"] = nfc(unit.name.upper())
    ws["A2"] = nfc(book.title.upper())
    ws["A3"] = f"Từ ngày {fmt.short_date(date_from)} đến ngày {fmt.short_date(date_to)}"
    ws["A4"] = nfc(f"Mẫu số {book.number} ban hành kèm theo {regime.circular}")
    for cell in ("A1", "A2"):
        ws[cell].font = Font(bold=True)
    ws["A4"].font = Font(italic=True)
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
