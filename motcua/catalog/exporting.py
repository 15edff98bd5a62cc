"""Export of the procedure catalog to JSON or Excel, in the shape the import reads back (round trip)."""
import io
import json
from decimal import Decimal

from django.db.models import QuerySet

from .importing import (
    CHILD_SHEETS,
    CODE_HEADER,
    SHEET_COLUMNS,
    SHEET_PROCEDURES,
    VARIANT_HEADER,
    VARIANT_PARTS,
    version_record,
)
from .localized import english_record
from .models import Procedure
from .selectors import with_current_content

EXPORT_NOTE = "Danh mục thủ tục hành chính xuất từ Một Cửa; nhập lại bằng lệnh import_procedures."
_OMITTED_WHEN_NONE = ("online_amount", "same_day_cutoff", "legacy_online_level")


def _versions(procedures_qs: QuerySet[Procedure]):
    qs = with_current_content(procedures_qs.filter(current_version__isnull=False)).order_by("code")
    return [p.current_version for p in qs]


def _plain(value):
    """Decimals become int or float for JSON and Excel."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def export_records(procedures_qs: QuerySet[Procedure]) -> list[dict]:
    """The current version of each procedure as an import record."""
    records = []
    for version in _versions(procedures_qs):
        record = _plain(version_record(version))
        for key in _OMITTED_WHEN_NONE:
            if record[key] is None:
                del record[key]
        if not record["partial_online_reason"]:  # only versions that are not full online carry one
            del record["partial_online_reason"]
        if version.effective_from:
            # Not content (importing.IMPORT_ONLY), but a re-import into another database must keep the day
            # the version is in force from, not the day of the import: Decree 224/2026 judges by it.
            record["effective_from"] = version.effective_from.isoformat()
        if not record["intake_fields"]:  # declared by few procedures (decision 0045)
            del record["intake_fields"]
        for variant in record["variants"]:
            if not variant["processing_time"]["time_unit"]:
                del variant["processing_time"]
        # The English texts (decision 0037), not content of the version; the Excel sheet has their columns.
        record.update(english_record(version.procedure))
        records.append(record)
    return records


def export_json(procedures_qs: QuerySet[Procedure]) -> bytes:
    payload = {"note": EXPORT_NOTE, "procedures": export_records(procedures_qs)}
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


def _cell(value, kind):
    if value is None:
        return None
    if isinstance(kind, dict):
        return str(kind.get(value, value)) if value else None  # a choice's label is a lazy translation
    if kind in ("list", "lines"):
        return "\n".join(value) or None
    if kind == "bool":
        return "Có" if value else None
    if kind == "json":
        return json.dumps(value, ensure_ascii=False) if value else None
    if isinstance(value, str) and not value:
        return None
    return value


def _get(record: dict, path: tuple):
    for key in path:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record


def _child_rows(record: dict, key: str) -> list[tuple[str | None, dict]]:
    """The rows of one child sheet for a record: (name of their case, or None; the row)."""
    if key == "variants":
        return [(variant["name"], variant) for variant in record["variants"]]
    owners = [(None, record)]
    if key in VARIANT_PARTS:
        owners += [(variant["name"], variant) for variant in record["variants"]]
    return [(name, child) for name, owner in owners for child in owner.get(key, [])]


def export_xlsx(procedures_qs: QuerySet[Procedure]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    records = export_records(procedures_qs)
    wb = Workbook()
    wb.remove(wb.active)

    def sheet(name, headers):
        ws = wb.create_sheet(name)
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        for column, header in zip(ws.iter_cols(min_row=1, max_row=1), headers, strict=True):
            ws.column_dimensions[column[0].column_letter].width = max(12, min(40, len(header) + 4))
        return ws

    columns = SHEET_COLUMNS[SHEET_PROCEDURES]
    ws = sheet(SHEET_PROCEDURES, [h for _, h, _ in columns])
    for record in records:
        ws.append([_cell(_get(record, path), kind) for path, _, kind in columns])

    for name, key, child_columns in CHILD_SHEETS:
        # Fees belong to the procedure only; the other sheets name the case a row belongs to, if any.
        by_variant = key == "variants" or key in VARIANT_PARTS
        keyed = [CODE_HEADER, VARIANT_HEADER] if by_variant else [CODE_HEADER]
        ws = sheet(name, keyed + [h for _, h, _ in child_columns])
        for record in records:
            for variant_name, child in _child_rows(record, key):
                lead = [record["code"], variant_name] if by_variant else [record["code"]]
                ws.append(lead + [_cell(_get(child, p), kind) for p, _, kind in child_columns])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
