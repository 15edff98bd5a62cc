"""The import and export commands: progress lines, every error printed, a non-zero exit on errors."""
import copy
import json

import pytest
from django.core.management import CommandError, call_command

from motcua.catalog.models import Procedure
from motcua.demo.services import DATA_DIR, load_demo_units

pytestmark = pytest.mark.django_db

DEMO = json.loads((DATA_DIR / "procedures.json").read_text(encoding="utf-8"))["procedures"]


@pytest.fixture(autouse=True)
def units():
    load_demo_units()


def test_import_prints_progress_and_summary(capsys):
    call_command("import_procedures", str(DATA_DIR / "procedures.json"), every=5)
    out = capsys.readouterr().out
    assert "Đang nhập: 5/19" in out and "Đang nhập: 19/19" in out
    assert "19 mới" in out
    assert Procedure.objects.count() == 19


def test_import_prints_every_error_and_fails(tmp_path, capsys):
    records = copy.deepcopy(DEMO)
    records[0]["level"] = "district"
    records[3]["documents"][0]["copies"] = -1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"procedures": records}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="2 lỗi"):
        call_command("import_procedures", str(path))
    err = capsys.readouterr().err
    assert 'JSON, dòng 1, cột "level"' in err
    assert 'JSON, dòng 4, cột "documents[1].copies": phải là số nguyên không âm' in err
    assert Procedure.objects.count() == 0


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_export_then_import_is_unchanged(tmp_path, capsys, suffix):
    call_command("import_procedures", str(DATA_DIR / "procedures.json"))
    path = tmp_path / f"catalog{suffix}"
    call_command("export_procedures", str(path))
    call_command("import_procedures", str(path))
    assert "19 không đổi" in capsys.readouterr().out
