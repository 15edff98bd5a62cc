"""`manage.py import_history`: past dossiers from an old system's Excel/CSV export, all or nothing, once,
built through the services so the deadline engine decides timeliness; events marked imported."""
import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from motcua.dossiers.audit import verify_chain
from motcua.dossiers.models import Dossier, DossierCodeSequence, DossierEvent
from motcua.history.models import HistoryLoad
from tests.dossiers.conftest import BUILDING_PERMIT, MARITAL, counts, local

DOSSIER_HEADER = ["Mã hồ sơ", "Mã thủ tục", "Mã đơn vị", "Kênh", "Người nộp", "Tiếp nhận lúc", "Hạn giải quyết"]
EVENT_HEADER = ["Mã hồ sơ", "Thao tác", "Thời điểm", "Từ đơn vị", "Đến đơn vị", "Người thực hiện", "Ghi chú", "Dữ liệu"]
DOSSIERS = [
    ["CP-HCC-181105-0007", BUILDING_PERMIT, "CP-HCC", "Trực tiếp", "Lê Văn Cường", "05/11/2018 09:00", "26/11/2018 09:00"],
    ["CP-CTR-MC-181106-0003", MARITAL, "CP-CTR-MC", "Trực tuyến", "Trần Thị Bình", "06/11/2018 08:00", ""],
]
EVENTS = [
    ["CP-HCC-181105-0007", "transfer", "05/11/2018 10:00", "CP-HCC", "CP-QLDT", "tiepnhan.hcc", "", ""],
    ["CP-HCC-181105-0007", "transfer", "20/11/2018 10:00", "CP-QLDT", "CP-HCC", "chuyenvien.qldt", "", ""],
    ["CP-HCC-181105-0007", "resolve", "20/11/2018 14:00", "CP-HCC", "", "tiepnhan.hcc", "", ""],
    ["CP-HCC-181105-0007", "return_result", "21/11/2018 09:00", "", "", "tiepnhan.hcc", "", '{"method": "counter"}'],
    ["CP-CTR-MC-181106-0003", "transfer", "06/11/2018 09:00", "", "CP-CTR", "tiepnhan.camtrung", "", ""],
    ["CP-CTR-MC-181106-0003", "transfer", "12/11/2018 10:00", "", "CP-CTR-MC", "chuyenvien.camtrung", "", ""],
    ["CP-CTR-MC-181106-0003", "resolve", "12/11/2018 10:30", "", "", "tiepnhan.camtrung", "", ""],
    ["CP-CTR-MC-181106-0003", "return_result", "12/11/2018 15:00", "", "", "tiepnhan.camtrung", "", ""],
    ["CP-CTR-MC-181106-0003", "rate", "12/11/2018 15:05", "", "", "tiepnhan.camtrung", "", '{"level": "satisfied"}'],
]


def workbook(tmp_path, dossiers=DOSSIERS, events=EVENTS, name="xuat-he-thong-cu.xlsx"):
    book = Workbook()
    ws = book.active
    ws.title = "Hồ sơ"
    for row in [DOSSIER_HEADER, *dossiers]:
        ws.append(row)
    ws = book.create_sheet("Sự kiện")
    for row in [EVENT_HEADER, *events]:
        ws.append(row)
    path = tmp_path / name
    book.save(path)
    return str(path)


def run(*files) -> str:
    out = StringIO()
    call_command("import_history", *files, stdout=out)
    return out.getvalue()


def refused(*files) -> str:
    before = counts()
    with pytest.raises(CommandError) as info:
        run(*files)
    assert counts() == before
    assert not HistoryLoad.objects.exists()
    return str(info.value)


def test_a_valid_export_brings_in_dossiers_whose_timeliness_the_engine_decides(city, tmp_path):
    assert "Đã nhập 2 hồ sơ, 11 sự kiện" in run(workbook(tmp_path))
    permit = Dossier.objects.get(code="CP-HCC-181105-0007")
    assert permit.due_at == local(2018, 11, 26, 9, 0)  # 15 working days by the engine
    assert (permit.status, permit.timeliness) == ("returned", "early")
    marital = Dossier.objects.get(code="CP-CTR-MC-181106-0003")
    assert marital.due_at == local(2018, 11, 9, 8, 0)  # 3 working days
    assert (marital.timeliness, marital.rating, marital.channel) == ("late", "satisfied", "online")


def test_imported_events_are_marked_with_the_file_and_the_chain_stays_verifiable(city, tmp_path):
    run(workbook(tmp_path))
    load = HistoryLoad.objects.get()
    events = DossierEvent.objects.filter(dossier__code="CP-HCC-181105-0007").order_by("id")
    assert [e.action for e in events] == ["receive", "transfer", "transfer", "resolve", "return_result"]
    assert all(e.data["imported"] is True and load.key == f"file:{e.data['source']}" for e in events)
    assert [e.data["row"] for e in events] == [2, 2, 3, 4, 5]
    assert events[1].actor.username == "tiepnhan.hcc" and events[2].actor.username == "chuyenvien.qldt"
    assert verify_chain().ok


def test_the_codes_of_the_old_system_are_kept_and_reserved(city, tmp_path):
    run(workbook(tmp_path))
    seq = DossierCodeSequence.objects.get(unit__code="CP-HCC", day="2018-11-05")
    assert seq.last == 7


def test_a_file_already_brought_in_is_skipped(city, tmp_path):
    path = workbook(tmp_path)
    run(path)
    before = counts()
    assert "đã được nhập trước đây" in run(path)
    assert counts() == before and HistoryLoad.objects.count() == 1


def test_the_same_tables_as_two_csv_files(city, tmp_path):
    for name, rows in (("ho-so.csv", [DOSSIER_HEADER, *DOSSIERS]), ("su-kien.csv", [EVENT_HEADER, *EVENTS])):
        with open(tmp_path / name, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
    assert "Đã nhập 2 hồ sơ" in run(str(tmp_path / "ho-so.csv"), str(tmp_path / "su-kien.csv"))


def test_a_duplicate_code_names_sheet_row_and_column_and_nothing_is_written(city, tmp_path):
    message = refused(workbook(tmp_path, dossiers=[*DOSSIERS, DOSSIERS[0]]))
    assert "Trang “Hồ sơ”, dòng 4, cột “Mã hồ sơ”: mã hồ sơ “CP-HCC-181105-0007” bị trùng với dòng 2" in message


def test_an_event_before_its_dossiers_receipt_is_refused(city, tmp_path):
    early = [["CP-HCC-181105-0007", "transfer", "05/11/2018 08:00", "", "CP-QLDT", "tiepnhan.hcc", "", ""]]
    message = refused(workbook(tmp_path, events=early))
    assert "Trang “Sự kiện”, dòng 2, cột “Thời điểm”: sự kiện trước thời điểm tiếp nhận hồ sơ" in message


def test_events_out_of_order_are_refused(city, tmp_path):
    swapped = [EVENTS[1], EVENTS[0], *EVENTS[2:]]
    message = refused(workbook(tmp_path, events=swapped))
    assert "Trang “Sự kiện”, dòng 3, cột “Thời điểm”: sự kiện sớm hơn sự kiện trước của cùng hồ sơ ở dòng 2" in message


def test_unknown_procedure_and_unit_are_refused(city, tmp_path):
    bad = [["X-1", "9.999999", "CP-XX", "Trực tiếp", "A", "05/11/2018 09:00", ""]]
    message = refused(workbook(tmp_path, dossiers=bad, events=[]))
    assert "cột “Mã thủ tục”: không có thủ tục “9.999999” đang áp dụng" in message
    assert "cột “Mã đơn vị”: “CP-XX” không phải nơi tiếp nhận hồ sơ" in message


def test_an_action_the_dossiers_state_does_not_allow_undoes_the_whole_file(city, tmp_path):
    # The second dossier's result is returned before it is resolved: the first dossier is not kept either.
    events = [*EVENTS[:4], EVENTS[4], EVENTS[7]]
    message = refused(workbook(tmp_path, events=events))
    assert "Trang “Sự kiện”, dòng 7" in message


def test_only_an_account_allowed_to_import_history_may_run_it(city, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_history", workbook(tmp_path), "--as", "tiepnhan.hcc", stdout=StringIO())
    assert not Dossier.objects.exists()
