"""File formats: JSON, and the choice between JSON and Excel by the file's name."""
import json

from django.utils.translation import gettext as _

from motcua.common.errors import ValidationFailed

from .common import SHEET_JSON, ImportReport, _fail, _read_bytes, json_locator
from .writing import import_parsed, import_procedures
from .xlsx import parse_xlsx

# ---------------------------------------------------------------------------------------------
# File formats.


def parse_json(fileobj_or_bytes) -> list:
    data = _read_bytes(fileobj_or_bytes)
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        _fail([{"sheet": SHEET_JSON, "row": 1, "column": "", "message": _("tệp không phải văn bản UTF-8")}])
    except json.JSONDecodeError as exc:
        _fail([{"sheet": SHEET_JSON, "row": 1, "column": "",
                "message": _("tệp JSON không hợp lệ (dòng %(line)s, ký tự %(column)s)")
                % {"line": exc.lineno, "column": exc.colno}}])
    records = payload.get("procedures") if isinstance(payload, dict) else payload
    if not isinstance(records, list):
        _fail([{"sheet": SHEET_JSON, "row": 1, "column": "procedures",
                "message": _("tệp JSON phải là danh sách thủ tục hoặc đối tượng có khoá “procedures”")}])
    return records


def parse_file(name: str, fileobj_or_bytes):
    """(records, locate, errors) of a .json or .xlsx file, chosen by its name, without importing."""
    lowered = name.lower()
    if lowered.endswith(".json"):
        return parse_json(fileobj_or_bytes), json_locator, []
    if lowered.endswith(".xlsx"):
        return parse_xlsx(fileobj_or_bytes)
    raise ValidationFailed(_("Chỉ nhận tệp .json hoặc .xlsx."), field="file")


def import_json(fileobj_or_bytes, *, actor=None, progress=None) -> ImportReport:
    return import_procedures(parse_json(fileobj_or_bytes), actor=actor, progress=progress)


def import_xlsx(fileobj_or_bytes, *, actor=None, progress=None) -> ImportReport:
    return import_parsed(*parse_xlsx(fileobj_or_bytes), actor=actor, progress=progress)


def import_file(name: str, fileobj_or_bytes, *, actor=None, progress=None) -> ImportReport:
    """Import a .json or .xlsx file, chosen by its name."""
    return import_parsed(*parse_file(name, fileobj_or_bytes), actor=actor, progress=progress)


