"""Names the formats share (sheets, roles, limits), the import report, and where an error is."""
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.accounts.models import Role
from motcua.common.errors import ValidationFailed

SHEET_JSON = "JSON"
SHEET_PROCEDURES = "Thủ tục"
SHEET_DOCUMENTS = "Thành phần hồ sơ"
SHEET_FEES = "Phí, lệ phí"
SHEET_STEPS = "Quy trình nội bộ"
SHEET_VARIANTS = "Trường hợp"
SHEET_INTAKE_FIELDS = "Thông tin tờ khai"  # decision 0045; optional

# An implementing unit given as a role of a kind of unit: every unit of that kind implements it.
IMPLEMENTING_ROLES = {
    "province_people_committee": "UBND cấp tỉnh",
    "city_people_committee": "UBND cấp huyện / thành phố",
    "ward_people_committee": "UBND cấp xã / phường",
    "commune_people_committee": "UBND xã",
}
# The catalogue file speaks Vietnamese whatever the reader's language: the roles' labels are translatable
# (issue 15), so they are read here with translations off (their Vietnamese msgids).
with translation.override(None):
    STEP_ROLES = {value: str(label) for value, label in Role.choices if value != Role.CITIZEN}
FORMULA_KEYS = ("first_pages", "first_page_fee", "next_page_fee", "max_per_copy")
IMPORT_CHANGE_NOTE = "Nhập từ tệp danh mục."

_CUTOFF = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_MAX_AMOUNT = Decimal("99999.99")  # DecimalField(max_digits=7, decimal_places=2)
_MAX_FEE = Decimal("99999999999999")
_MAX_SMALL = 32767
_Q2, _Q4, _Q0 = Decimal("0.01"), Decimal("0.0001"), Decimal(1)


@dataclass
class ImportReport:
    created: int = 0
    new_versions: int = 0
    unchanged: int = 0
    codes: list[str] = field(default_factory=list)
    created_codes: list[str] = field(default_factory=list)
    new_version_codes: list[str] = field(default_factory=list)
    unchanged_codes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def format_error(error: dict) -> str:
    """'Thủ tục, dòng 5, cột "Thời hạn": phải là số không âm'."""
    where = _("%(sheet)s, dòng %(row)s") % {"sheet": error["sheet"], "row": error["row"]}
    if error.get("column"):
        where = _('%(where)s, cột "%(column)s"') % {"where": where, "column": error["column"]}
    return f"{where}: {error['message']}"


def _fail(errors: list[dict]):
    count = len(errors)
    head = ngettext("Tệp nhập có %(count)d lỗi", "Tệp nhập có %(count)d lỗi", count) % {"count": count}
    lines = "; ".join(format_error(e) for e in errors[:5])
    message = _("%(head)s; không có thủ tục nào được nhập. %(errors)s") % {"head": head, "errors": lines}
    raise ValidationFailed(message, errors=errors)


# ---------------------------------------------------------------------------------------------
# Where an error is: JSON paths, or Excel sheet/row/header (see XlsxLocator).


def path_text(path: tuple) -> str:
    """("documents", 0, "originals") → "documents[1].originals" (1-based, like the row numbers)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


def json_locator(index: int, path: tuple) -> tuple[str, int, str]:
    return SHEET_JSON, index + 1, path_text(path)


class _Errors:
    def __init__(self, locate):
        self.locate = locate
        self.items: list[dict] = []

    def add(self, index: int, path: tuple, message: str) -> None:
        sheet, row, column = self.locate(index, path)
        self.items.append({"sheet": sheet, "row": row, "column": column, "message": message})



def _read_bytes(fileobj_or_bytes) -> bytes:
    if isinstance(fileobj_or_bytes, bytes | bytearray):
        return bytes(fileobj_or_bytes)
    if isinstance(fileobj_or_bytes, str):
        return fileobj_or_bytes.encode("utf-8")
    data = fileobj_or_bytes.read()
    return data.encode("utf-8") if isinstance(data, str) else data
