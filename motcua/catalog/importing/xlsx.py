"""Excel: one sheet per table, child rows keyed by the procedure's code."""
import datetime as dt
import io
import json
import re
import zipfile

from django.utils.translation import gettext as _

from motcua.common.errors import ValidationFailed
from motcua.common.text import fold

from ..localized import RECORD_KEYS
from ..models import (
    FeePer,
    IntakeKind,
    Level,
    LienThongKind,
    OnlineLevel,
    PausePolicy,
    TimeUnit,
)
from .common import (
    SHEET_DOCUMENTS,
    SHEET_FEES,
    SHEET_INTAKE_FIELDS,
    SHEET_PROCEDURES,
    SHEET_STEPS,
    SHEET_VARIANTS,
    STEP_ROLES,
    _fail,
    _read_bytes,
    path_text,
)

# ---------------------------------------------------------------------------------------------
# Excel: one sheet per table, child rows keyed by "Mã thủ tục" (and "Trường hợp" for variants).
# A column: (path in the record or child, Vietnamese header, kind). Kinds: text, number, list, lines,
# bool, time, json, or a dict of choices {value: label}.

PROCEDURE_COLUMNS = [
    (("code",), "Mã thủ tục", "text"),
    (("name",), "Tên thủ tục", "text"),
    (("field",), "Lĩnh vực", "text"),
    (("level",), "Cấp thực hiện", dict(Level.choices)),
    (("implementing_unit",), "Cơ quan thực hiện", "text"),
    (("received_at",), "Nơi tiếp nhận", "list"),
    (("processing_time", "amount"), "Thời hạn", "number"),
    (("processing_time", "time_unit"), "Đơn vị thời gian", dict(TimeUnit.choices)),
    (("online_amount",), "Thời hạn khi nộp trực tuyến", "number"),
    (("same_day_cutoff",), "Giờ tiếp nhận muộn nhất để trả trong ngày", "time"),
    (("pause_policy",), "Khi tạm dừng", dict(PausePolicy.choices)),
    (("dossier_sets",), "Số bộ hồ sơ", "number"),
    (("result",), "Kết quả thực hiện", "text"),
    (("legal_basis",), "Căn cứ pháp lý", "lines"),
    (("conditions",), "Yêu cầu, điều kiện", "text"),
    (("subjects",), "Đối tượng thực hiện", "text"),
    (("steps_text",), "Trình tự thực hiện", "text"),
    (("online",), "Mức độ trực tuyến", dict(OnlineLevel.choices)),
    (("legacy_online_level",), "Mức độ cũ (1-4)", "number"),
    (("partial_online_reason",), "Căn cứ không cung cấp toàn trình", "text"),
    (("effective_from",), "Áp dụng từ ngày", "text"),
    (("lienthong", "kind"), "Liên thông", dict(LienThongKind.choices)),
    (("lienthong", "units"), "Đơn vị liên thông", "list"),
    (("lienthong", "note"), "Ghi chú liên thông", "text"),
    (("note",), "Ghi chú", "text"),
    # The English texts (decision 0037), last: the columns of older files keep their places.
    (("name_en",), "Tên tiếng Anh", "text"),
    (("result_en",), "Kết quả (tiếng Anh)", "text"),
    (("field_en",), "Lĩnh vực (tiếng Anh)", "text"),
]
DOCUMENT_COLUMNS = [
    (("name",), "Tên giấy tờ", "text"),
    (("originals",), "Số bản chính", "number"),
    (("copies",), "Số bản sao", "number"),
    (("optional",), "Không bắt buộc", "bool"),
    (("template",), "Mẫu đơn, tờ khai", "text"),
    (("note",), "Ghi chú", "text"),
]
FEE_COLUMNS = [
    (("name",), "Loại phí", "text"),
    (("text",), "Mức thu", "text"),
    (("amount",), "Số tiền (đồng)", "number"),
    (("per",), "Tính theo", dict(FeePer.choices)),
    (("formula",), "Công thức", "json"),
]
STEP_COLUMNS = [
    (("order",), "Bước", "number"),
    (("name",), "Nội dung công việc", "text"),
    (("role",), "Vai trò thực hiện", STEP_ROLES),
    (("unit",), "Đơn vị thực hiện", "text"),
    (("share",), "Tỷ lệ thời gian", "number"),
]
VARIANT_COLUMNS = [
    (("processing_time", "amount"), "Thời hạn", "number"),
    (("processing_time", "time_unit"), "Đơn vị thời gian", dict(TimeUnit.choices)),
    (("note",), "Ghi chú", "text"),
]
# The English texts (decision 0037): optional columns; a file without them leaves the stored texts, a
# blank cell under one of them clears that text.
ENGLISH_COLUMNS = {path[0]: header for path, header, _ in PROCEDURE_COLUMNS if path[0] in RECORD_KEYS}
CODE_HEADER = "Mã thủ tục"
VARIANT_HEADER = "Trường hợp"
# Children a case (variant) may have of its own: their sheets have an optional "Trường hợp" column.
VARIANT_PARTS = ("documents", "steps")
# Child sheets: (sheet, key in the record, columns).
# The information the application form asks for (decision 0045): optional, a workbook without it declares none.
INTAKE_FIELD_COLUMNS = [
    (("key",), "Mã trường", "text"),
    (("label",), "Tên trường", "text"),
    (("label_en",), "Tên trường (tiếng Anh)", "text"),
    (("kind",), "Kiểu dữ liệu", dict(IntakeKind.choices)),
    (("required",), "Bắt buộc", "bool"),
    (("choices",), "Các lựa chọn", "lines"),
    (("max_length",), "Độ dài tối đa", "number"),
    (("min_value",), "Giá trị nhỏ nhất", "number"),
    (("max_value",), "Giá trị lớn nhất", "number"),
    (("pattern",), "Mẫu kiểm tra", "text"),
    (("help_text",), "Hướng dẫn", "text"),
    (("help_text_en",), "Hướng dẫn (tiếng Anh)", "text"),
]
CHILD_SHEETS = [
    (SHEET_VARIANTS, "variants", VARIANT_COLUMNS),
    (SHEET_DOCUMENTS, "documents", DOCUMENT_COLUMNS),
    (SHEET_FEES, "fees", FEE_COLUMNS),
    (SHEET_STEPS, "steps", STEP_COLUMNS),
    (SHEET_INTAKE_FIELDS, "intake_fields", INTAKE_FIELD_COLUMNS),
]
SHEET_COLUMNS = {
    SHEET_PROCEDURES: PROCEDURE_COLUMNS,
    SHEET_VARIANTS: [(("name",), VARIANT_HEADER, "text"), *VARIANT_COLUMNS],
    SHEET_DOCUMENTS: DOCUMENT_COLUMNS,
    SHEET_FEES: FEE_COLUMNS,
    SHEET_STEPS: STEP_COLUMNS,
    SHEET_INTAKE_FIELDS: INTAKE_FIELD_COLUMNS,
}
_YES = {"co", "x", "1", "true", "yes"}
_NO = {"khong", "0", "false", "no"}


_SHEET_HEADERS = {sheet: {p: h for p, h, _ in columns} for sheet, columns in SHEET_COLUMNS.items()}
_CHILD_SHEET_OF = {key: sheet for sheet, key, _ in CHILD_SHEETS}


class XlsxLocator:
    """Maps a record path to (sheet, Excel row, Vietnamese header)."""

    def __init__(self):
        self.rows: dict[tuple[int, tuple], tuple[str, int]] = {}

    def __call__(self, index: int, path: tuple) -> tuple[str, int, str]:
        for cut in range(len(path), -1, -1):
            hit = self.rows.get((index, path[:cut]))
            if hit is not None:
                sheet, row = hit
                rest = path[cut:]
                headers = _SHEET_HEADERS[sheet]
                header = headers.get(rest) or headers.get(rest[:1]) or ""
                if not header and rest[:1] in {("fee",), ("fees",)}:
                    header = "Mức thu"
                if not header and rest:
                    header = _CHILD_SHEET_OF.get(rest[0], "")
                return sheet, row, header
        return SHEET_PROCEDURES, index + 2, path_text(path)


def _cell(value, kind):
    """A cell value turned into the JSON value of the record (None when blank)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(kind, dict):
        if not isinstance(value, str):
            return value
        folded = fold(value)
        for key, label in kind.items():
            if folded in (fold(key), fold(label)):
                return key
        return value.strip()
    if kind == "list":
        return [p.strip() for p in re.split(r"[\n;,]", str(value)) if p.strip()]
    if kind == "lines":
        return [p.strip() for p in str(value).splitlines() if p.strip()]
    if kind == "bool":
        folded = fold(str(value))
        if value is True or folded in _YES:
            return True
        if value is False or folded in _NO:
            return False
        return str(value)
    if kind == "time":
        if isinstance(value, dt.datetime):
            value = value.time()
        return value.strftime("%H:%M") if isinstance(value, dt.time) else str(value).strip()
    if kind == "json":
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                return value
        return value
    if kind == "text" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    if kind == "text" and isinstance(value, int | float):
        return str(value)
    return value


def _put(target: dict, path: tuple, value) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def _read_sheet(ws, sheet: str, columns, extra_headers, errors: list[dict], found: set | None = None):
    """Yield (excel_row, {header or path: value}) for the non-blank rows of a sheet; `found` receives the
    headers the sheet has."""
    rows = ws.iter_rows(values_only=True)
    header_row = next(rows, None) or ()
    by_header = {fold(h): (p, h, k) for p, h, k in columns}
    positions: dict[int, tuple] = {}
    found = set() if found is None else found
    for col, title in enumerate(header_row):
        if title is None:
            continue
        folded = fold(str(title))
        if folded in by_header:
            positions[col] = by_header[folded]
            found.add(by_header[folded][1])
        for header in extra_headers:
            if folded == fold(header):
                positions[col] = (header, header, "text")
                found.add(header)
    missing = [h for h in extra_headers if h not in found]
    for header in missing:
        errors.append({"sheet": sheet, "row": 1, "column": header, "message": _("thiếu cột bắt buộc")})
    if missing:
        return
    for number, values in enumerate(rows, 2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        item = {}
        for col, (path, _header, kind) in positions.items():
            value = _cell(values[col] if col < len(values) else None, kind)
            if value is not None:
                item[path] = value
        yield number, item


def parse_xlsx(fileobj_or_bytes):
    """(records, locate, errors) read from a workbook; the errors are those of the sheets' structure."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    data = _read_bytes(fileobj_or_bytes)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ValidationFailed(
            "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.",
            errors=[{"sheet": "", "row": 0, "column": "", "message": _("tệp không phải là bảng tính Excel (.xlsx) hợp lệ")}],
        ) from None
    if SHEET_PROCEDURES not in wb.sheetnames:
        wb.close()
        message = _("thiếu sheet “%(sheet)s”") % {"sheet": SHEET_PROCEDURES}
        _fail([{"sheet": SHEET_PROCEDURES, "row": 1, "column": "", "message": message}])
    errors: list[dict] = []
    locate = XlsxLocator()
    records: list[dict] = []
    index_of: dict[str, int] = {}
    headers: set[str] = set()
    procedure_rows = _read_sheet(wb[SHEET_PROCEDURES], SHEET_PROCEDURES, PROCEDURE_COLUMNS[1:], [CODE_HEADER], errors,
                                 headers)
    for row, item in procedure_rows:
        record: dict = {"fees": [], "documents": [], "steps": [], "variants": [], "intake_fields": []}
        # A blank cell in an English column given: "" (clears), where an absent column leaves the stored text.
        record.update({key: "" for key, header in ENGLISH_COLUMNS.items() if header in headers})
        code = item.pop(CODE_HEADER, None)
        if code is not None:
            record["code"] = code
        for path, value in item.items():
            _put(record, path, value)
        index = len(records)
        records.append(record)
        locate.rows[(index, ())] = (SHEET_PROCEDURES, row)
        if code is not None:
            index_of.setdefault(code, index)
    variant_index: dict[tuple[int, str], int] = {}
    for sheet, key, columns in CHILD_SHEETS:
        if sheet not in wb.sheetnames:
            continue
        keyed = [CODE_HEADER, VARIANT_HEADER] if key == "variants" else [CODE_HEADER]
        if key in VARIANT_PARTS:
            columns = [*columns, ((VARIANT_HEADER,), VARIANT_HEADER, "text")]
        for row, item in _read_sheet(wb[sheet], sheet, columns, keyed, errors):
            code = item.pop(CODE_HEADER, None)
            if code is None:
                errors.append({"sheet": sheet, "row": row, "column": CODE_HEADER, "message": _("thiếu mã thủ tục")})
                continue
            if code not in index_of:
                errors.append({"sheet": sheet, "row": row, "column": CODE_HEADER,
                               "message": _("không có thủ tục mã “%(code)s” trong sheet “%(sheet)s”")
                               % {"code": code, "sheet": SHEET_PROCEDURES}})
                continue
            index = index_of[code]
            record = records[index]
            child: dict = {}
            variant_name = item.pop(VARIANT_HEADER, None) if key == "variants" else item.pop((VARIANT_HEADER,), None)
            for path, value in item.items():
                _put(child, path, value)
            if key == "variants":
                if variant_name is None:
                    errors.append({"sheet": sheet, "row": row, "column": VARIANT_HEADER, "message": _("thiếu tên trường hợp")})
                    continue
                child["name"] = variant_name
                child.setdefault("documents", [])
                child.setdefault("steps", [])
                position = len(record["variants"])
                record["variants"].append(child)
                variant_index.setdefault((index, variant_name), position)
                locate.rows[(index, ("variants", position))] = (sheet, row)
                continue
            if variant_name is not None:
                position = variant_index.get((index, variant_name))
                if position is None:
                    errors.append({"sheet": sheet, "row": row, "column": VARIANT_HEADER,
                                   "message": _("thủ tục “%(code)s” không có trường hợp “%(variant)s” "
                                                "trong sheet “%(sheet)s”")
                                   % {"code": code, "variant": variant_name, "sheet": SHEET_VARIANTS}})
                    continue
                owner, prefix = record["variants"][position], ("variants", position)
            else:
                owner, prefix = record, ()
            owner[key].append(child)
            locate.rows[(index, (*prefix, key, len(owner[key]) - 1))] = (sheet, row)
    wb.close()
    return records, locate, errors


