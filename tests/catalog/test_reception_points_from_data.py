"""Reception points come from data (issue 12, item 4; decision 0024): a center or desk receives the
procedures of the level of government it belongs to, whatever that level's kind — a commune's center
takes commune procedures, a province's center provincial ones — and a recorded assignment wins."""
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.catalog.models import ReceptionAssignment, ReceptionPoint
from motcua.catalog.selectors import (
    filter_procedures,
    published_procedures,
    receives,
    reception_desks_for,
    reception_points_by_unit,
    reception_points_of,
)
from motcua.common.errors import ValidationFailed
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, Status
from motcua.units.models import UnitKind
from motcua.units.selectors import reception_units
from tests.factories import UnitFactory, UserFactory, make_procedure

COMMUNE_PROC = "2.000001.000.00.00.H99"
PROVINCE_PROC = "2.000002.000.00.00.H99"
APPLICANT = {"name": "Lò Văn Páo", "phone": "0912000111"}


def at(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def two_tier(db):
    """Province → its center, and → commune → the commune's center (no city, no ward, no one-stop desk)."""
    from motcua.workdays.services import seed_calendar

    seed_calendar()
    province = UnitFactory(code="TN", name="Tỉnh Thử Nghiệm", kind=UnitKind.PROVINCE)
    province_center = UnitFactory(code="TN-HCC", name="Trung tâm PVHCC tỉnh", kind=UnitKind.ADMIN_CENTER, parent=province)
    commune = UnitFactory(code="TN-XA", name="Xã Thử Nghiệm", kind=UnitKind.COMMUNE, parent=province)
    commune_center = UnitFactory(code="TN-XA-HCC", name="Trung tâm PVHCC xã", kind=UnitKind.ADMIN_CENTER, parent=commune)
    commune_proc = make_procedure(COMMUNE_PROC, "Đăng ký kết hôn (thử)", level="ward", received_at=("ward_one_stop_desk",))
    province_proc = make_procedure(
        PROVINCE_PROC, "Cấp giấy phép (thử)", level="province", received_at=("province_admin_center",)
    )
    return {
        "province": province, "province_center": province_center, "commune": commune,
        "commune_center": commune_center, "commune_proc": commune_proc, "province_proc": province_proc,
        "commune_officer": UserFactory(role=Role.COUNTER_OFFICER, unit=commune_center),
        "province_officer": UserFactory(role=Role.COUNTER_OFFICER, unit=province_center),
        "citizen": UserFactory(role=Role.CITIZEN),
    }


def counter(officer, procedure, unit):
    return services.receive_dossier(
        actor=officer, procedure_code=procedure, unit_code=unit, channel="counter", applicant=APPLICANT,
        received_at=at(2026, 3, 2, 9, 0),
    ).dossier


def online(citizen, procedure, unit):
    return services.receive_dossier(
        actor=citizen, procedure_code=procedure, unit_code=unit, channel="online", applicant=APPLICANT
    ).dossier


def test_a_center_serves_the_level_of_government_it_belongs_to(two_tier):
    assert reception_points_of(two_tier["commune_center"]) == {ReceptionPoint.WARD_ONE_STOP_DESK}
    assert reception_points_of(two_tier["province_center"]) == {ReceptionPoint.PROVINCE_ADMIN_CENTER}


def test_a_commune_center_receives_commune_procedures_at_the_counter(two_tier):
    d = counter(two_tier["commune_officer"], COMMUNE_PROC, "TN-XA-HCC")
    assert d.status == Status.RECEIVED and d.reception_unit.code == "TN-XA-HCC"
    assert d.code.startswith("TN-XA-HCC-260302-")


def test_a_commune_center_refuses_provincial_procedures_and_writes_nothing(two_tier):
    with pytest.raises(ValidationFailed):
        counter(two_tier["commune_officer"], PROVINCE_PROC, "TN-XA-HCC")
    assert not Dossier.objects.exists()


def test_the_province_center_receives_provincial_procedures_and_not_commune_ones(two_tier):
    d = counter(two_tier["province_officer"], PROVINCE_PROC, "TN-HCC")
    assert d.status == Status.RECEIVED and d.reception_unit.code == "TN-HCC"
    with pytest.raises(ValidationFailed):
        counter(two_tier["province_officer"], COMMUNE_PROC, "TN-HCC")
    assert Dossier.objects.count() == 1


def test_online_a_commune_procedure_goes_to_the_commune_center_and_a_provincial_one_to_the_province(two_tier):
    commune_version = two_tier["commune_proc"].current_version
    province_version = two_tier["province_proc"].current_version
    assert [u.code for u in reception_desks_for(commune_version)] == ["TN-XA-HCC"]
    assert [u.code for u in reception_desks_for(province_version)] == ["TN-HCC"]
    d = online(two_tier["citizen"], COMMUNE_PROC, "TN-XA-HCC")
    assert d.status == Status.SUBMITTED and d.reception_unit.code == "TN-XA-HCC"
    with pytest.raises(ValidationFailed):
        online(two_tier["citizen"], PROVINCE_PROC, "TN-XA-HCC")
    d = online(two_tier["citizen"], PROVINCE_PROC, "TN-HCC")
    assert d.status == Status.SUBMITTED and d.reception_unit.code == "TN-HCC"


def test_the_online_submission_page_offers_the_commune_center(two_tier, client):
    client.force_login(two_tier["citizen"])
    r = client.get(f"/ca-nhan/nop/{COMMUNE_PROC}/")
    assert r.status_code == 200
    assert [u.code for u in r.context["desks"]] == ["TN-XA-HCC"]


def test_the_catalog_filtered_by_the_commune_center_lists_commune_procedures(two_tier):
    codes = {p.code for p in filter_procedures(published_procedures(), unit=two_tier["commune_center"])}
    assert codes == {COMMUNE_PROC}
    codes = {p.code for p in filter_procedures(published_procedures(), unit=two_tier["province_center"])}
    assert codes == {PROVINCE_PROC}


def test_a_recorded_assignment_wins_over_the_level(two_tier):
    center = two_tier["commune_center"]
    ReceptionAssignment.objects.create(unit=center, procedure=two_tier["province_proc"], basis="QĐ 12/QĐ-UBND")
    ReceptionAssignment.objects.create(unit=center, procedure=two_tier["commune_proc"], receives=False)
    assert receives(center, two_tier["province_proc"].current_version)
    assert not receives(center, two_tier["commune_proc"].current_version)
    assert [u.code for u in reception_desks_for(two_tier["province_proc"].current_version)] == ["TN-HCC", "TN-XA-HCC"]
    assert reception_desks_for(two_tier["commune_proc"].current_version) == []
    assert {p.code for p in filter_procedures(published_procedures(), unit=center)} == {PROVINCE_PROC}
    d = counter(two_tier["commune_officer"], PROVINCE_PROC, "TN-XA-HCC")
    assert d.status == Status.RECEIVED
    with pytest.raises(ValidationFailed):
        counter(two_tier["commune_officer"], COMMUNE_PROC, "TN-XA-HCC")


def test_a_dated_assignment_applies_only_on_its_days_of_receipt(two_tier):
    center = two_tier["commune_center"]
    ReceptionAssignment.objects.create(
        unit=center, procedure=two_tier["province_proc"], valid_from=date(2026, 1, 1), valid_to=date(2026, 1, 31)
    )
    version = two_tier["province_proc"].current_version
    assert receives(center, version, on=date(2026, 1, 15))
    assert not receives(center, version, on=date(2026, 2, 1))
    with pytest.raises(ValidationFailed):  # received on 2 March 2026: the assignment has ended
        counter(two_tier["commune_officer"], PROVINCE_PROC, "TN-XA-HCC")


def test_overlapping_assignments_for_the_same_place_and_procedure_are_refused(two_tier):
    from django.core.exceptions import ValidationError

    center = two_tier["commune_center"]
    ReceptionAssignment.objects.create(unit=center, procedure=two_tier["province_proc"], valid_from=date(2026, 1, 1))
    clash = ReceptionAssignment(unit=center, procedure=two_tier["province_proc"], valid_to=date(2026, 6, 30))
    with pytest.raises(ValidationError):
        clash.full_clean()
    later = ReceptionAssignment(unit=center, procedure=two_tier["commune_proc"], valid_to=date(2026, 6, 30))
    later.full_clean()  # another procedure: no clash


def test_the_portal_lists_assigned_places_and_leaves_out_refused_ones(two_tier):
    from motcua.portal.presentation import ASSIGNED_POINT, reception_places

    center = two_tier["commune_center"]
    proc = two_tier["province_proc"]
    ReceptionAssignment.objects.create(unit=center, procedure=proc)
    places = reception_places(proc.current_version.received_at, proc.pk)
    assert [(p.point, [u.code for u in p.units]) for p in places] == [
        (ReceptionPoint.PROVINCE_ADMIN_CENTER, ["TN-HCC"]), (ASSIGNED_POINT, ["TN-XA-HCC"]),
    ]
    ReceptionAssignment.objects.create(unit=two_tier["province_center"], procedure=proc, receives=False)
    places = reception_places(proc.current_version.received_at, proc.pk)
    assert [(p.point, [u.code for u in p.units]) for p in places] == [
        (ReceptionPoint.PROVINCE_ADMIN_CENTER, []), (ASSIGNED_POINT, ["TN-XA-HCC"]),
    ]


def test_the_demo_city_keeps_its_reception_points(db, settings, tmp_path):
    from tests.factories import load_demo_city

    load_demo_city(settings, tmp_path)
    points = {u.code: p for u, p in reception_points_by_unit(reception_units())}
    assert points.pop("QN-HCC") == {ReceptionPoint.PROVINCE_ADMIN_CENTER}
    assert points.pop("CP-HCC") == {ReceptionPoint.CITY_ADMIN_CENTER}
    assert len(points) == 16  # the 13 wards' and 3 communes' one-stop desks
    assert all(p == {ReceptionPoint.WARD_ONE_STOP_DESK} for p in points.values())


def test_the_commune_center_counter_finds_commune_procedures_in_its_intake_search(two_tier, client):
    client.force_login(two_tier["commune_officer"])
    r = client.get("/can-bo/tiep-nhan/")
    assert r.status_code == 200
    assert [p.code for p in r.context["procedures"]] == [COMMUNE_PROC]
    client.force_login(two_tier["province_officer"])
    assert [p.code for p in client.get("/can-bo/tiep-nhan/").context["procedures"]] == [PROVINCE_PROC]


def test_an_assignment_is_recorded_in_the_admin_with_its_basis_and_journalled(two_tier, client):
    from motcua.audit.models import ChangeEvent

    client.force_login(UserFactory(is_staff=True, is_superuser=True, role="admin"))
    center, proc = two_tier["commune_center"], two_tier["province_proc"]
    r = client.post(reverse("admin:catalog_receptionassignment_add"), {
        "unit": center.pk, "procedure": proc.pk, "receives": "on", "valid_from": "2026-07-01", "valid_to": "",
        "basis": "Quyết định 99/QĐ-UBND",
    })
    assert r.status_code == 302, r.content.decode()[:2000]
    assignment = ReceptionAssignment.objects.get()
    assert (assignment.unit, assignment.procedure, assignment.receives, assignment.valid_from) == (
        center, proc, True, date(2026, 7, 1)
    )
    assert ChangeEvent.objects.filter(model="receptionassignment", action="create").count() == 1
    clash = client.post(reverse("admin:catalog_receptionassignment_add"), {
        "unit": center.pk, "procedure": proc.pk, "valid_from": "", "valid_to": "", "basis": "",
    })
    assert clash.status_code == 200 and ReceptionAssignment.objects.count() == 1  # overlapping: refused
