"""The unit admin records a unit's effective dates and successor, journals the change, and refuses dates
that cannot hold together with a Vietnamese message (issue 12 item 3)."""
import pytest

from motcua.audit.models import ChangeEvent
from motcua.units.models import Unit
from motcua.units.services import load_units
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, role="admin"))
    load_units(
        [
            {"code": "QN", "name": "Tỉnh Quảng Ninh", "kind": "province", "parent": None},
            {"code": "CP", "name": "Thành phố Cẩm Phả", "kind": "city", "parent": "QN"},
            {"code": "CP-CTR", "name": "Phường Cẩm Trung", "kind": "ward", "parent": "CP"},
            {"code": "CPH", "name": "Phường Cẩm Phả", "kind": "ward", "parent": "QN"},
        ]
    )
    return client


def form_data(unit: Unit, **overrides):
    data = {
        "code": unit.code, "name": unit.name, "kind": unit.kind, "parent": unit.parent_id, "address": "",
        "phone": "", "email": "", "working_hours": "", "is_active": "on", "sort_order": "0",
        "valid_from": "", "valid_to": "", "successor": "",
        "counters-TOTAL_FORMS": "0", "counters-INITIAL_FORMS": "0",
        "counters-MIN_NUM_FORMS": "0", "counters-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_ending_a_unit_with_its_successor_is_saved_and_journaled(admin_client):
    ward = Unit.objects.get(code="CP-CTR")
    successor = Unit.objects.get(code="CPH")
    response = admin_client.post(
        f"/quan-tri/units/unit/{ward.pk}/change/",
        form_data(ward, valid_to="2025-06-30", successor=successor.pk),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    ward.refresh_from_db()
    assert (ward.valid_to.isoformat(), ward.successor) == ("2025-06-30", successor)
    event = ChangeEvent.objects.filter(model="unit", object_id=str(ward.pk)).latest("id")
    assert event.changes["valid_to"] == [None, "2025-06-30"]
    assert event.changes["successor"] == [None, "Phường Cẩm Phả"]


def test_a_successor_without_an_end_is_refused_in_vietnamese_and_nothing_changes(admin_client):
    ward = Unit.objects.get(code="CP-CTR")
    journaled = ChangeEvent.objects.count()
    response = admin_client.post(
        f"/quan-tri/units/unit/{ward.pk}/change/", form_data(ward, successor=Unit.objects.get(code="CPH").pk)
    )
    assert response.status_code == 200
    assert "Chỉ ghi đơn vị kế thừa khi đơn vị có ngày hết hiệu lực." in response.content.decode()
    ward.refresh_from_db()
    assert ward.successor is None and ChangeEvent.objects.count() == journaled


def test_ending_in_the_past_a_unit_that_holds_open_dossiers_is_refused_pointing_to_the_hand_over(admin_client):
    ward = Unit.objects.get(code="CP-CTR")
    _receive_at_a_desk_of(ward)
    journaled = ChangeEvent.objects.count()
    response = admin_client.post(
        f"/quan-tri/units/unit/{ward.pk}/change/",
        form_data(ward, valid_to="2025-06-30", successor=Unit.objects.get(code="CPH").pk),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["valid_to"]
    assert errors == [
        "Phường Cẩm Trung và các đơn vị trực thuộc còn 1 hồ sơ đang giải quyết: chấm dứt hoạt động bằng lệnh bàn "
        "giao để hồ sơ được chuyển cho đơn vị kế thừa — manage.py dissolve_unit CP-CTR --into <mã đơn vị kế thừa> "
        "--on 2025-07-01. Chưa lưu thay đổi nào."
    ]
    ward.refresh_from_db()
    assert ward.valid_to is None and ChangeEvent.objects.count() == journaled


def _receive_at_a_desk_of(ward: Unit):
    """One open dossier received at the ward's one-stop desk (held there)."""
    from datetime import datetime

    from django.utils import timezone

    from motcua.dossiers.services import receive_dossier
    from motcua.units.services import save_unit
    from motcua.workdays.services import seed_calendar
    from tests.factories import make_procedure

    seed_calendar()
    desk = save_unit(Unit(code="CP-CTR-MC", name="Bộ phận Một cửa phường Cẩm Trung", kind="one_stop_desk", parent=ward))
    officer = UserFactory(role="counter_officer", unit=desk)
    procedure = make_procedure()
    return receive_dossier(actor=officer, procedure_code=procedure.code, unit_code=desk.code, channel="counter",
                           applicant={"name": "Trần Văn Bình"},
                           received_at=timezone.make_aware(datetime(2025, 6, 20, 9, 0))).dossier
