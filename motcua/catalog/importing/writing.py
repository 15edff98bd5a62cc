"""The import itself: every record validated first, then all written in one transaction, or none."""
import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from motcua.audit.services import record_change
from motcua.common.text import fold
from motcua.units.models import Unit

from .. import selectors, services
from ..localized import RECORD_KEYS, store_english
from ..models import (
    Fee,
    Field,
    IntakeField,
    Procedure,
    ProcedureVariant,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
    VersionStatus,
)
from .common import IMPORT_CHANGE_NOTE, SHEET_JSON, ImportReport, _Errors, _fail, json_locator
from .records import _document, _fee, _intake_field, _RecordParser, _step, content_of, version_record

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
        _fail([{"sheet": SHEET_JSON, "row": 1, "column": "procedures", "message": _("phải là danh sách các thủ tục")}])
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
                errors.add(index, ("code",), _("mã thủ tục “%(code)s” bị trùng với dòng %(row)s")
                           % {"code": code, "row": row})
                continue
            first_row[code] = index
        if out is not None:
            parsed.append((index, out))
    _one_english_name_per_field(parsed, locate, errors)
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
                errors.add(index, ("code",), _("thủ tục đang có bản nháp chưa công bố; hãy công bố hoặc xoá bản "
                                               "nháp trước khi nhập phiên bản mới"))
                continue
        plan.append((rec, procedure, "created" if procedure is None else "new_version"))
    for index, rec in parsed:
        _check_online_level(index, rec, existing.get(rec["code"]), errors)
    return plan, errors.items


def _one_english_name_per_field(parsed: list[tuple[int, dict]], locate, errors: _Errors) -> None:
    """A field's English name is given on every row of its procedures: rows that name it must agree, and a
    blank row takes the name given on another (a file fills it in once or on every row; blank on every row
    given clears it)."""
    given: dict[str, tuple[int, str]] = {}
    for index, rec in parsed:
        text = rec.get("field_en")
        if not text:
            continue
        first = given.setdefault(rec["field"], (index, text))
        if first[1] != text:
            row = locate(first[0], ("field_en",))[1]
            errors.add(index, ("field_en",), _("lĩnh vực “%(field)s” đã có tên tiếng Anh khác "
                                               "(“%(english)s”) ở dòng %(row)s")
                           % {"field": rec["field"], "english": first[1], "row": row})
    for _index, rec in parsed:
        if rec.get("field_en") == "" and rec["field"] in given:
            rec["field_en"] = given[rec["field"]][1]


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
            field_obj = fields.setdefault(rec["field"], procedure.current_version.field)
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
        # The English texts, on the procedure and its field (decision 0037); nothing when already so.
        english = {key: rec[key] for key in RECORD_KEYS if rec[key] is not None}
        if english:
            store_english(procedure, field_obj, english, actor=actor)
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
    IntakeField.objects.bulk_create(
        [_intake_field(f, order=j, version=version) for j, f in enumerate(rec.get("intake_fields", []), 1)]
    )
    return version


