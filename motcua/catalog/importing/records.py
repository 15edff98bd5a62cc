"""Parsing and validation of one record into its canonical form; canonical records of stored versions."""
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from motcua.common.text import fold, nfc
from motcua.units.models import UnitKind

from .. import services
from ..intake import declaration_errors
from ..localized import MAX_LENGTHS as ENGLISH_MAX_LENGTHS
from ..localized import RECORD_KEYS
from ..models import (
    Fee,
    FeePer,
    IntakeField,
    IntakeKind,
    Level,
    LienThongKind,
    OnlineLevel,
    PausePolicy,
    ProcedureVersion,
    ProcessStep,
    ReceptionPoint,
    RequiredDocument,
    TimeUnit,
)
from .common import (
    _CUTOFF,
    _MAX_AMOUNT,
    _MAX_FEE,
    _MAX_SMALL,
    _Q0,
    _Q2,
    _Q4,
    FORMULA_KEYS,
    IMPLEMENTING_ROLES,
    STEP_ROLES,
    _Errors,
)

# ---------------------------------------------------------------------------------------------
# Parsing and validation of one record into its canonical form.

_MISSING = object()
_MAX_BOUND = Decimal("99999999999999")  # IntakeField.min_value / max_value: 18 digits, 4 after the point


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
            self.err(path, _("thiếu giá trị bắt buộc"))
        return value

    def text(self, obj, path, *, required=False, max_length=None, default="") -> str:
        value = self._get(obj, path, required=required)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            self.err(path, _("phải là chuỗi ký tự"))
            return default
        value = nfc(str(value).strip())
        if max_length and len(value) > max_length:
            self.err(path, _("dài quá %(max)s ký tự") % {"max": max_length})
        return value

    def english(self, obj, path, *, max_length=None) -> str | None:
        """An optional translation: None when absent (or null), else the text, "" when blank."""
        value = obj.get(path[-1]) if isinstance(obj, dict) else None
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            self.err(path, _("phải là chuỗi ký tự"))
            return None
        value = nfc(str(value).strip())
        if max_length and len(value) > max_length:
            self.err(path, _("dài quá %(max)s ký tự") % {"max": max_length})
        return value

    def decimal(self, obj, path, *, places: Decimal, required=False, default=None, maximum=None):
        value = self._get(obj, path, required=required)
        if value is _MISSING:
            return default
        number = _to_decimal(value)
        if number is None or number < 0:
            self.err(path, _("phải là số không âm"))
            return default
        number = number.quantize(places, rounding=ROUND_HALF_UP)
        if maximum is not None and number > maximum:
            self.err(path, _("không được lớn hơn %(max)s") % {"max": f"{maximum.normalize():f}"})
            return default
        return number

    def integer(self, obj, path, *, default=0, minimum=0, maximum=_MAX_SMALL, required=False):
        value = self._get(obj, path, required=required)
        if value is _MISSING:
            return default
        number = _to_decimal(value)
        if number is None or number != number.to_integral_value():
            self.err(path, _("phải là số nguyên"))
            return default
        if number < minimum or number > maximum:
            if minimum == 0 and number < 0:
                self.err(path, _("phải là số nguyên không âm"))
            else:
                self.err(path, _("phải là số nguyên từ %(min)s đến %(max)s") % {"min": minimum, "max": maximum})
            return default
        return int(number)

    def choice(self, obj, path, choices: dict, *, default=None, required=False):
        value = self._get(obj, path, required=required)
        if value is _MISSING:
            return default
        if not isinstance(value, str) or value.strip() not in choices:
            self.err(path, _("giá trị “%(value)s” không hợp lệ; chọn một trong: %(choices)s")
                     % {"value": value, "choices": _choices_text(choices)})
            return default
        return value.strip()

    def boolean(self, obj, path, *, default=False) -> bool:
        value = self._get(obj, path)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.err(path, _("phải là true hoặc false"))
            return default
        return value

    def text_list(self, obj, path, *, required=False, max_length=None) -> list[str]:
        value = self._get(obj, path, required=required)
        if value is _MISSING:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.err(path, _("phải là danh sách chuỗi ký tự"))
            return []
        items = [nfc(v.strip()) for v in value if v.strip()]
        if required and not items:
            self.err(path, _("thiếu giá trị bắt buộc"))
        if max_length:
            for item in items:
                if len(item) > max_length:
                    self.err(path, _("“%(item)s” dài quá %(max)s ký tự") % {"item": item, "max": max_length})
        return items

    def object_list(self, obj, path) -> list:
        value = self._get(obj, path)
        if value is _MISSING:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.err(path, _("phải là danh sách các đối tượng"))
            return []
        return value

    def sub_object(self, obj, path, *, required=False) -> dict:
        value = self._get(obj, path, required=required)
        if value is _MISSING:
            return {}
        if not isinstance(value, dict):
            self.err(path, _("phải là một đối tượng"))
            return {}
        return value

    def unit_ref(self, path, value: str, *, kinds: set[str], what: str) -> None:
        if value and value not in self.unit_codes and value not in kinds:
            self.err(path, _("không có đơn vị mã “%(code)s” trong cây đơn vị (và cũng không phải %(what)s)")
                     % {"code": value, "what": what})

    # -- the record -------------------------------------------------------------------------------
    def parse(self, rec) -> dict | None:
        if not isinstance(rec, dict):
            self.err((), _("mỗi thủ tục phải là một đối tượng JSON"))
            return None
        out: dict = {}
        out["code"] = self.text(rec, ("code",), required=True, max_length=64)
        out["name"] = self.text(rec, ("name",), required=True, max_length=500)
        out["field"] = self.text(rec, ("field",), required=True, max_length=255)
        if out["field"] and not slugify(fold(out["field"])):
            self.err(("field",), _("tên lĩnh vực không tạo được mã"))
        out["level"] = self.choice(rec, ("level",), dict(Level.choices), required=True)
        unit = self.text(rec, ("implementing_unit",), required=True, max_length=64)
        self.unit_ref(("implementing_unit",), unit, kinds=set(IMPLEMENTING_ROLES), what=_("vai trò như ward_people_committee"))
        out["implementing_unit"] = unit
        out["received_at"] = self.text_list(rec, ("received_at",), required=True, max_length=64)
        for point in out["received_at"]:
            self.unit_ref(("received_at",), point, kinds=set(ReceptionPoint.values), what=_("nơi tiếp nhận như ward_one_stop_desk"))
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
        out["intake_fields"] = self.intake_fields(rec)
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
        # The English texts (decision 0037), not content either: absent leaves what is stored, blank clears.
        for key, limit in ENGLISH_MAX_LENGTHS.items():
            out[key] = self.english(rec, (key,), max_length=limit)
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
                self.err(path, _("khoá “%(key)s” không hợp lệ; dùng: %(keys)s") % {"key": key, "keys": ", ".join(FORMULA_KEYS)})
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
            self.unit_ref((*p, "unit"), unit, kinds=set(UnitKind.values), what=_("loại đơn vị như ward, one_stop_desk"))
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

    def intake_fields(self, rec) -> list[dict]:
        """The information the application form asks for (decision 0045); optional."""
        out = []
        for j, item in enumerate(self.object_list(rec, ("intake_fields",))):
            p = ("intake_fields", j)
            kind = self.choice(item, (*p, "kind"), dict(IntakeKind.choices), required=True)
            choices = self.text_list(item, (*p, "choices"), max_length=255)
            out.append(
                {
                    "key": self.text(item, (*p, "key"), required=True, max_length=64),
                    "label": self.text(item, (*p, "label"), required=True, max_length=255),
                    "label_en": self.text(item, (*p, "label_en"), max_length=255),
                    "kind": kind or IntakeKind.TEXT.value,
                    "required": self.boolean(item, (*p, "required")),
                    "choices": choices,
                    "max_length": self.integer(item, (*p, "max_length"), default=None, minimum=1, maximum=10000),
                    "min_value": self.decimal(item, (*p, "min_value"), places=_Q4, maximum=_MAX_BOUND),
                    "max_value": self.decimal(item, (*p, "max_value"), places=_Q4, maximum=_MAX_BOUND),
                    "pattern": self.text(item, (*p, "pattern"), max_length=255),
                    "help_text": self.text(item, (*p, "help_text"), max_length=500),
                    "help_text_en": self.text(item, (*p, "help_text_en"), max_length=500),
                }
            )
        if self.ok:
            for j, attribute, message in declaration_errors([_intake_field(f) for f in out]):
                self.err(("intake_fields", j, attribute), message)
        return out

    def variants(self, rec) -> list[dict]:
        out = []
        seen = set()
        for j, variant in enumerate(self.object_list(rec, ("variants",))):
            p = ("variants", j)
            name = self.text(variant, (*p, "name"), required=True, max_length=500)
            if name in seen:
                self.err((*p, "name"), _("trường hợp “%(name)s” bị trùng") % {"name": name})
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
            self.unit_ref(("lienthong", "units"), unit, kinds=set(UnitKind.values), what=_("loại đơn vị như ward"))
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
            self.err(path, _("ngày “%(value)s” không hợp lệ; viết theo dạng YYYY-MM-DD, ví dụ 2018-01-01")
                     % {"value": value})
            return None

    def cutoff(self, obj, path) -> str | None:
        value = self._get(obj, path)
        if value is _MISSING:
            return None
        if isinstance(value, dt.time):
            value = value.strftime("%H:%M")
        if not isinstance(value, str) or not _CUTOFF.match(value.strip()):
            self.err(path, _("giờ “%(value)s” không hợp lệ; viết theo dạng HH:MM, ví dụ 15:00") % {"value": value})
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
        for message, vietnamese in _version_errors(head):
            self.err(_head_column(vietnamese), message)
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
            for message, vietnamese in _version_errors(draft):
                column = "order" if "trùng" in vietnamese else "share"
                self.err((*prefix, "steps", 0, column), message)
        for j, fee in enumerate(part.get("fees", [])):
            for message in services.version_errors(_Draft(fees=[_fee(fee, order=j + 1)])):
                self.err(("fees", j, "amount"), message)


def _version_errors(draft) -> list[tuple[str, str]]:
    """services.version_errors in the active language, each with its Vietnamese text (to find the column)."""
    messages = services.version_errors(draft)
    with translation.override("vi"):
        vietnamese = services.version_errors(draft)
    return list(zip(messages, vietnamese, strict=True))


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


def _intake_field(item: dict, *, order: int = 1, version=None) -> IntakeField:
    return IntakeField(version=version, order=order, **item)


def _intake_record(f: IntakeField) -> dict:
    return {
        "key": f.key, "label": f.label, "label_en": f.label_en, "kind": f.kind, "required": f.required,
        "choices": list(f.choices or []), "max_length": f.max_length, "min_value": _q(f.min_value, _Q4),
        "max_value": _q(f.max_value, _Q4), "pattern": f.pattern, "help_text": f.help_text,
        "help_text_en": f.help_text_en,
    }


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
# about the procedure), the date the version is in force from, and the English texts (on the procedure and
# its field, decision 0037). A change to them alone is not a new version.
IMPORT_ONLY = ("code_confirmed", "effective_from", *RECORD_KEYS)


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
        "intake_fields": [_intake_record(f) for f in sorted(v.intake_fields.all(), key=lambda f: (f.order, f.pk))],
        "conditions": v.conditions,
        "subjects": v.subjects,
        "steps_text": v.steps_text,
        "dossier_sets": v.dossier_sets,
        "same_day_cutoff": v.same_day_cutoff.strftime("%H:%M") if v.same_day_cutoff else None,
        "pause_policy": v.pause_policy,
        "note": v.note,
    }


