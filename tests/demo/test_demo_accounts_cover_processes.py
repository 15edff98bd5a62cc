"""Every demo procedure can be walked to its end with the demo accounts: each unit its process passes
through, from every desk that receives it, has an officer of the step's role; every ward and commune desk
has a desk officer (issue 8 item 16)."""
import pytest

from motcua.accounts.models import Role, User
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import reception_desks_for
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit, UnitKind
from motcua.units.selectors import government_of
from tests.factories import load_demo_city


@pytest.fixture
def demo(db, settings, tmp_path):
    return load_demo_city(settings, tmp_path)


def _officers() -> set[tuple[int, str]]:
    return set(User.objects.filter(is_active=True, is_demo=True, unit__isnull=False).values_list("unit_id", "role"))


def test_each_step_of_each_demo_procedure_has_an_officer_of_its_role(demo):
    officers = _officers()
    missing = []
    procedures = Procedure.objects.filter(current_version__isnull=False).select_related("current_version")
    assert procedures.count() == 19
    for procedure in procedures:
        version = procedure.current_version
        steps = list(version.steps.order_by("order"))
        desks = reception_desks_for(version)
        assert desks, procedure.code
        for desk in desks:
            # The desk receives; the units of the steps (a kind such as "ward" is the desk's own ward) work.
            d = Dossier(procedure=procedure, procedure_version=version, reception_unit=desk, current_unit=desk)
            needs = [(desk, Role.COUNTER_OFFICER)]
            if steps:
                needs += [(services.step_unit(d, s), s.role) for s in steps]
            else:  # no internal process: the implementing unit (or the desk's ward) resolves
                needs.append((version.implementing_unit or government_of(desk), Role.SPECIALIST))
            missing += [
                f"{procedure.code} via {desk.code}: {unit.code} has no {role}"
                for unit, role in needs if (unit.pk, role) not in officers
            ]
    assert missing == []


def test_every_ward_and_commune_desk_has_a_desk_officer(demo):
    officers = _officers()
    desks = Unit.objects.filter(kind=UnitKind.ONE_STOP_DESK, parent__kind__in=[UnitKind.WARD, UnitKind.COMMUNE])
    assert desks.count() == 16
    assert [u.code for u in desks if (u.pk, Role.COUNTER_OFFICER) not in officers] == []


def _walk(users, code, steps):
    d = Dossier.objects.get(code=code)
    for username, action in steps:
        d = services.transition(d.code, action, actor=users[username], expected_version=d.version)
    return d


@pytest.mark.parametrize(
    ("procedure", "desk", "route"),
    [
        # Two-level liên thông: ward → Phòng LĐTBXH → city leader → the ward's desk (Mông Dương this time).
        ("1.001776.000.00.00.H49", "CP-MD-MC", [
            ("tiepnhan.mongduong", "transfer"), ("chuyenvien.mongduong", "transfer"),
            ("chuyenvien.ldtbxh", "transfer"), ("lanhdao.cp", "approve"),
        ]),
        # Three-level: ward → city → province → the ward's desk.
        ("1.002519.000.00.00.H49", "CP-QH-MC", [
            ("tiepnhan.quanghanh", "transfer"), ("chuyenvien.quanghanh", "transfer"),
            ("chuyenvien.ldtbxh", "transfer"), ("chuyenvien.sldtbxh", "transfer"),
        ]),
    ],
)
def test_lien_thong_procedures_reach_the_desk_with_demo_accounts(demo, procedure, desk, route):
    counter = next(u for u in demo.values() if u.role == Role.COUNTER_OFFICER and u.unit and u.unit.code == desk)
    d = services.receive_dossier(
        actor=counter, procedure_code=procedure, unit_code=desk, channel="counter", applicant={"name": "Lê Văn Cường"},
    ).dossier
    d = _walk(demo, d.code, route)
    assert (d.current_unit.code, d.status) == (desk, "in_progress")
    assert "resolve" in services.allowed_actions(counter, d)  # the result is back where it was received
