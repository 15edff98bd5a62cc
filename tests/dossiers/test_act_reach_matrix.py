"""Read reach is not act reach (issue 11 item 4, decision 0022): the permission matrix.

For each account among the center director, the city leader, department heads, ward leaders, desks and a
specialist × dossiers held by the center desk, a city department, the city leader, a ward desk, another
ward and a liên thông dossier of a ward now at a city department × every action, the outcome is the one
the table below gives — 200, 409 (in reach, not now), 403 (seen, not in reach), 404 (not seen) — through
the service and through `POST /api/v1/dossiers/{code}/actions` alike; `allowed_actions` offers exactly the
200s; and an attempt that fails writes no event and no outbox row.

The dossiers are built once for the module (inside a transaction rolled back at its end); every attempt
runs in a savepoint that is rolled back, so each cell starts from the same dossiers.
"""
from contextlib import ExitStack
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings

from motcua.common.errors import DomainError
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.notify.models import Outbox
from tests.factories import load_demo_city

from .conftest import MARITAL, SOCIAL_ALLOWANCE, act, local, receive, token_client

NOW = local(2024, 11, 25, 14, 0)  # Monday afternoon; every dossier was received that morning


class _Undo(Exception):
    pass


# -- the dossiers -------------------------------------------------------------------------------------
def _build(users) -> dict[str, Dossier]:
    d = {}
    # (a) a building permit at the center's desk, received, not yet handed over.
    d["center_desk"] = receive(users, at=local(2024, 11, 25, 9, 0))
    # (b) a building permit at the city department (Phòng Quản lý đô thị), specialist's step.
    x = receive(users, at=local(2024, 11, 25, 9, 5))
    d["city_dept"] = act(users, x, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 9, 30))
    # (b') a building permit at the city leader's step (the process gives the city leader a step).
    x = receive(users, at=local(2024, 11, 25, 9, 10))
    x = act(users, x, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 9, 30))
    x = act(users, x, "chuyenvien.qldt", "transfer", at=local(2024, 11, 25, 10, 0))
    d["city_leader"] = act(users, x, "truongphong.qldt", "approve", at=local(2024, 11, 25, 10, 30))
    # (c) a marital status certificate at the Cẩm Trung ward desk, received.
    d["camtrung_desk"] = receive(users, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    # (d) another ward: a Mông Dương dossier at the ward's own step (UBND phường Mông Dương).
    x = receive(users, "tiepnhan.mongduong", MARITAL, "CP-MD-MC", at=local(2024, 11, 25, 9, 0))
    d["mongduong_ward"] = act(users, x, "tiepnhan.mongduong", "transfer", at=local(2024, 11, 25, 9, 30))
    # (e) liên thông: received by the Cẩm Trung desk, passed by the ward, now at the city's Phòng LĐ-TBXH.
    x = receive(users, "tiepnhan.camtrung", SOCIAL_ALLOWANCE, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    x = act(users, x, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 9, 30))
    d["lienthong"] = act(users, x, "chuyenvien.camtrung", "transfer", note="Đã xét duyệt", at=local(2024, 11, 25, 11, 0))
    assert {k: v.current_unit.code for k, v in d.items()} == {
        "center_desk": "CP-HCC", "city_dept": "CP-QLDT", "city_leader": "CP", "camtrung_desk": "CP-CTR-MC",
        "mongduong_ward": "CP-MD", "lienthong": "CP-LDTBXH",
    }
    return d


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo city and the six dossiers, once for the module; time stands still at NOW throughout."""
    tmp = tmp_path_factory.mktemp("act_reach")
    with ExitStack() as stack, django_db_blocker.unblock():
        stack.enter_context(time_machine.travel(NOW, tick=False))
        stack.enter_context(override_settings(
            DEMO_MODE=True, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=tmp / "media", MOTCUA_AUDIT_ANCHOR_FILE=str(tmp / "anchors.jsonl"),
        ))
        outer = transaction.atomic()
        outer.__enter__()
        try:
            users = load_demo_city(SimpleNamespace(), tmp)  # settings are overridden above
            yield SimpleNamespace(users=users, dossiers=_build(users))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# -- the table ----------------------------------------------------------------------------------------
ACCOUNTS = [
    "giamdoc.hcc", "lanhdao.cp", "truongphong.qldt", "truongphong.tckh", "truongphong.ldtbxh",
    "lanhdao.camtrung", "lanhdao.mongduong", "tiepnhan.hcc", "tiepnhan.camtrung", "tiepnhan.mongduong",
    "chuyenvien.qldt",
]
CASES = ["center_desk", "city_dept", "city_leader", "camtrung_desk", "mongduong_ward", "lienthong"]

ALL_CASES = set(CASES)
# Read reach: who sees which dossier at all (everyone else: 404 on every action).
SEES = {
    "giamdoc.hcc": ALL_CASES,  # the center director reads the whole city…
    "lanhdao.cp": ALL_CASES,  # …and so does the city leader
    "truongphong.qldt": {"city_dept", "city_leader"},  # holds one, held the other (read only)
    "truongphong.tckh": set(),
    "truongphong.ldtbxh": {"lienthong"},
    "lanhdao.camtrung": {"camtrung_desk", "lienthong"},  # the ward's level of government
    "lanhdao.mongduong": {"mongduong_ward"},
    "tiepnhan.hcc": {"center_desk", "city_dept", "city_leader"},  # received at the center
    "tiepnhan.camtrung": {"camtrung_desk", "lienthong"},
    "tiepnhan.mongduong": {"mongduong_ward"},
    "chuyenvien.qldt": {"city_dept", "city_leader"},
}

# Act reach: what each may do now (200) and what is theirs but not in this state (409); every other action
# on a dossier they see is 403.
HEAD_HOLDING = {"request_supplement", "refuse", "transfer", "assign", "consult", "approve", "apologize", "stop"}
LEADER_HOLDING = {"refuse", "transfer", "assign", "approve", "apologize", "stop"}
SPECIALIST_HOLDING = {"request_supplement", "transfer", "consult"}
# The desk of the reception unit: the applicant's requests and the apology wherever the dossier is...
DESK_RECEIVED_IT = {"apologize", "withdraw", "stop"}
# ...its own work while it holds the received dossier (a refusal after receipt is not the desk's: 403)...
DESK_HOLDING = DESK_RECEIVED_IT | {"transfer", "request_supplement"}
# ...and its desk actions of other states (intake, payment, result, rating): 409 now.
DESK_NOT_NOW = {"receive", "supplement", "request_payment", "pay", "return_result", "rate"}

ALLOWED: dict[tuple[str, str], set[str]] = {
    # The center director: the apology of the center's own desk only — never a ward's dossier (the finding).
    ("giamdoc.hcc", "center_desk"): {"apologize"},
    ("giamdoc.hcc", "city_dept"): {"apologize"},
    ("giamdoc.hcc", "city_leader"): {"apologize"},
    # The city leader: only at the leader's step.
    ("lanhdao.cp", "city_leader"): LEADER_HOLDING,
    ("truongphong.qldt", "city_dept"): HEAD_HOLDING,
    ("truongphong.ldtbxh", "lienthong"): HEAD_HOLDING,
    # A ward leader: the ward's own step; not the ward desk's dossier, not its liên thông dossier at the city.
    ("lanhdao.mongduong", "mongduong_ward"): LEADER_HOLDING,
    ("tiepnhan.hcc", "center_desk"): DESK_HOLDING,
    ("tiepnhan.hcc", "city_dept"): DESK_RECEIVED_IT,
    ("tiepnhan.hcc", "city_leader"): DESK_RECEIVED_IT,
    ("tiepnhan.camtrung", "camtrung_desk"): DESK_HOLDING,
    ("tiepnhan.camtrung", "lienthong"): DESK_RECEIVED_IT,
    ("tiepnhan.mongduong", "mongduong_ward"): DESK_RECEIVED_IT,
    ("chuyenvien.qldt", "city_dept"): SPECIALIST_HOLDING,
}
NOT_NOW: dict[tuple[str, str], set[str]] = {
    # The desk holds it, but the process has not brought the result back: 409 on `resolve` too.
    ("tiepnhan.hcc", "center_desk"): DESK_NOT_NOW | {"resolve"},
    ("tiepnhan.hcc", "city_dept"): DESK_NOT_NOW,
    ("tiepnhan.hcc", "city_leader"): DESK_NOT_NOW,
    ("tiepnhan.camtrung", "camtrung_desk"): DESK_NOT_NOW | {"resolve"},
    ("tiepnhan.camtrung", "lienthong"): DESK_NOT_NOW,
    ("tiepnhan.mongduong", "mongduong_ward"): DESK_NOT_NOW,
}


def expected(username: str, case: str) -> dict[str, int]:
    if case not in SEES[username]:
        return {a: 404 for a in services.ACTIONS}
    allowed, not_now = ALLOWED.get((username, case), set()), NOT_NOW.get((username, case), set())
    return {a: 200 if a in allowed else 409 if a in not_now else 403 for a in services.ACTIONS}


# -- the attempts -------------------------------------------------------------------------------------
ASSIGNEE = {"city_dept": "chuyenvien.qldt", "city_leader": "lanhdao.cp", "mongduong_ward": "chuyenvien.mongduong",
            "lienthong": "chuyenvien.ldtbxh"}


def _input(action: str, case: str, d: Dossier) -> dict:
    """Valid input for each action, as its form would send it: an allowed action goes through."""
    later = d.due_at + timedelta(days=3)
    return {
        "request_supplement": {"note": "Thiếu bản vẽ"},
        "refuse": {"note": "Không đủ điều kiện"},
        "give_opinion": {"note": "Đồng ý"},
        "stop": {"note": "Theo đề nghị của người nộp"},
        "withdraw": {"note": "Xin rút"},
        "apologize": {"note": "Cần xác minh", "data": {"new_appointment_at": later.isoformat()}},
        "request_payment": {"data": {"amount": 50000}},
        "pay": {"data": {"reference": "BL-001"}},
        "rate": {"data": {"level": "satisfied"}},
        "consult": {"data": {"units": ["CP-TCKH"], "due_days": 3}},
        "resolve": {"data": {"result_number": "123/GP"}},
        "return_result": {"data": {"method": "counter"}},
        "assign": {"to_user": ASSIGNEE.get(case, "chuyenvien.qldt")},
    }.get(action, {})


def _written() -> tuple[int, int, list]:
    return DossierEvent.objects.count(), Outbox.objects.count(), list(Dossier.objects.values_list("pk", "version"))


def _each_action(attempt, actions=services.ACTIONS) -> dict[str, int]:
    """The status of every action, each tried in a savepoint rolled back afterwards; a failed attempt must
    have written nothing (checked before the rollback, so the transition's own rollback is what is seen)."""
    outcomes = {}
    for action in actions:
        before = _written()
        try:
            with transaction.atomic():
                status = attempt(action)
                if status != 200:
                    assert _written() == before, f"{action} failed with {status} but wrote"
                outcomes[action] = status
                raise _Undo
        except _Undo:
            pass
    return outcomes


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("username", ACCOUNTS)
def test_act_reach(world, db, username, case):
    user, d = world.users[username], Dossier.objects.get(pk=world.dossiers[case].pk)
    want = expected(username, case)

    def through_service(action):
        try:
            services.transition(d.code, action, actor=user, expected_version=d.version, **_input(action, case, d))
        except DomainError as exc:
            return exc.status
        return 200

    client = token_client(world.users, username)

    def through_api(action):
        body = {"action": action, "version": d.version, **_input(action, case, d)}
        r = client.post(f"/api/v1/dossiers/{d.code}/actions", body, format="json")
        if r.status_code != 200:
            assert r["Content-Type"] == "application/problem+json"
        return r.status_code

    assert _each_action(through_service) == want
    # The API takes the actions of a caller; a service action (the hand-over to a successor unit) is not one
    # of them (400, tests/dossiers/test_dissolved_unit_hands_over.py).
    assert _each_action(through_api, services.PUBLIC_ACTIONS) == {a: want[a] for a in services.PUBLIC_ACTIONS}
    # What the screens offer is what the service accepts (none at all on a dossier the user cannot see).
    assert set(services.allowed_actions(user, d)) == {a for a, s in want.items() if s == 200}


def test_the_center_director_cannot_apologize_for_a_ward(world, db):
    """The finding of issue 11: `giamdoc.hcc` apologized for a ward's dossier and the public lookup showed
    it. Now refused (403) and nothing written: the dossier keeps no new appointment to show."""
    d = Dossier.objects.get(pk=world.dossiers["camtrung_desk"].pk)
    r = token_client(world.users, "giamdoc.hcc").post(
        f"/api/v1/dossiers/{d.code}/actions",
        {"action": "apologize", "version": d.version, **_input("apologize", "camtrung_desk", d)}, format="json",
    )
    assert r.status_code == 403
    d.refresh_from_db()
    assert d.new_appointment_at is None and not d.events.filter(action="apologize").exists()
