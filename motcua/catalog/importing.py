"""Import of the procedure catalog from JSON or Excel: validate every record, then write all or nothing.

The format is described in docs/decisions/0005-catalog-import-format.md. Records have the shape of
motcua/demo/data/procedures.json; `version_record` gives the same shape for a stored version, which is
what makes re-imports idempotent and exports round-trip.
"""
import datetime as dt
import io
import json
import logging
import re
import threading
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from motcua.accounts.models import Role
from motcua.audit.services import record_change
from motcua.common.errors import ValidationFailed
from motcua.common.text import fold, nfc
from motcua.units.models import Unit, UnitKind

from . import selectors, services
from .models import (
    Fee,
    FeePer,
    Field,
    Level,
    LienThongKind,
    OnlineLevel,
    PausePolicy,
    Procedure,
    ProcedureVariant,
    ProcedureVersion,
    ProcessStep,
    ReceptionPoint,
    RequiredDocument,
    TimeUnit,
    VersionStatus,
)

SHEET_JSON = "JSON"
SHEET_PROCEDURES = "Thủ tục"
SHEET_DOCUMENTS = "Thành phần hồ sơ"
SHEET_FEES = "Phí, lệ phí"
SHEET_STEPS = "Quy trình nội bộ"
SHEET_VARIANTS = "Trường hợp"

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

logger = logging.getLogger(__name__)
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
    where = f"{error['sheet']}, dòng {error['row']}"
    if error.get("column"):
        where += f', cột "{error["column"]}"'
    return f"{where}: {error['message']}"


def _fail(errors: list[dict]):
    count = len(errors)
    head = "Tệp nhập có 1 lỗi" if count == 1 else f"Tệp nhập có {count} lỗi"
    lines = "; ".join(format_error(e) for e in errors[:5])
    raise ValidationFailed(f"{head}; không có thủ tục nào được nhập. {lines}", errors=errors)


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


# ---------------------------------------------------------------------------------------------
# Parsing and validation of one record into its canonical form.

_MISSING = object()


def _choices_text(choices: dict) -> str:
    return ", ".join(f"{value} ({label})" for value, label in choices.items())


class _RecordParser:
    """Turns one incoming record into the canonical record, reporting every problem with its path."""

    def __init__(self, index: int, errors: _Errors, unit_codes: set[str]):
        self.index = index
        self.errors = errors
        self.unit_codes = unit_codes
        self.ok = True

    def err(self, path: tuple, message: str) -> None:
        self.ok = False
        self.errors.add(self.index, path, message)

    # -- scalar readers; `obj` is a dict and `path[-1]` its key --------------------------------
    def _get(self, obj, path, *, required=False):
        """The value at `path`, or _MISSING when absent, null or blank (an error if it is required)."""
        value = obj.get(path[-1], _MISSING) if isinstance(obj, dict) else _MISSING
        if value is None or (isinstance(value, str) and not value.strip()):
            value = _MISSING
        if value is _MISSING and required:
            self.err(path, "thiếu giá trị bắt buộc")
        return value

    def text(self, obj, path, *, required=False, max_length=None, default="") -> str:
        value = self._get(obj, path, required=required)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            self.err(path, "phải là chuỗi ký tự")
            return default
        value = nfc(str(value).strip())
        if max_length and len(value) > max_length:
            self.err(path, f"dài quá {max_length} ký tự")
        return value

    def decimal(self, obj, path, *, places: Decimal, required=False, default=None, maximum=None):
        value = self._get(obj, path, required=required)
        if value is _MISSING:
            return default
        number = _to_decimal(value)
        if number is None or number < 0:
            self.err(path, "phải là số không âm")
            return default
        number = number.quantize(places, rounding=ROUND_HALF_UP)
        if maximum is not None and number > maximum:
            self.err(path, f"không được lớn hơn {maximum.normalize():f}")
            return default
        return number

    def integer(self, obj, path, *, default=0, minimum=0, maximum=_MAX_SMALL, required=False):
        value = self._get(obj, path, required=required)
        if value is _MISSING:
            return default
        number = _to_decimal(value)
        if number is None or number != number.to_integral_value():
            self.err(path, "phải là số nguyên")
            return default
        if number < minimum or number > maximum:
            if minimum == 0 and number < 0:
                self.err(path, "phải là số nguyên không âm")
            else:
                self.err(path, f"phải là số nguyên từ {minimum} đến {maximum}")
            return default
        return int(number)

    def choice(self, obj, path, choices: dict, *, default=None, required=False):
        value = self._get(obj, path, required=required)
        if value is _MISSING:
            return default
        if not isinstance(value, str) or value.strip() not in choices:
            self.err(path, f"giá trị \u201c{value}\u201d không hợp lệ; chọn một trong: {_choices_text(choices)}")
            return default
        return value.strip()

    def boolean(self, obj, path, *, default=False) -> bool:
        value = self._get(obj, path)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.err(path, "phải là true hoặc false")
            return default
        return value

    def text_list(self, obj, path, *, required=False, max_length=None) -> list[str]:
        value = self._get(obj, path, required=required)
        if value is _MISSING:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.err(path, "phải là danh sách chuỗi ký tự")
            return []
        items = [nfc(v.strip()) for v in value if v.strip()]
        if required and not items:
            self.err(path, "thiếu giá trị bắt buộc")
        if max_length:
            for item in items:
                if len(item) > max_length:
                    self.err(path, f"\u201c{item}\u201d dài quá {max_length} ký tự")
        return items

    def object_list(self, obj, path) -> list:
        value = self._get(obj, path)
        if value is _MISSING:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.err(path, "phải là danh sách các đối tượng")
            return []
        return value

    def sub_object(self, obj, path, *, required=False) -> dict:
        value = self._get(obj, path, required=required)
        if value is _MISSING:
            return {}
        if not isinstance(value, dict):
            self.err(path, "phải là một đối tượng")
            return {}
        return value

    def unit_ref(self, path, value: str, *, kinds: set[str], what: str) -> None:
        if value and value not in self.unit_codes and value not in kinds:
            self.err(path, f"không có đơn vị mã \u201c{value}\u201d trong cây đơn vị (và cũng không phải {what})")

    # -- the record -------------------------------------------------------------------------------
    def parse(self, rec) -> dict | None:
        if not isinstance(rec, dict):
            self.err((), "mỗi thủ tục phải là một đối tượng JSON")
            return None
        out: dict = {}
        out["code"] = self.text(rec, ("code",), required=True, max_length=64)
        out["name"] = self.text(rec, ("name",), required=True, max_length=500)
        out["field"] = self.text(rec, ("field",), required=True, max_length=255)
        if out["field"] and not slugify(fold(out["field"])):
            self.err(("field",), "tên lĩnh vực không tạo được mã")
        out["level"] = self.choice(rec, ("level",), dict(Level.choices), required=True)
        unit = self.text(rec, ("implementing_unit",), required=True, max_length=64)
        self.unit_ref(("implementing_unit",), unit, kinds=set(IMPLEMENTING_ROLES), what="vai trò như ward_people_committee")
        out["implementing_unit"] = unit
        out["received_at"] = self.text_list(rec, ("received_at",), required=True, max_length=64)
        for point in out["received_at"]:
            self.unit_ref(("received_at",), point, kinds=set(ReceptionPoint.values), what="nơi tiếp nhận như ward_one_stop_desk")
        out["processing_time"] = self.processing_time(rec, ("processing_time",), required=True)
        out["online_amount"] = self.decimal(rec, ("online_amount",), places=_Q2, maximum=_MAX_AMOUNT)
        out["fees"] = self.fees(rec)
        out["documents"] = self.documents(rec, ("documents",))
        out["result"] = self.text(rec, ("result",))
        out["legal_basis"] = self.text_list(rec, ("legal_basis",))
        out["online"] = self.choice(rec, ("online",), dict(OnlineLevel.choices), required=True)
        out["legacy_online_level"] = self.integer(rec, ("legacy_online_level",), default=None, minimum=1, maximum=4)
        out["partial_online_reason"] = self.text(rec, ("partial_online_reason",))
        out["lienthong"] = self.lienthong(rec)
        out["steps"] = self.steps(rec, ("steps",))
        out["variants"] = self.variants(rec)
        out["conditions"] = self.text(rec, ("conditions",))
        out["subjects"] = self.text(rec, ("subjects",), max_length=255)
        out["steps_text"] = self.text(rec, ("steps_text",))
        out["dossier_sets"] = self.integer(rec, ("dossier_sets",), default=1, minimum=1)
        out["same_day_cutoff"] = self.cutoff(rec, ("same_day_cutoff",))
        out["pause_policy"] = self.choice(
            rec, ("pause_policy",), dict(PausePolicy.choices), default=PausePolicy.RESTART.value
        )
        out["note"] = self.text(rec, ("note",))
        # Not content of the version (see IMPORT_ONLY): absent means "leave as stored".
        cc = self.boolean(rec, ("code_confirmed",), default=None)
        out["code_confirmed"] = cc
        out["effective_from"] = self.date(rec, ("effective_from",))
        if self.ok:
            self.shared_rules(out)
        return out if self.ok else None

    def processing_time(self, obj, path, *, required: bool) -> dict:
        pt = self.sub_object(obj, path, required=required)
        if not pt:
            return {"amount": Decimal(0) if required else None, "time_unit": ""}
        unit = self.choice(pt, (*path, "time_unit"), dict(TimeUnit.choices), required=True) or ""
        amount_required = unit not in (TimeUnit.SAME_DAY, TimeUnit.NONE)
        amount = self.decimal(
            pt, (*path, "amount"), places=_Q2, maximum=_MAX_AMOUNT, required=amount_required,
            default=Decimal(0) if required else None,
        )
        return {"amount": amount, "time_unit": unit}

    def fees(self, rec) -> list[dict]:
        if rec.get("fees") is not None:
            items = [(("fees", j), f) for j, f in enumerate(self.object_list(rec, ("fees",)))]
        elif rec.get("fee") is not None:
            fee = self.sub_object(rec, ("fee",))
            items = [(("fee",), fee)] if fee else []
        else:
            items = []
        out = []
        for path, fee in items:
            out.append(
                {
                    "name": self.text(fee, (*path, "name"), max_length=255, default="Lệ phí"),
                    "text": self.text(fee, (*path, "text"), required=True, max_length=1000),
                    "amount": self.decimal(fee, (*path, "amount"), places=_Q0, maximum=_MAX_FEE),
                    "per": self.choice(fee, (*path, "per"), dict(FeePer.choices), default=FeePer.CASE.value),
                    "formula": self.formula(fee, (*path, "formula")),
                }
            )
        return out

    def formula(self, fee, path) -> dict | None:
        value = self.sub_object(fee, path)
        if not value:
            return None
        out = {}
        for key in value:
            if key not in FORMULA_KEYS:
                self.err(path, f"khoá \u201c{key}\u201d không hợp lệ; dùng: {', '.join(FORMULA_KEYS)}")
                continue
            out[key] = self.integer(value, (*path, key), maximum=10**12)
        return out

    def documents(self, obj, path) -> list[dict]:
        out = []
        for j, doc in enumerate(self.object_list(obj, path)):
            p = (*path, j)
            out.append(
                {
                    "name": self.text(doc, (*p, "name"), required=True, max_length=1000),
                    "originals": self.integer(doc, (*p, "originals")),
                    "copies": self.integer(doc, (*p, "copies")),
                    "optional": self.boolean(doc, (*p, "optional")),
                    "template": self.text(doc, (*p, "template"), max_length=255),
                    "note": self.text(doc, (*p, "note")),
                }
            )
        return out

    def steps(self, obj, path) -> list[dict]:
        out = []
        for j, step in enumerate(self.object_list(obj, path)):
            p = (*path, j)
            unit = self.text(step, (*p, "unit"), required=True, max_length=64)
            self.unit_ref((*p, "unit"), unit, kinds=set(UnitKind.values), what="loại đơn vị như ward, one_stop_desk")
            out.append(
                {
                    "order": self.integer(step, (*p, "order"), required=True, minimum=1),
                    "name": self.text(step, (*p, "name"), required=True, max_length=500),
                    "role": self.choice(step, (*p, "role"), STEP_ROLES, required=True),
                    "unit": unit,
                    "share": self.decimal(step, (*p, "share"), places=_Q4, required=True, maximum=Decimal(1)),
                }
            )
        return out

    def variants(self, rec) -> list[dict]:
        out = []
        seen = set()
        for j, variant in enumerate(self.object_list(rec, ("variants",))):
            p = ("variants", j)
            name = self.text(variant, (*p, "name"), required=True, max_length=500)
            if name in seen:
                self.err((*p, "name"), f"trường hợp \u201c{name}\u201d bị trùng")
            seen.add(name)
            has_time = variant.get("processing_time") is not None
            out.append(
                {
                    "name": name,
                    "processing_time": self.processing_time(variant, (*p, "processing_time"), required=False)
                    if has_time
                    else {"amount": None, "time_unit": ""},
                    "documents": self.documents(variant, (*p, "documents")),
                    "steps": self.steps(variant, (*p, "steps")),
                    "note": self.text(variant, (*p, "note")),
                }
            )
        return out

    def lienthong(self, rec) -> dict:
        lt = self.sub_object(rec, ("lienthong",))
        kind = self.choice(lt, ("lienthong", "kind"), dict(LienThongKind.choices), default=LienThongKind.NONE.value)
        units = self.text_list(lt, ("lienthong", "units"), max_length=64)
        for unit in units:
            self.unit_ref(("lienthong", "units"), unit, kinds=set(UnitKind.values), what="loại đơn vị như ward")
        return {"kind": kind, "units": units, "note": self.text(lt, ("lienthong", "note"))}

    def date(self, obj, path) -> dt.date | None:
        value = self._get(obj, path)
        if value is _MISSING or value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.err(path, f"ngày \u201c{value}\u201d không hợp lệ; viết theo dạng YYYY-MM-DD, ví dụ 2018-01-01")
            return None

    def cutoff(self, obj, path) -> str | None:
        value = self._get(obj, path)
        if value is _MISSING:
            return None
        if isinstance(value, dt.time):
            value = value.strftime("%H:%M")
        if not isinstance(value, str) or not _CUTOFF.match(value.strip()):
            self.err(path, f"giờ \u201c{value}\u201d không hợp lệ; viết theo dạng HH:MM, ví dụ 15:00")
            return None
        return value.strip()

    # -- rules shared with publishing (services.version_errors), checked piece by piece to point at
    # the row that breaks them.
    def shared_rules(self, rec: dict) -> None:
        head = _Draft(
            name=rec["name"],
            time_unit=rec["processing_time"]["time_unit"],
            processing_amount=rec["processing_time"]["amount"],
            received_at=rec["received_at"],
        )
        for message in services.version_errors(head):
            self.err(_head_column(message), message)
        self._child_rules(rec, ())
        for j, variant in enumerate(rec["variants"]):
            self._child_rules(variant, ("variants", j))

    def _child_rules(self, part: dict, prefix: tuple) -> None:
        variant_id = 1 if prefix else None
        for j, doc in enumerate(part["documents"]):
            draft = _Draft(documents=[_document(doc, order=j + 1)])
            for message in services.version_errors(draft):
                self.err((*prefix, "documents", j, "originals"), message)
        steps = part["steps"]
        if steps:
            draft = _Draft(steps=[_step(s, variant_id=variant_id) for s in steps])
            for message in services.version_errors(draft):
                column = "order" if "trùng" in message else "share"
                self.err((*prefix, "steps", 0, column), message)
        for j, fee in enumerate(part.get("fees", [])):
            for message in services.version_errors(_Draft(fees=[_fee(fee, order=j + 1)])):
                self.err(("fees", j, "amount"), message)


def _head_column(message: str) -> tuple:
    folded = fold(message)
    if "ten thu tuc" in folded:
        return ("name",)
    if "noi tiep nhan" in folded:
        return ("received_at",)
    if "don vi thoi gian" in folded:
        return ("processing_time", "time_unit")
    return ("processing_time", "amount")


class _Rows(list):
    def all(self):
        return self


class _Draft:
    """Stands in for an unsaved ProcedureVersion so that services.version_errors can judge it."""

    def __init__(self, *, name="-", time_unit=TimeUnit.NONE, processing_amount=Decimal(0), received_at=("-",),
                 documents=(), fees=(), steps=()):
        self.name = name
        self.time_unit = time_unit
        self.processing_amount = processing_amount
        self.received_at = list(received_at)
        self.documents = _Rows(documents)
        self.fees = _Rows(fees)
        self.steps = _Rows(steps)


def _to_decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str):
        value = value.strip().replace(" ", "")
        if "," in value and "." not in value:
            value = value.replace(",", ".")
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


# ---------------------------------------------------------------------------------------------
# Canonical records: built from incoming data (above) or from a stored version (below).


def _document(doc: dict, *, order: int, version=None, variant=None) -> RequiredDocument:
    return RequiredDocument(
        version=version, variant=variant, order=order, name=doc["name"], originals=doc["originals"],
        copies=doc["copies"], is_optional=doc["optional"], template_name=doc["template"], note=doc["note"],
    )


def _fee(fee: dict, *, order: int, version=None) -> Fee:
    return Fee(
        version=version, order=order, name=fee["name"], text=fee["text"], amount=fee["amount"], per=fee["per"],
        formula=fee["formula"],
    )


def _step(step: dict, *, version=None, variant=None, variant_id=None) -> ProcessStep:
    obj = ProcessStep(
        version=version, variant=variant, order=step["order"], name=step["name"], role=step["role"],
        unit_ref=step["unit"], share=step["share"],
    )
    if variant is None and variant_id is not None:
        obj.variant_id = variant_id
    return obj


def _doc_record(d: RequiredDocument) -> dict:
    return {
        "name": d.name, "originals": d.originals, "copies": d.copies, "optional": d.is_optional,
        "template": d.template_name, "note": d.note,
    }


def _step_record(s: ProcessStep) -> dict:
    return {"order": s.order, "name": s.name, "role": s.role, "unit": s.unit_ref, "share": s.share.quantize(_Q4)}


def _q(value, places):
    return None if value is None else Decimal(value).quantize(places)


# Keys of an import record that are not the content of a version: whether the code was confirmed (a fact
# about the procedure) and the date the version is in force from. A change to them alone is not a new version.
IMPORT_ONLY = ("code_confirmed", "effective_from")


def content_of(rec: dict) -> dict:
    return {k: v for k, v in rec.items() if k not in IMPORT_ONLY}


def version_record(v: ProcedureVersion) -> dict:
    """The canonical record of a stored version: the import shape, with Decimals for amounts."""
    documents = sorted(v.documents.all(), key=lambda d: (d.order, d.pk))
    steps = sorted(v.steps.all(), key=lambda s: (s.order, s.pk))
    variants = sorted(v.variants.all(), key=lambda x: (x.order, x.pk))
    return {
        "code": v.procedure.code,
        "name": v.name,
        "field": v.field.name,
        "level": v.level,
        "implementing_unit": v.implementing_unit_ref,
        "received_at": list(v.received_at or []),
        "processing_time": {"amount": _q(v.processing_amount, _Q2), "time_unit": v.time_unit},
        "online_amount": _q(v.online_processing_amount, _Q2),
        "fees": [
            {"name": f.name, "text": f.text, "amount": _q(f.amount, _Q0), "per": f.per, "formula": f.formula or None}
            for f in sorted(v.fees.all(), key=lambda f: (f.order, f.pk))
        ],
        "documents": [_doc_record(d) for d in documents if d.variant_id is None],
        "result": v.result,
        "legal_basis": list(v.legal_basis or []),
        "online": v.online_level,
        "legacy_online_level": v.legacy_online_level,
        "partial_online_reason": v.partial_online_reason,
        "lienthong": {"kind": v.lienthong_kind, "units": list(v.lienthong_units or []), "note": v.lienthong_note},
        "steps": [_step_record(s) for s in steps if s.variant_id is None],
        "variants": [
            {
                "name": x.name,
                "processing_time": {"amount": _q(x.processing_amount, _Q2), "time_unit": x.time_unit},
                "documents": [_doc_record(d) for d in documents if d.variant_id == x.pk],
                "steps": [_step_record(s) for s in steps if s.variant_id == x.pk],
                "note": x.note,
            }
            for x in variants
        ],
        "conditions": v.conditions,
        "subjects": v.subjects,
        "steps_text": v.steps_text,
        "dossier_sets": v.dossier_sets,
        "same_day_cutoff": v.same_day_cutoff.strftime("%H:%M") if v.same_day_cutoff else None,
        "pause_policy": v.pause_policy,
        "note": v.note,
    }


# ---------------------------------------------------------------------------------------------
# The import itself.


def field_code(name: str) -> str:
    """"Hộ tịch" → "ho-tich"."""
    return slugify(fold(name))[:64]


def import_procedures(records: list[dict], *, actor=None, progress: Callable[[int, int], None] | None = None
                      ) -> ImportReport:
    """Import procedure records (the shape of demo/data/procedures.json).

    New code → version 1 published; changed content → a new version published (the old one archived);
    same content → unchanged. Every record is validated first: any error raises ValidationFailed with
    errors=[{sheet, row, column, message}] and nothing is written.
    """
    return import_parsed(records, json_locator, [], actor=actor, progress=progress)


def import_parsed(records, locate, errors: list[dict], *, actor=None, progress=None) -> ImportReport:
    """Import records read from a file (see parse_file); `errors` are those found while reading it."""
    if not isinstance(records, list):
        _fail([{"sheet": SHEET_JSON, "row": 1, "column": "procedures", "message": "phải là danh sách các thủ tục"}])
    plan, plan_errors = _validate(records, locate)
    all_errors = [*errors, *plan_errors]
    if all_errors:
        _fail(all_errors)
    return _write(plan, actor=actor, progress=progress)


def _validate(records: list, locate) -> tuple[list[tuple[dict, Procedure | None, str]], list[dict]]:
    errors = _Errors(locate)
    unit_codes = set(Unit.objects.values_list("code", flat=True))
    parsed: list[tuple[int, dict]] = []
    first_row: dict[str, int] = {}
    for index, rec in enumerate(records):
        out = _RecordParser(index, errors, unit_codes).parse(rec)
        code = rec.get("code") if isinstance(rec, dict) else None
        if isinstance(code, str) and code.strip():
            code = code.strip()
            if code in first_row:
                row = locate(first_row[code], ("code",))[1]
                errors.add(index, ("code",), f"mã thủ tục \u201c{code}\u201d bị trùng với dòng {row}")
                continue
            first_row[code] = index
        if out is not None:
            parsed.append((index, out))
    existing = {
        p.code: p
        for p in selectors.with_current_content(Procedure.objects.filter(code__in=[rec["code"] for _, rec in parsed]))
    }
    drafts = set(
        ProcedureVersion.objects.filter(procedure__code__in=list(existing), status=VersionStatus.DRAFT)
        .values_list("procedure__code", flat=True)
    )
    plan = []
    for index, rec in parsed:
        procedure = existing.get(rec["code"])
        if procedure is not None and procedure.current_version is not None:
            if version_record(procedure.current_version) == content_of(rec):
                plan.append((rec, procedure, "unchanged"))
                continue
            if rec["code"] in drafts:
                errors.add(index, ("code",), "thủ tục đang có bản nháp chưa công bố; hãy công bố hoặc xoá bản nháp "
                                             "trước khi nhập phiên bản mới")
                continue
        plan.append((rec, procedure, "created" if procedure is None else "new_version"))
    for index, rec in parsed:
        _check_online_level(index, rec, existing.get(rec["code"]), errors)
    return plan, errors.items


def _check_online_level(index: int, rec: dict, procedure: Procedure | None, errors: _Errors) -> None:
    """Decree 224/2026, art. 14, on the version this row leaves in force: its own date, else the stored
    version's when its content is unchanged, else the day of the import (when publishing would date it)."""
    current = procedure.current_version if procedure is not None else None
    if rec["effective_from"] is not None:
        day = rec["effective_from"]
    elif current is not None and version_record(current) == content_of(rec):
        day = current.effective_from
    else:
        day = timezone.localdate()
    message = services.online_level_error(rec["online"], rec["partial_online_reason"], day)
    if message:
        errors.add(index, ("partial_online_reason",), message)


@transaction.atomic
def _write(plan, *, actor, progress) -> ImportReport:
    report = ImportReport()
    fields: dict[str, Field] = {}
    units = {u.code: u for u in Unit.objects.filter(code__in=[rec["implementing_unit"] for rec, _, _ in plan])}
    total = len(plan)
    for done, (rec, procedure, action) in enumerate(plan, 1):
        report.codes.append(rec["code"])
        if action == "unchanged":
            report.unchanged += 1
            report.unchanged_codes.append(rec["code"])
            _correct_facts(procedure, rec)
        else:
            if procedure is None:
                procedure = Procedure.objects.create(code=rec["code"], code_confirmed=bool(rec["code_confirmed"]))
                number = 1
                report.created += 1
                report.created_codes.append(rec["code"])
            else:
                number = services.next_version_number(procedure)
                report.new_versions += 1
                report.new_version_codes.append(rec["code"])
                _correct_facts(procedure, rec, version=False)
            field_obj = fields.get(rec["field"]) or _field_for(rec["field"])
            fields[rec["field"]] = field_obj
            version = _create_version(procedure, rec, number=number, field=field_obj,
                                      unit=units.get(rec["implementing_unit"]), actor=actor)
            record_change(
                version, action="import", actor=actor, note=IMPORT_CHANGE_NOTE,
                changes={"version": [None, number], "name": [None, version.name], "procedure": rec["code"]},
            )
            services.publish_version(version, actor=actor, effective_from=rec["effective_from"])
        if progress is not None:
            progress(done, total)
    return report


def _correct_facts(procedure: Procedure, rec: dict, *, version: bool = True) -> None:
    """Corrections that are not a new version: the code's confirmation, and the in-force date of the
    current version when the same content is imported with one (the demo catalog loaded before its
    versions carried 2018-01-01 had the loading day instead)."""
    if rec["code_confirmed"] is not None and procedure.code_confirmed != rec["code_confirmed"]:
        procedure.code_confirmed = rec["code_confirmed"]
        procedure.save(update_fields=["code_confirmed"])
    current = procedure.current_version
    if version and rec["effective_from"] and current is not None and current.effective_from != rec["effective_from"]:
        current.effective_from = rec["effective_from"]
        current.save(update_fields=["effective_from"])


def _field_for(name: str) -> Field:
    found = Field.objects.filter(name=name).first() or Field.objects.filter(code=field_code(name)).first()
    return found or Field.objects.create(name=name, code=field_code(name))


def _create_version(procedure, rec, *, number, field, unit, actor) -> ProcedureVersion:
    cutoff = rec["same_day_cutoff"]
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=number,
        created_by=actor,
        change_note=IMPORT_CHANGE_NOTE,
        name=rec["name"],
        field=field,
        level=rec["level"],
        implementing_unit_ref=rec["implementing_unit"],
        implementing_unit=unit,
        received_at=rec["received_at"],
        processing_amount=rec["processing_time"]["amount"],
        time_unit=rec["processing_time"]["time_unit"],
        online_processing_amount=rec["online_amount"],
        same_day_cutoff=dt.time.fromisoformat(cutoff) if cutoff else None,
        pause_policy=rec["pause_policy"],
        dossier_sets=rec["dossier_sets"],
        result=rec["result"],
        legal_basis=rec["legal_basis"],
        conditions=rec["conditions"],
        subjects=rec["subjects"],
        steps_text=rec["steps_text"],
        online_level=rec["online"],
        legacy_online_level=rec["legacy_online_level"],
        partial_online_reason=rec["partial_online_reason"],
        lienthong_kind=rec["lienthong"]["kind"],
        lienthong_units=rec["lienthong"]["units"],
        lienthong_note=rec["lienthong"]["note"],
        note=rec["note"],
    )
    documents = [_document(d, order=j, version=version) for j, d in enumerate(rec["documents"], 1)]
    steps = [_step(s, version=version) for s in rec["steps"]]
    for j, x in enumerate(rec["variants"], 1):
        variant = ProcedureVariant.objects.create(
            version=version, order=j, name=x["name"], processing_amount=x["processing_time"]["amount"],
            time_unit=x["processing_time"]["time_unit"], note=x["note"],
        )
        documents += [_document(d, order=k, version=version, variant=variant) for k, d in enumerate(x["documents"], 1)]
        steps += [_step(s, version=version, variant=variant) for s in x["steps"]]
    RequiredDocument.objects.bulk_create(documents)
    ProcessStep.objects.bulk_create(steps)
    Fee.objects.bulk_create([_fee(f, order=j, version=version) for j, f in enumerate(rec["fees"], 1)])
    return version


# ---------------------------------------------------------------------------------------------
# File formats.


def _read_bytes(fileobj_or_bytes) -> bytes:
    if isinstance(fileobj_or_bytes, bytes | bytearray):
        return bytes(fileobj_or_bytes)
    if isinstance(fileobj_or_bytes, str):
        return fileobj_or_bytes.encode("utf-8")
    data = fileobj_or_bytes.read()
    return data.encode("utf-8") if isinstance(data, str) else data


def parse_json(fileobj_or_bytes) -> list:
    data = _read_bytes(fileobj_or_bytes)
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        _fail([{"sheet": SHEET_JSON, "row": 1, "column": "", "message": "tệp không phải văn bản UTF-8"}])
    except json.JSONDecodeError as exc:
        _fail([{"sheet": SHEET_JSON, "row": 1, "column": "",
                "message": f"tệp JSON không hợp lệ (dòng {exc.lineno}, ký tự {exc.colno})"}])
    records = payload.get("procedures") if isinstance(payload, dict) else payload
    if not isinstance(records, list):
        _fail([{"sheet": SHEET_JSON, "row": 1, "column": "procedures",
                "message": "tệp JSON phải là danh sách thủ tục hoặc đối tượng có khoá \u201cprocedures\u201d"}])
    return records


def parse_file(name: str, fileobj_or_bytes):
    """(records, locate, errors) of a .json or .xlsx file, chosen by its name, without importing."""
    lowered = name.lower()
    if lowered.endswith(".json"):
        return parse_json(fileobj_or_bytes), json_locator, []
    if lowered.endswith(".xlsx"):
        return parse_xlsx(fileobj_or_bytes)
    raise ValidationFailed("Chỉ nhận tệp .json hoặc .xlsx.", field="file")


def import_json(fileobj_or_bytes, *, actor=None, progress=None) -> ImportReport:
    return import_procedures(parse_json(fileobj_or_bytes), actor=actor, progress=progress)


def import_xlsx(fileobj_or_bytes, *, actor=None, progress=None) -> ImportReport:
    return import_parsed(*parse_xlsx(fileobj_or_bytes), actor=actor, progress=progress)


def import_file(name: str, fileobj_or_bytes, *, actor=None, progress=None) -> ImportReport:
    """Import a .json or .xlsx file, chosen by its name."""
    return import_parsed(*parse_file(name, fileobj_or_bytes), actor=actor, progress=progress)


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
CODE_HEADER = "Mã thủ tục"
VARIANT_HEADER = "Trường hợp"
# Children a case (variant) may have of its own: their sheets have an optional "Trường hợp" column.
VARIANT_PARTS = ("documents", "steps")
# Child sheets: (sheet, key in the record, columns).
CHILD_SHEETS = [
    (SHEET_VARIANTS, "variants", VARIANT_COLUMNS),
    (SHEET_DOCUMENTS, "documents", DOCUMENT_COLUMNS),
    (SHEET_FEES, "fees", FEE_COLUMNS),
    (SHEET_STEPS, "steps", STEP_COLUMNS),
]
SHEET_COLUMNS = {
    SHEET_PROCEDURES: PROCEDURE_COLUMNS,
    SHEET_VARIANTS: [(("name",), VARIANT_HEADER, "text"), *VARIANT_COLUMNS],
    SHEET_DOCUMENTS: DOCUMENT_COLUMNS,
    SHEET_FEES: FEE_COLUMNS,
    SHEET_STEPS: STEP_COLUMNS,
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


def _read_sheet(ws, sheet: str, columns, extra_headers, errors: list[dict]):
    """Yield (excel_row, {header or path: value}) for the non-blank rows of a sheet."""
    rows = ws.iter_rows(values_only=True)
    header_row = next(rows, None) or ()
    by_header = {fold(h): (p, h, k) for p, h, k in columns}
    positions: dict[int, tuple] = {}
    found = set()
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
        errors.append({"sheet": sheet, "row": 1, "column": header, "message": "thiếu cột bắt buộc"})
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
            errors=[{"sheet": "", "row": 0, "column": "", "message": "tệp không phải là bảng tính Excel (.xlsx) hợp lệ"}],
        ) from None
    if SHEET_PROCEDURES not in wb.sheetnames:
        wb.close()
        message = f"thiếu sheet \u201c{SHEET_PROCEDURES}\u201d"
        _fail([{"sheet": SHEET_PROCEDURES, "row": 1, "column": "", "message": message}])
    errors: list[dict] = []
    locate = XlsxLocator()
    records: list[dict] = []
    index_of: dict[str, int] = {}
    for row, item in _read_sheet(wb[SHEET_PROCEDURES], SHEET_PROCEDURES, PROCEDURE_COLUMNS[1:], [CODE_HEADER], errors):
        record: dict = {"fees": [], "documents": [], "steps": [], "variants": []}
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
                errors.append({"sheet": sheet, "row": row, "column": CODE_HEADER, "message": "thiếu mã thủ tục"})
                continue
            if code not in index_of:
                errors.append({"sheet": sheet, "row": row, "column": CODE_HEADER,
                               "message": f"không có thủ tục mã \u201c{code}\u201d trong sheet \u201c{SHEET_PROCEDURES}\u201d"})
                continue
            index = index_of[code]
            record = records[index]
            child: dict = {}
            variant_name = item.pop(VARIANT_HEADER, None) if key == "variants" else item.pop((VARIANT_HEADER,), None)
            for path, value in item.items():
                _put(child, path, value)
            if key == "variants":
                if variant_name is None:
                    errors.append({"sheet": sheet, "row": row, "column": VARIANT_HEADER, "message": "thiếu tên trường hợp"})
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
                                   "message": f"thủ tục \u201c{code}\u201d không có trường hợp \u201c{variant_name}\u201d "
                                              f"trong sheet \u201c{SHEET_VARIANTS}\u201d"})
                    continue
                owner, prefix = record["variants"][position], ("variants", position)
            else:
                owner, prefix = record, ()
            owner[key].append(child)
            locate.rows[(index, (*prefix, key, len(owner[key]) - 1))] = (sheet, row)
    wb.close()
    return records, locate, errors


# ---------------------------------------------------------------------------------------------
# Background import jobs (the admin page "Nhập/Xuất danh mục" polls them).


def _thread_runner(fn: Callable[[], None]) -> None:
    def target():
        from django.db import connection

        try:
            fn()
        finally:
            connection.close()

    threading.Thread(target=target, name="catalog-import", daemon=True).start()


# How a job is run: a thread in production; tests swap in `lambda fn: fn()` so they do not race.
JOB_RUNNER: Callable[[Callable[[], None]], None] = _thread_runner


def _progress_key(job_id: int) -> str:
    return f"catalog:import-job:{job_id}"


def start_import_job(name: str, data: bytes, *, actor=None):
    """Record an ImportJob and run the import of the file in the background; returns the job."""
    from .models import ImportJob

    job = ImportJob.objects.create(file_name=name[:255], created_by=actor)
    JOB_RUNNER(lambda: run_import_job(job.pk, name, data, actor=actor))
    return job


def run_import_job(job_id: int, name: str, data: bytes, *, actor=None) -> None:
    from django.core.cache import cache
    from django.utils import timezone

    from .models import ImportJob

    jobs = ImportJob.objects.filter(pk=job_id)

    def progress(done: int, total: int) -> None:
        # The import runs in one transaction, invisible to other connections until it commits, so
        # progress goes through the cache rather than the job row.
        cache.set(_progress_key(job_id), (done, total), 3600)

    try:
        records, locate, errors = parse_file(name, data)
        total = len(records) if isinstance(records, list) else 0
        jobs.update(status=ImportJob.Status.RUNNING, total=total)
        progress(0, total)
        report = import_parsed(records, locate, errors, actor=actor, progress=progress)
    except ValidationFailed as exc:
        errors = exc.errors or [{"sheet": "", "row": 0, "column": "", "message": exc.detail}]
        jobs.update(status=ImportJob.Status.FAILED, errors=errors, finished_at=timezone.now())
    except Exception:
        logger.exception("Catalog import job %s failed", job_id)
        message = "lỗi hệ thống khi nhập; không có thủ tục nào được nhập"
        jobs.update(status=ImportJob.Status.FAILED, finished_at=timezone.now(),
                    errors=[{"sheet": "", "row": 0, "column": "", "message": message}])
    else:
        jobs.update(status=ImportJob.Status.DONE, done=total, report=report.as_dict(), finished_at=timezone.now())
    finally:
        cache.delete(_progress_key(job_id))


def job_progress(job) -> tuple[int, int]:
    """(done, total) of a job, live while it runs."""
    from django.core.cache import cache

    if job.status == job.Status.RUNNING:
        live = cache.get(_progress_key(job.pk))
        if live:
            return live
    return job.done, job.total
