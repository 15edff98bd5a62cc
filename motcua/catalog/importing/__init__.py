"""Import of the procedure catalog from JSON or Excel: validate every record, then write all or nothing.

The format is described in docs/decisions/0005-catalog-import-format.md. Records have the shape of
motcua/demo/data/procedures.json; `version_record` gives the same shape for a stored version, which is
what makes re-imports idempotent and exports round-trip.

The package, by what each part does: `common` (sheet names, roles, limits, the report, error
locations), `records` (one record parsed and checked; a stored version as a record), `writing` (validate
all, then write), `files` (JSON, and the choice of format), `xlsx` (Excel), `jobs` (background imports).
The public names are re-exported here, so callers import them from `motcua.catalog.importing`.
"""
from .common import (
    FORMULA_KEYS,
    IMPLEMENTING_ROLES,
    IMPORT_CHANGE_NOTE,
    SHEET_DOCUMENTS,
    SHEET_FEES,
    SHEET_INTAKE_FIELDS,
    SHEET_JSON,
    SHEET_PROCEDURES,
    SHEET_STEPS,
    SHEET_VARIANTS,
    STEP_ROLES,
    ImportReport,
    format_error,
    json_locator,
    path_text,
)
from .files import import_file, import_json, import_xlsx, parse_file, parse_json
from .jobs import job_progress, run_import_job, start_import_job
from .records import IMPORT_ONLY, content_of, version_record
from .writing import field_code, import_parsed, import_procedures
from .xlsx import (
    CHILD_SHEETS,
    CODE_HEADER,
    DOCUMENT_COLUMNS,
    FEE_COLUMNS,
    INTAKE_FIELD_COLUMNS,
    PROCEDURE_COLUMNS,
    SHEET_COLUMNS,
    STEP_COLUMNS,
    VARIANT_COLUMNS,
    VARIANT_HEADER,
    VARIANT_PARTS,
    XlsxLocator,
    parse_xlsx,
)

__all__ = [
    "CHILD_SHEETS",
    "CODE_HEADER",
    "DOCUMENT_COLUMNS",
    "FEE_COLUMNS",
    "FORMULA_KEYS",
    "INTAKE_FIELD_COLUMNS",
    "IMPLEMENTING_ROLES",
    "IMPORT_CHANGE_NOTE",
    "IMPORT_ONLY",
    "ImportReport",
    "PROCEDURE_COLUMNS",
    "SHEET_COLUMNS",
    "SHEET_DOCUMENTS",
    "SHEET_FEES",
    "SHEET_INTAKE_FIELDS",
    "SHEET_JSON",
    "SHEET_PROCEDURES",
    "SHEET_STEPS",
    "SHEET_VARIANTS",
    "STEP_COLUMNS",
    "STEP_ROLES",
    "VARIANT_COLUMNS",
    "VARIANT_HEADER",
    "VARIANT_PARTS",
    "XlsxLocator",
    "content_of",
    "field_code",
    "format_error",
    "import_file",
    "import_json",
    "import_parsed",
    "import_procedures",
    "import_xlsx",
    "job_progress",
    "json_locator",
    "parse_file",
    "parse_json",
    "parse_xlsx",
    "path_text",
    "run_import_job",
    "start_import_job",
    "version_record",
]
