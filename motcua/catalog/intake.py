"""Procedure-specific data at intake (decision 0045): the checks of a version's declared fields, the ONE
check of the values an applicant gives for them, and those values as people read them.

`clean_form_data` is the only judge of `form_data`: the API intake, the counter's form and the citizen's
online form all pass through `dossiers.services.receive_dossier`, which calls it; the web forms call it
too, before, only to put each message next to its own field.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from motcua.common.errors import ValidationFailed
from motcua.common.text import MAX_LINE, MAX_NOTE, nfc, text_problem

from .localized import english_wanted, pick
from .models import IntakeKind

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
TEXT_KINDS = {IntakeKind.TEXT, IntakeKind.LONG_TEXT, IntakeKind.ADDRESS}
NUMBER_KINDS = {IntakeKind.INTEGER, IntakeKind.DECIMAL}
# The longest text a kind takes when the declaration gives no maximum.
DEFAULT_MAX_LENGTH = {IntakeKind.TEXT: 255, IntakeKind.ADDRESS: MAX_LINE, IntakeKind.LONG_TEXT: MAX_NOTE}
# A map sheet number and a parcel number (số tờ bản đồ, số thửa): digits, possibly a letter after them.
PARCEL_PART = re.compile(r"^[0-9]{1,6}[A-Za-z]?$")
_INTEGER = re.compile(r"^[+-]?[0-9]{1,15}$")
_MAX_DIGITS = 18


def form_field_name(key: str) -> str:
    """The name of a declared field in a web form (`fd_<key>`; a parcel adds `_sheet` and `_parcel`)."""
    return f"fd_{key}"


def label_of(field) -> str:
    """The field's label in the interface's language (English when wanted and given)."""
    return pick(getattr(field, "label_en", ""), field.label)[0]


def help_of(field) -> str:
    return pick(getattr(field, "help_text_en", ""), field.help_text)[0]


# -- the declaration ------------------------------------------------------------------------------------
def declaration_errors(fields) -> list[tuple[int, str, str]]:
    """Why a list of declared fields (model instances or look-alikes) cannot be published: (position in the
    list, attribute at fault, message). Used by `services.version_errors` and by the import."""
    errors = []
    seen = set()
    for i, f in enumerate(fields):
        if not KEY_PATTERN.match(f.key or ""):
            errors.append((i, "key", _("Mã trường “%(key)s” không hợp lệ: chữ thường không dấu, số và gạch dưới, "
                                       "bắt đầu bằng chữ cái.") % {"key": f.key}))
        elif f.key in seen:
            errors.append((i, "key", _("Mã trường “%(key)s” bị trùng.") % {"key": f.key}))
        seen.add(f.key)
        if not (f.label or "").strip():
            errors.append((i, "label", _("Thiếu tên trường “%(key)s”.") % {"key": f.key}))
        if f.kind not in IntakeKind.values:
            errors.append((i, "kind", _("Kiểu dữ liệu “%(kind)s” không hợp lệ.") % {"kind": f.kind}))
            continue
        choices = f.choices or []
        if f.kind == IntakeKind.CHOICE:
            if not isinstance(choices, list) or not choices or not all(isinstance(c, str) and c.strip() for c in choices):
                errors.append((i, "choices", _("Trường “%(label)s” kiểu chọn phải có danh sách lựa chọn.")
                               % {"label": f.label}))
            elif len(set(choices)) != len(choices):
                errors.append((i, "choices", _("Trường “%(label)s” có lựa chọn bị trùng.") % {"label": f.label}))
        elif choices:
            errors.append((i, "choices", _("Chỉ trường kiểu chọn mới có danh sách lựa chọn (“%(label)s”).")
                           % {"label": f.label}))
        low, high = f.min_value, f.max_value
        if (low is not None or high is not None) and f.kind not in NUMBER_KINDS:
            errors.append((i, "min_value", _("Chỉ trường kiểu số mới có giá trị nhỏ nhất, lớn nhất (“%(label)s”).")
                           % {"label": f.label}))
        elif low is not None and high is not None and low > high:
            errors.append((i, "min_value", _("Giá trị nhỏ nhất của “%(label)s” lớn hơn giá trị lớn nhất.")
                           % {"label": f.label}))
        if f.max_length is not None and f.kind not in TEXT_KINDS:
            errors.append((i, "max_length", _("Chỉ trường kiểu chữ mới có độ dài tối đa (“%(label)s”).")
                           % {"label": f.label}))
        if f.pattern:
            if f.kind not in TEXT_KINDS:
                errors.append((i, "pattern", _("Chỉ trường kiểu chữ mới có mẫu kiểm tra (“%(label)s”).")
                               % {"label": f.label}))
            else:
                try:
                    re.compile(f.pattern)
                except re.error:
                    errors.append((i, "pattern", _("Mẫu kiểm tra của “%(label)s” không phải biểu thức chính quy "
                                                   "hợp lệ.") % {"label": f.label}))
    return errors


# -- the values -----------------------------------------------------------------------------------------
def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    return False


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        return None
    text = repr(value) if isinstance(value, float) else str(value).strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or len(number.as_tuple().digits) > _MAX_DIGITS:
        return None
    return number


def _number_text(number: Decimal) -> str:
    return f"{number.normalize():f}"


def _range(field, number: Decimal, label: str) -> str | None:
    low, high = field.min_value, field.max_value
    values = {"label": label, "min": _number_text(Decimal(low)) if low is not None else "",
              "max": _number_text(Decimal(high)) if high is not None else ""}
    if low is not None and high is not None and not (low <= number <= high):
        return _("“%(label)s” phải từ %(min)s đến %(max)s.") % values
    if low is not None and number < low:
        return _("“%(label)s” không được nhỏ hơn %(min)s.") % values
    if high is not None and number > high:
        return _("“%(label)s” không được lớn hơn %(max)s.") % values
    return None


def _clean_one(field, value):
    """(stored value, None) or (None, message) for a value given (not blank)."""
    label = label_of(field)
    kind = field.kind
    if kind in TEXT_KINDS:
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            return None, _("“%(label)s” phải là chuỗi ký tự.") % {"label": label}
        text = nfc(str(value).strip())
        limit = field.max_length or DEFAULT_MAX_LENGTH[kind]
        problem = text_problem(text, limit)
        if problem:
            return None, f"{label}: {problem}"
        if kind != IntakeKind.LONG_TEXT and ("\n" in text or "\r" in text):
            return None, _("“%(label)s” chỉ gồm một dòng.") % {"label": label}
        if field.pattern and not re.fullmatch(field.pattern, text):
            return None, _("“%(label)s” không đúng định dạng quy định.") % {"label": label}
        return text, None
    if kind == IntakeKind.INTEGER:
        text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
        if not _INTEGER.match(text):
            return None, _("“%(label)s” phải là số nguyên.") % {"label": label}
        number = int(text)
        problem = _range(field, Decimal(number), label)
        return (None, problem) if problem else (number, None)
    if kind == IntakeKind.DECIMAL:
        number = _decimal(value)
        if number is None:
            return None, _("“%(label)s” phải là một số (ví dụ 125,5).") % {"label": label}
        problem = _range(field, number, label)
        return (None, problem) if problem else (_number_text(number), None)
    if kind == IntakeKind.DATE:
        day = None
        if isinstance(value, str):
            text = value.strip()
            for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    day = dt.datetime.strptime(text, fmt).date()
                    break
                except ValueError:
                    continue
        if day is None:
            return None, _("“%(label)s” phải là một ngày (ngày/tháng/năm).") % {"label": label}
        return day.isoformat(), None
    if kind == IntakeKind.CHOICE:
        text = nfc(value.strip()) if isinstance(value, str) else None
        if text not in (field.choices or []):
            return None, _("“%(label)s”: hãy chọn một trong: %(choices)s.") % {
                "label": label, "choices": "; ".join(field.choices or [])}
        return text, None
    if kind == IntakeKind.PARCEL:
        if not isinstance(value, dict) or set(value) - {"sheet", "parcel"}:
            return None, _("“%(label)s” phải gồm số tờ bản đồ (sheet) và số thửa (parcel).") % {"label": label}
        parts = {}
        for part in ("sheet", "parcel"):
            raw = value.get(part)
            text = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
            if not PARCEL_PART.match(text):
                return None, _("“%(label)s”: cần số tờ bản đồ và số thửa, mỗi số gồm chữ số (ví dụ 12 và 345).") % {
                    "label": label}
            parts[part] = text
        return parts, None
    return None, _("“%(label)s”: kiểu dữ liệu không hợp lệ.") % {"label": label}


def form_data_errors(fields, data, *, partial: bool = False) -> tuple[dict, list[dict]]:
    """(the values to store, the errors [{field: "form_data.<key>", key, message}]) of `data` against the
    declared `fields`. `partial`: a required field left blank is not an error (dossiers of the past)."""
    fields = list(fields)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, [{"field": "form_data", "key": "", "message": _("Thông tin tờ khai (form_data) phải là một đối tượng JSON.")}]
    errors: list[dict] = []
    known = {f.key for f in fields}
    for key in sorted(str(k) for k in data if k not in known):
        errors.append({"field": f"form_data.{key}", "key": key,
                       "message": _("Thủ tục này không có trường thông tin “%(key)s”.") % {"key": key[:64]}})
    values: dict = {}
    for f in fields:
        value = data.get(f.key)
        if _blank(value):
            if f.required and not partial:
                errors.append({"field": f"form_data.{f.key}", "key": f.key,
                               "message": _("Cần khai “%(label)s”.") % {"label": label_of(f)}})
            continue
        cleaned, message = _clean_one(f, value)
        if message:
            errors.append({"field": f"form_data.{f.key}", "key": f.key, "message": message})
        else:
            values[f.key] = cleaned
    return values, errors


def clean_form_data(version, data, *, partial: bool = False) -> dict:
    """THE check of procedure-specific data at intake (decision 0045): the values of `data` ({key: value})
    for the fields `version` declares, ready to store on the dossier; ValidationFailed naming the first
    field at fault (`form_data.<key>`) and listing every problem in `errors` otherwise."""
    values, errors = form_data_errors(version.intake_fields.all(), data, partial=partial)
    if errors:
        detail = " ".join(e["message"] for e in errors)
        raise ValidationFailed(detail, field=errors[0]["field"],
                               errors=[{"field": e["field"], "message": e["message"]} for e in errors])
    return values


# -- as people read them ----------------------------------------------------------------------------------
def display_value(field, value, *, vietnamese: bool = False) -> str:
    """A stored value as people read it (dates dd/mm/yyyy, a decimal comma in Vietnamese, a parcel in words)."""
    if value is None or value == "":
        return ""
    kind = getattr(field, "kind", None)
    if kind == IntakeKind.PARCEL and isinstance(value, dict):
        if vietnamese:
            return f"Tờ bản đồ số {value.get('sheet', '')}, thửa đất số {value.get('parcel', '')}"
        return _("Tờ bản đồ số %(sheet)s, thửa đất số %(parcel)s") % {
            "sheet": value.get("sheet", ""), "parcel": value.get("parcel", "")}
    if kind == IntakeKind.DATE and isinstance(value, str):
        try:
            return f"{dt.date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    if kind in NUMBER_KINDS:
        english = not vietnamese and english_wanted()
        if kind == IntakeKind.INTEGER and isinstance(value, int):
            grouped = f"{value:,}"  # 500,000,000 in English, 500.000.000 in Vietnamese
            return grouped if english else grouped.replace(",", ".")
        text = str(value)
        return text if english else text.replace(".", ",")
    if isinstance(value, dict | list):
        return ", ".join(str(v) for v in (value.values() if isinstance(value, dict) else value))
    return str(value)


def display_rows(fields, values: dict | None, *, vietnamese: bool = False) -> list[dict]:
    """[{key, label, value}] of a dossier's stored values, in the order of the declaration (the label in
    the interface's language unless `vietnamese`, as printed forms want); values of keys no longer declared
    (none today: a dossier keeps its version) follow under their key."""
    values = values or {}
    rows = []
    declared = set()
    for f in fields:
        declared.add(f.key)
        if f.key in values:
            label = f.label if vietnamese else label_of(f)
            rows.append({"key": f.key, "label": label,
                         "value": display_value(f, values[f.key], vietnamese=vietnamese)})
    for key, value in values.items():
        if key not in declared:
            rows.append({"key": key, "label": key, "value": display_value(None, value, vietnamese=vietnamese)})
    return rows
