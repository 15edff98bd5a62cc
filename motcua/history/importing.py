"""Bringing in past dossiers from an old system's export (issue 9 item 7).

The shape a center exports: an Excel workbook (.xlsx) with a sheet “Hồ sơ” (one dossier a row) and a
sheet “Sự kiện” (one action a row, in the order they happened), or the same two tables as two CSV files.
Headers are Vietnamese (or the English names in brackets):

  Hồ sơ:    Mã hồ sơ (code), Mã thủ tục (procedure), Mã đơn vị (unit), Kênh (channel),
            Người nộp (applicant), Tiếp nhận lúc (received_at), Hạn giải quyết (due_at, optional)
  Sự kiện:  Mã hồ sơ (code), Thao tác (action), Thời điểm (at), Từ đơn vị (from_unit),
            Đến đơn vị (to_unit), Người thực hiện (actor), Ghi chú (note), Dữ liệu (data, JSON, optional)

The whole file is checked first; any error is reported with its sheet, row and column in Vietnamese and
nothing is written. Then every dossier is built through the same services as live ones — intake with
its past `received_at`, then each action through `transition` with its `at` — so the deadline engine
decides the due instants and timeliness (the old system's due date is kept in the event only as a
reference). One transaction per file: an interrupted run leaves nothing, and a HistoryLoad row keyed by
the file's sha256 makes a second run of the same file skip it. Every event is marked `imported` with the
file's hash, sheet and row, in the same audit hash chain.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.common.errors import DomainError, ValidationFailed
from motcua.dossiers import services
from motcua.dossiers.audit import lock_chains
from motcua.dossiers.models import Channel, Dossier, DossierCodeSequence
from motcua.units.models import Unit
from motcua.units.selectors import reception_units

from .models import HistoryLoad

DOSSIER_SHEET, EVENT_SHEET = "Hồ sơ", "Sự kiện"
DOSSIER_COLUMNS = {
    "code": "Mã hồ sơ", "procedure": "Mã thủ tục", "unit": "Mã đơn vị", "channel": "Kênh",
    "applicant": "Người nộp", "received_at": "Tiếp nhận lúc", "due_at": "Hạn giải quyết",
}
EVENT_COLUMNS = {
    "code": "Mã hồ sơ", "action": "Thao tác", "at": "Thời điểm", "from_unit": "Từ đơn vị", "to_unit": "Đến đơn vị",
    "actor": "Người thực hiện", "note": "Ghi chú", "data": "Dữ liệu",
}
REQUIRED = {
    DOSSIER_SHEET: ("code", "procedure", "unit", "channel", "applicant", "received_at"),
    EVENT_SHEET: ("code", "action", "at"),
}
CHANNELS = {c.value: c.value for c in Channel} | {c.label.lower(): c.value for c in Channel}
# The intake is the dossier's row; the sheet of events holds what followed.
EVENT_ACTIONS = sorted(set(services.ACTIONS) - {"receive", "submit"})
CODE = re.compile(r"^(?P<unit>.+)-(?P<day>\d{6})-(?P<n>\d{4})$")


@dataclass
class HistoryReport:
    file_hash: str
    skipped: bool = False
    dossiers: int = 0
    events: int = 0
    codes: list[str] = field(default_factory=list)


def format_error(error: dict) -> str:
    where = f"Trang “{error['sheet']}”, dòng {error['row']}"
    if error.get("column"):
        where += f", cột “{error['column']}”"
    return f"{where}: {error['message']}"


def _fail(errors: list[dict]):
    head = "Tệp nhập có 1 lỗi" if len(errors) == 1 else f"Tệp nhập có {len(errors)} lỗi"
    lines = "; ".join(format_error(e) for e in errors[:5])
    raise ValidationFailed(f"{head}; không có hồ sơ nào được nhập. {lines}", errors=errors)


# -- reading --------------------------------------------------------------------------------------------
def _header_key(text: str, columns: dict[str, str]) -> str | None:
    t = str(text or "").strip().lower()
    for key, label in columns.items():
        if t in (key, label.lower()):
            return key
    return None


def _table(sheet: str, rows: list[list], columns: dict[str, str], errors: list[dict]) -> list[tuple[int, dict]]:
    """Rows of a sheet as (row number, {key: value}); a missing required column is an error of row 1."""
    if not rows:
        errors.append({"sheet": sheet, "row": 1, "column": "", "message": "trang trống hoặc thiếu dòng tiêu đề"})
        return []
    keys = [_header_key(h, columns) for h in rows[0]]
    for key in REQUIRED[sheet]:
        if key not in keys:
            errors.append({"sheet": sheet, "row": 1, "column": columns[key], "message": "thiếu cột bắt buộc"})
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if all(v in (None, "") for v in row):
            continue
        out.append((number, {k: v for k, v in zip(keys, row, strict=False) if k}))
    return out


def read_tables(paths: list[Path]) -> tuple[str, dict[str, list[list]]]:
    """(sha256 of the bytes, {sheet: rows}) of one workbook or of two CSV files (dossiers, events)."""
    blobs = [p.read_bytes() for p in paths]
    digest = hashlib.sha256(b"".join(hashlib.sha256(b).digest() for b in blobs)).hexdigest()
    if len(paths) == 1 and paths[0].suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(blobs[0]), read_only=True, data_only=True)
        sheets = {}
        for ws in book.worksheets:
            name = {"dossiers": DOSSIER_SHEET, "events": EVENT_SHEET}.get(ws.title.strip().lower(), ws.title.strip())
            sheets[name] = [list(r) for r in ws.iter_rows(values_only=True)]
        return digest, sheets
    if len(paths) == 2 and all(p.suffix.lower() == ".csv" for p in paths):
        sheets = {}
        for name, blob in zip((DOSSIER_SHEET, EVENT_SHEET), blobs, strict=True):
            try:
                text = blob.decode("utf-8-sig")
            except UnicodeDecodeError:
                _fail([{"sheet": name, "row": 1, "column": "", "message": "tệp CSV không phải văn bản UTF-8"}])
            sheets[name] = [row for row in csv.reader(io.StringIO(text))]
        return digest, sheets
    raise ValidationFailed("Cần một tệp Excel (.xlsx) hoặc hai tệp CSV (hồ sơ, sự kiện).", field="file")


# -- checking -------------------------------------------------------------------------------------------
def _instant(value) -> datetime | None:
    if isinstance(value, datetime):
        t = value
    elif isinstance(value, date):
        t = datetime(value.year, value.month, value.day)
    else:
        text = str(value or "").strip()
        if not text:
            return None
        for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"):
            try:
                t = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            try:
                t = datetime.fromisoformat(text)
            except ValueError:
                return None
    return timezone.make_aware(t) if timezone.is_naive(t) else t


@dataclass
class _Dossier:
    row: int
    code: str
    procedure: str
    unit: str
    channel: str
    applicant: str
    received_at: datetime
    due_at: datetime | None
    events: list = field(default_factory=list)


@dataclass
class _Event:
    row: int
    action: str
    at: datetime
    to_unit: str | None
    actor: str | None
    note: str
    data: dict


def check(sheets: dict[str, list[list]]) -> list[_Dossier]:
    """Every row checked; the dossiers with their events in order, or ValidationFailed listing the errors."""
    errors: list[dict] = []
    for sheet in (DOSSIER_SHEET, EVENT_SHEET):
        if sheet not in sheets:
            errors.append({"sheet": sheet, "row": 1, "column": "", "message": "tệp không có trang này"})
    if errors:
        _fail(errors)
    dossier_rows = _table(DOSSIER_SHEET, sheets[DOSSIER_SHEET], DOSSIER_COLUMNS, errors)
    event_rows = _table(EVENT_SHEET, sheets[EVENT_SHEET], EVENT_COLUMNS, errors)
    if errors:
        _fail(errors)
    now = timezone.now()
    procedures = set(Procedure.objects.filter(is_active=True, current_version__isnull=False).values_list("code", flat=True))
    desks = set(reception_units().values_list("code", flat=True))
    units = set(Unit.objects.values_list("code", flat=True))
    users = set(User.objects.filter(is_active=True).values_list("username", flat=True))

    def err(sheet: str, row: int, key: str, message: str) -> None:
        columns = DOSSIER_COLUMNS if sheet == DOSSIER_SHEET else EVENT_COLUMNS
        errors.append({"sheet": sheet, "row": row, "column": columns[key], "message": message})

    dossiers: dict[str, _Dossier] = {}
    codes = [str(v.get("code") or "").strip() for _, v in dossier_rows]
    existing = set(Dossier.objects.filter(code__in=codes).values_list("code", flat=True))
    for row, v in dossier_rows:
        S = DOSSIER_SHEET
        code = str(v.get("code") or "").strip()
        if not code:
            err(S, row, "code", "cần mã hồ sơ")
        elif code in dossiers:
            err(S, row, "code", f"mã hồ sơ “{code}” bị trùng với dòng {dossiers[code].row}")
        elif code in existing:
            err(S, row, "code", f"mã hồ sơ “{code}” đã có trong hệ thống")
        procedure = str(v.get("procedure") or "").strip()
        if procedure not in procedures:
            err(S, row, "procedure", f"không có thủ tục “{procedure}” đang áp dụng")
        unit = str(v.get("unit") or "").strip()
        if unit not in desks:
            err(S, row, "unit", f"“{unit}” không phải nơi tiếp nhận hồ sơ")
        channel = CHANNELS.get(str(v.get("channel") or "").strip().lower())
        if channel is None:
            err(S, row, "channel", "kênh phải là Trực tiếp, Bưu chính, Trực tuyến hoặc Ki-ốt")
        applicant = str(v.get("applicant") or "").strip()
        if not applicant:
            err(S, row, "applicant", "cần họ tên người nộp")
        received = _instant(v.get("received_at"))
        if received is None:
            err(S, row, "received_at", "thời điểm không hợp lệ (dd/mm/yyyy hh:mm hoặc ISO 8601)")
        elif received > now:
            err(S, row, "received_at", "thời điểm tiếp nhận ở tương lai")
        due = _instant(v.get("due_at")) if v.get("due_at") not in (None, "") else None
        if v.get("due_at") not in (None, "") and due is None:
            err(S, row, "due_at", "thời điểm không hợp lệ (dd/mm/yyyy hh:mm hoặc ISO 8601)")
        elif due is not None and received is not None and due < received:
            err(S, row, "due_at", "hạn giải quyết trước thời điểm tiếp nhận")
        if code and code not in dossiers:
            dossiers[code] = _Dossier(row, code, procedure, unit, channel or "", applicant, received or now, due)
    last_row: dict[str, int] = {}
    for row, v in event_rows:
        S = EVENT_SHEET
        code = str(v.get("code") or "").strip()
        d = dossiers.get(code)
        if d is None:
            err(S, row, "code", f"mã hồ sơ “{code}” không có trong trang “{DOSSIER_SHEET}”")
        action = str(v.get("action") or "").strip()
        if action not in EVENT_ACTIONS:
            err(S, row, "action", f"thao tác “{action}” không hợp lệ (một trong: {', '.join(EVENT_ACTIONS)})")
        at = _instant(v.get("at"))
        if at is None:
            err(S, row, "at", "thời điểm không hợp lệ (dd/mm/yyyy hh:mm hoặc ISO 8601)")
        elif at > now:
            err(S, row, "at", "thời điểm ở tương lai")
        elif d is not None and at < d.received_at:
            err(S, row, "at", f"sự kiện trước thời điểm tiếp nhận hồ sơ (dòng {d.row} trang “{DOSSIER_SHEET}”)")
        elif d is not None and d.events and at < d.events[-1].at:
            err(S, row, "at", f"sự kiện sớm hơn sự kiện trước của cùng hồ sơ ở dòng {last_row[code]} (sai thứ tự)")
        to_unit = str(v.get("to_unit") or "").strip() or None
        if to_unit is not None and to_unit not in units:
            err(S, row, "to_unit", f"không có đơn vị “{to_unit}”")
        from_unit = str(v.get("from_unit") or "").strip()
        if from_unit and from_unit not in units:
            err(S, row, "from_unit", f"không có đơn vị “{from_unit}”")
        actor = str(v.get("actor") or "").strip() or None
        if actor is not None and actor not in users:
            err(S, row, "actor", f"không có người dùng “{actor}”")
        data: dict = {}
        if v.get("data") not in (None, ""):
            try:
                data = json.loads(str(v["data"]))
            except ValueError:
                data = None  # type: ignore[assignment]
            if not isinstance(data, dict):
                err(S, row, "data", "phải là một đối tượng JSON, ví dụ {\"method\": \"counter\"}")
                data = {}
        if d is not None and at is not None:
            d.events.append(_Event(row, action, at, to_unit, actor, str(v.get("note") or ""), data))
            last_row[code] = row
    if errors:
        _fail(errors)
    return list(dossiers.values())


# -- writing --------------------------------------------------------------------------------------------
def import_history(
    paths: list[str | Path], *, importer: User, progress: Callable[[str], None] | None = None
) -> HistoryReport:
    """Check and bring in one export (see the module docstring); a file already brought in is skipped."""
    digest, sheets = read_tables([Path(p) for p in paths])
    report = HistoryReport(file_hash=digest)
    if HistoryLoad.objects.filter(key=f"file:{digest}").exists():
        report.skipped = True
        return report
    dossiers = check(sheets)
    users = {u.username: u for u in User.objects.filter(username__in={e.actor for d in dossiers for e in d.events})}
    source = {"source": digest, "file": Path(paths[0]).name}
    with transaction.atomic():
        # One transaction appends to the chains of every unit of the file: their heads in order (0048).
        lock_chains(Unit.objects.filter(code__in={d.unit for d in dossiers}).values_list("pk", flat=True))
        for d in sorted(dossiers, key=lambda d: (d.received_at, d.row)):
            history = {**source, "sheet": DOSSIER_SHEET, "row": d.row, "code": d.code}
            if d.due_at is not None:
                history["due_at_in_source"] = d.due_at.isoformat()
            try:
                dossier = services.receive_dossier(
                    actor=importer, procedure_code=d.procedure, unit_code=d.unit, channel=d.channel,
                    applicant={"name": d.applicant}, received_at=d.received_at, history=history,
                ).dossier
            except DomainError as exc:
                _fail([{"sheet": DOSSIER_SHEET, "row": d.row, "column": "", "message": exc.detail}])
            report.events += 1
            for e in d.events:
                try:
                    dossier = services.transition(
                        dossier, e.action, actor=users.get(e.actor or "", importer), expected_version=dossier.version,
                        note=e.note, to_unit=e.to_unit, data=e.data, at=e.at,
                        history={**source, "sheet": EVENT_SHEET, "row": e.row},
                    )
                except DomainError as exc:
                    _fail([{"sheet": EVENT_SHEET, "row": e.row, "column": EVENT_COLUMNS["action"], "message": exc.detail}])
                report.events += 1
            report.dossiers += 1
            report.codes.append(d.code)
        _reserve_codes(dossiers)
        HistoryLoad.objects.create(
            kind=HistoryLoad.Kind.FILE, key=f"file:{digest}", name=Path(paths[0]).name,
            dossiers=report.dossiers, events=report.events,
        )
    if progress:
        progress(f"Đã nhập {report.dossiers} hồ sơ, {report.events} sự kiện.")
    return report


def _reserve_codes(dossiers: list[_Dossier]) -> None:
    """Codes of the national shape keep their numbers: a live intake on that day continues after them."""
    highest: dict[tuple[str, date], int] = {}
    # A unit's codes begin with its national agency identifier where one is recorded (codes.code_prefix).
    prefixes = dict(
        Unit.objects.filter(code__in={d.unit for d in dossiers}).exclude(agency_identifier="")
        .values_list("code", "agency_identifier")
    )
    for d in dossiers:
        m = CODE.match(d.code)
        if m and m.group("unit") in (d.unit, prefixes.get(d.unit)):
            day = datetime.strptime(m.group("day"), "%y%m%d").date()
            key = (d.unit, day)
            highest[key] = max(highest.get(key, 0), int(m.group("n")))
    units = {u.code: u for u in Unit.objects.filter(code__in={u for u, _ in highest})}
    for (unit_code, day), n in highest.items():
        seq, _ = DossierCodeSequence.objects.get_or_create(unit=units[unit_code], day=day)
        if seq.last < n:
            seq.last = n
            seq.save(update_fields=["last"])
