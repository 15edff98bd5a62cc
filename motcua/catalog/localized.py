"""The catalog read in the interface's language (decision 0037).

Procedures are published in Vietnamese; an administrator may add English names (Procedure.name_en,
Procedure.result_en, Field.name_en). In English, a page shows the English text where there is one and
otherwise the Vietnamese, which the templates mark `lang="vi"` (portal templatetags `localized`).
Vietnamese is the legal text: exports, PDF forms and the officers' records keep it whatever the language.
"""
from __future__ import annotations

from django.utils.translation import get_language

# Keys of an import/export record (JSON) that carry the English texts; not content of a version.
RECORD_KEYS = ("name_en", "result_en", "field_en")
# Their longest texts (the model fields; None: no limit).
MAX_LENGTHS = {"name_en": 500, "result_en": None, "field_en": 255}
IMPORT_NOTE = "Tên tiếng Anh từ tệp nhập danh mục"


def english_wanted() -> bool:
    return (get_language() or "").lower().startswith("en")


def pick(en: str | None, vi: str | None) -> tuple[str, bool]:
    """(text, is_fallback): the English text in English when there is one; otherwise the Vietnamese,
    and whether that Vietnamese stands in for a missing translation (English page, no English text)."""
    if english_wanted():
        if (en or "").strip():
            return en or "", False
        return vi or "", bool(vi)
    return vi or "", False


def procedure_name(procedure, version=None) -> str:
    """The name to show as plain text (a <title>, an <option>): English if wanted and given."""
    version = version if version is not None else procedure.current_version
    return pick(getattr(procedure, "name_en", ""), version.name if version is not None else "")[0]


def field_name(field) -> str:
    return pick(getattr(field, "name_en", ""), field.name)[0]


def english_record(procedure) -> dict:
    """The English texts of a procedure for an export record (only those present)."""
    version = procedure.current_version
    values = {
        "name_en": procedure.name_en,
        "result_en": procedure.result_en,
        "field_en": version.field.name_en if version is not None and version.field_id else "",
    }
    return {k: v for k, v in values.items() if v}


def store_english(procedure, field, texts: dict, *, actor=None) -> int:
    """Store English texts {key of RECORD_KEYS: text} on a procedure and its field; a key absent leaves
    what is stored, a blank text clears it. Each actual change is journalled (audit); nothing is written
    when the texts are already so. Returns how many of the procedure and the field changed.

    The one path for the English texts of an import: `importing` calls it for every record it writes
    (JSON and Excel), `apply_records` for records given afterwards."""
    from motcua.audit.services import record_change

    changed = 0
    changes = {
        key: [getattr(procedure, key), texts[key]]
        for key in ("name_en", "result_en")
        if isinstance(texts.get(key), str) and getattr(procedure, key) != texts[key]
    }
    if changes:
        for key, (_old, new) in changes.items():
            setattr(procedure, key, new)
        procedure.save(update_fields=list(changes))
        record_change(procedure, action="update", actor=actor, changes=changes, note=IMPORT_NOTE)
        changed += 1
    field_en = texts.get("field_en")
    if isinstance(field_en, str) and field is not None and field.name_en != field_en:
        old, field.name_en = field.name_en, field_en
        field.save(update_fields=["name_en"])
        record_change(field, action="update", actor=actor, changes={"name_en": [old, field.name_en]}, note=IMPORT_NOTE)
        changed += 1
    return changed


def apply_records(records, *, actor=None) -> int:
    """Store the English texts of records (keys RECORD_KEYS) on the procedures (by code) and the fields of
    their current versions, as `store_english`; texts too long are cut. The import itself already stores
    them (importing.writing); this serves records given apart from an import.
    Returns how many procedures or fields changed."""
    from .models import Procedure

    changed = 0
    for rec in records if isinstance(records, list) else []:
        if not isinstance(rec, dict) or not any(isinstance(rec.get(k), str) for k in RECORD_KEYS):
            continue
        procedure = Procedure.objects.filter(code=str(rec.get("code", "")).strip()).select_related(
            "current_version__field"
        ).first()
        if procedure is None:
            continue
        texts = {
            key: rec[key].strip()[:limit] if limit else rec[key].strip()
            for key, limit in MAX_LENGTHS.items()
            if isinstance(rec.get(key), str)
        }
        version = procedure.current_version
        changed += store_english(procedure, version.field if version is not None else None, texts, actor=actor)
    return changed
