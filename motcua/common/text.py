"""Text helpers for Vietnamese: NFC normalisation and diacritic-insensitive folding for search."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def _(message: str) -> str:
    """`message` in Django's active language (English when chosen), as written when Django is not set up."""
    from django.conf import settings
    from django.utils.translation import gettext

    return str(gettext(message)) if settings.configured else message


def nfc(value: str) -> str:
    """Return `value` in Unicode NFC, the form every stored and printed text uses."""
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """Fold Vietnamese text for search: no diacritics, đ→d, lower case, single spaces.

    "Cấp Giấy phép XÂY DỰNG" and "cap giay phep xay dung" fold to the same string.
    """
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


# -- free text that people send (issue 11: a 5,000,000-character note was stored and echoed in every
# read). One rule for the API serializers, the web forms (through the services) and the services.
MAX_NAME = 255  # a person's or an organisation's name, a relation
MAX_LINE = 500  # an address, one item of a list
MAX_NOTE = 4000  # a note, a reason, an opinion (the web forms' limit too)
MAX_QUERY = 200  # a search term
MAX_ITEMS = 200  # entries of a list or keys of an object inside a request body
MAX_DEPTH = 6  # nesting of objects and lists inside a request body

# C0 controls except tab, LF and CR (a note may have lines), DEL and the C1 controls: no text a person
# types contains them, and NUL makes PostgreSQL refuse the row (a 500 before this rule).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def text_problem(value: str, max_length: int = MAX_NOTE) -> str | None:
    """Why `value` cannot be accepted as free text (a Vietnamese sentence), or None."""
    if _CONTROL.search(value):
        return _("Không được chứa ký tự điều khiển (ví dụ ký tự NUL).")
    if len(value) > max_length:
        return _("Quá dài: tối đa %(max)s ký tự (đã gửi %(sent)s).") % {"max": max_length, "sent": len(value)}
    return None


def no_control_characters(value: object) -> None:
    """Django validator (forms and DRF serializer fields alike): refuses control characters."""
    from django.core.exceptions import ValidationError

    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError(text_problem(value, len(value)), code="control_characters")


def check_text(value: object, field: str, max_length: int = MAX_NOTE) -> None:
    """For the services: ValidationFailed naming `field` if `value` is not acceptable free text."""
    from motcua.common.errors import ValidationFailed

    if value is None:
        return
    if not isinstance(value, str):
        raise ValidationFailed(_("Phải là một chuỗi ký tự."), field=field)
    problem = text_problem(value, max_length)
    if problem:
        raise ValidationFailed(_("Trường “%(field)s”: %(message)s") % {"field": field, "message": problem}, field=field)


def check_structure(value: object, field: str, max_length: int = MAX_NOTE, _depth: int = 0) -> None:
    """Every string (keys too) inside a JSON value is acceptable free text; lists and objects are bounded.
    ValidationFailed names the first offending element by its dotted path ("data.missing[3].name")."""
    from motcua.common.errors import ValidationFailed

    if _depth > MAX_DEPTH:
        raise ValidationFailed(_("Trường “%(field)s”: lồng nhau quá sâu.") % {"field": field}, field=field)
    if isinstance(value, str):
        check_text(value, field, max_length)
    elif isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise ValidationFailed(_("Trường “%(field)s”: tối đa %(max)s mục.") % {"field": field, "max": MAX_ITEMS},
                                   field=field)
        for key, item in value.items():
            check_text(str(key), field, MAX_NAME)
            check_structure(item, f"{field}.{key}", max_length, _depth + 1)
    elif isinstance(value, list | tuple):
        if len(value) > MAX_ITEMS:
            raise ValidationFailed(_("Trường “%(field)s”: tối đa %(max)s mục.") % {"field": field, "max": MAX_ITEMS},
                                   field=field)
        for i, item in enumerate(value):
            check_structure(item, f"{field}[{i}]", max_length, _depth + 1)
