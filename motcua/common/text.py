"""Text helpers for Vietnamese: NFC normalisation and diacritic-insensitive folding for search."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")


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
