"""The portal shows the places that exist today (issue 12 item 3): a desk dissolved before today is not
offered as a place to submit, nor listed among the desks; one still in force is."""
from datetime import date

import pytest
from django.utils import timezone

from motcua.portal.presentation import desk_units, reception_places
from motcua.units.models import UnitKind
from tests.factories import UnitFactory, make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def wards():
    today = timezone.localdate()
    open_ward = UnitFactory(code="W-OPEN", kind=UnitKind.WARD)
    UnitFactory(code="W-OPEN-MC", kind=UnitKind.ONE_STOP_DESK, parent=open_ward)
    gone_ward = UnitFactory(code="W-GONE", kind=UnitKind.WARD, valid_to=date(2025, 6, 30))
    UnitFactory(code="W-GONE-MC", kind=UnitKind.ONE_STOP_DESK, parent=gone_ward, valid_to=date(2025, 6, 30))
    assert today > date(2025, 6, 30)


def test_a_dissolved_desk_is_not_a_place_to_submit(wards):
    procedure = make_procedure()
    places = reception_places(procedure.current_version.received_at, procedure.pk)
    assert [u.code for p in places for u in p.units] == ["W-OPEN-MC"]


def test_a_dissolved_desk_is_not_listed_among_the_desks(wards):
    assert [u.code for u in desk_units()] == ["W-OPEN-MC"]


def test_after_2025_the_centers_of_wards_and_communes_are_listed_as_places(db):
    commune = UnitFactory(code="XA-MOI", kind=UnitKind.COMMUNE, valid_from=date(2025, 7, 1))
    UnitFactory(code="XA-MOI-TT", kind=UnitKind.ADMIN_CENTER, parent=commune, valid_from=date(2025, 7, 1),
                name="Trung tâm Phục vụ hành chính công xã Mới")
    UnitFactory(code="TINH-HCC", kind=UnitKind.ADMIN_CENTER, parent=UnitFactory(code="TINH", kind=UnitKind.PROVINCE))
    assert [u.code for u in desk_units()] == ["XA-MOI-TT"]  # the commune's center, not the province's
