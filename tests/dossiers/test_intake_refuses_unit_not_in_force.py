"""Intake refuses a reception unit that does not exist on the receipt day (issue 12 item 3): a clear
Vietnamese error naming the successor, nothing written; the day before its end it still receives."""
from datetime import date

import pytest

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import reception_desks_for
from motcua.common.errors import ValidationFailed
from motcua.dossiers.models import Status
from motcua.units.models import Unit, UnitKind
from motcua.units.services import save_unit

from .conftest import BIRTH, counts, local, receive


@pytest.fixture
def ended_desk(city):
    """Phường Cẩm Trung's desk ends on 30 June 2025; a new ward's center takes over on 1 July."""
    province = Unit.objects.get(code="QN")
    successor = save_unit(Unit(code="CPH-TT", name="Trung tâm phục vụ hành chính công phường Cẩm Phả",
                               kind=UnitKind.ADMIN_CENTER, parent=province, valid_from=date(2025, 7, 1)))
    desk = Unit.objects.get(code="CP-CTR-MC")
    desk.valid_to, desk.successor = date(2025, 6, 30), successor
    return save_unit(desk)


def test_the_last_day_of_a_unit_still_receives(city, ended_desk):
    d = receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2025, 6, 30, 9, 0))
    assert d.status == Status.RECEIVED and d.reception_unit == ended_desk


def test_the_day_after_its_end_a_unit_receives_nothing_and_names_its_successor(city, ended_desk):
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2025, 7, 1, 9, 0))
    assert exc.value.detail == (
        "Bộ phận Một cửa phường Cẩm Trung đã chấm dứt hoạt động từ sau ngày 30/06/2025; "
        "hồ sơ nộp tại Trung tâm phục vụ hành chính công phường Cẩm Phả."
    )
    assert exc.value.field == "unit"
    assert counts() == before


def test_a_unit_not_yet_set_up_receives_nothing(city):
    desk = Unit.objects.get(code="CP-CTR-MC")
    desk.valid_from = date(2025, 7, 1)
    save_unit(desk)
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2025, 6, 30, 9, 0))
    assert "chỉ tiếp nhận hồ sơ từ ngày 01/07/2025" in exc.value.detail
    assert counts() == before


def test_the_online_list_of_desks_leaves_out_a_unit_not_in_force_that_day(city, ended_desk):
    version = Procedure.objects.get(code=BIRTH).current_version
    assert ended_desk in reception_desks_for(version, on=date(2025, 6, 30))
    assert ended_desk not in reception_desks_for(version, on=date(2025, 7, 1))
