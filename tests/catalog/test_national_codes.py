"""The demo catalog's national codes: those confirmed in the national TTHC database are corrected and
marked, the others marked unconfirmed (issue 8 item 15; /work/shared/legal-notes.md, confirmations of
2026-12-01); the mark shows in the admin and, discreetly, on the portal."""
import copy
import json
from datetime import date

import pytest

from motcua.catalog.importing import import_procedures
from motcua.catalog.models import Procedure
from motcua.demo.services import DATA_DIR, load_demo_procedures, load_demo_units

pytestmark = pytest.mark.django_db

DEMO = json.loads((DATA_DIR / "procedures.json").read_text(encoding="utf-8"))["procedures"]
CONFIRMED = {
    "1.001193.000.00.00.H49": "Đăng ký khai sinh",
    "1.000894.000.00.00.H49": "Đăng ký kết hôn",
    "1.000656.000.00.00.H49": "Đăng ký khai tử",
    "2.000635.000.00.00.H49": "Cấp bản sao trích lục hộ tịch",
    "2.000815.000.00.00.H49": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp",
    "1.004222.000.00.00.H49": "Đăng ký thường trú",
    "1.001612.000.00.00.H49": "Đăng ký thành lập hộ kinh doanh",
    "2.000117.000.00.00.H49": "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
}


@pytest.fixture
def demo_catalog():
    load_demo_units()
    load_demo_procedures()


def test_confirmed_codes_name_their_procedures_and_are_marked(demo_catalog):
    names = {p.code: (p.current_version.name, p.code_confirmed) for p in Procedure.objects.select_related("current_version")}
    for code, name in CONFIRMED.items():
        assert names[code] == (name, True)
    unconfirmed = {code for code, (_, confirmed) in names.items() if not confirmed}
    assert unconfirmed == set(names) - set(CONFIRMED)
    # Codes that belonged to other procedures are gone (2.000908 is "cấp bản sao từ sổ gốc").
    assert not {"2.000908.000.00.00.H49", "2.000374.000.00.00.H49", "2.000720.000.00.00.H49"} & set(names)


def test_every_demo_version_is_in_force_from_2018(demo_catalog):
    assert {p.current_version.effective_from for p in Procedure.objects.select_related("current_version")} == {
        date(2018, 1, 1)
    }


def test_reimport_corrects_dates_and_marks_without_a_new_version(demo_catalog):
    # A catalog loaded before the data carried them: the loading day, nothing confirmed.
    Procedure.objects.update(code_confirmed=False)
    birth = Procedure.objects.get(code="1.001193.000.00.00.H49")
    birth.current_version.effective_from = date(2026, 12, 1)
    birth.current_version.save()
    report = import_procedures(copy.deepcopy(DEMO))
    assert (report.created, report.new_versions, report.unchanged) == (0, 0, len(DEMO))
    birth.refresh_from_db()
    assert birth.code_confirmed is True
    assert birth.current_version.effective_from == date(2018, 1, 1)
    assert birth.versions.count() == 1


def test_a_record_without_the_mark_leaves_it_as_stored(demo_catalog):
    records = copy.deepcopy(DEMO)
    for rec in records:
        del rec["code_confirmed"], rec["effective_from"]
    import_procedures(records)
    assert Procedure.objects.get(code="1.001193.000.00.00.H49").code_confirmed is True


def test_a_bad_date_is_an_import_error(demo_catalog):
    from motcua.common.errors import ValidationFailed

    records = [dict(copy.deepcopy(DEMO[0]), effective_from="01/01/2018")]
    with pytest.raises(ValidationFailed) as exc:
        import_procedures(records)
    assert any("effective_from" in e["column"] for e in exc.value.errors)


def test_portal_says_discreetly_when_a_code_is_unconfirmed(client, demo_catalog):
    unconfirmed = client.get("/thu-tuc/1.009994.000.00.00.H49/").content.decode()
    confirmed = client.get("/thu-tuc/1.001193.000.00.00.H49/").content.decode()
    note = "mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia"
    assert note in unconfirmed and note not in confirmed


def test_admin_lists_and_filters_by_the_mark(admin_client, demo_catalog):
    html = admin_client.get("/quan-tri/catalog/procedure/?code_confirmed__exact=0").content.decode()
    assert "1.009994.000.00.00.H49" in html and "1.001193.000.00.00.H49" not in html
    assert "mã đã đối chiếu CSDL quốc gia" in html.lower() or "Mã đã đối chiếu CSDL quốc gia" in html
