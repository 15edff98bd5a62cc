"""Hand-built dossiers, made through the services so that their history is real (domain.md §8 cases).

December 2024 at the one-stop desk of phường Cẩm Trung (CP-CTR-MC), marital-status certificate
(3 working days), one case per definition; see `scenario` for the expected figures."""
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import time_machine

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import (
    APPLICANT,
    BUILDING_PERMIT,
    MARITAL,
    SOCIAL_ALLOWANCE,
    act,
    local,
    receive,
    token_client,
)
from tests.factories import load_demo_city

__all__ = ["APPLICANT", "BUILDING_PERMIT", "MARITAL", "SOCIAL_ALLOWANCE", "act", "local", "receive", "token_client"]

WARD_DESK = "CP-CTR-MC"
DESK = "tiepnhan.camtrung"


@pytest.fixture
def city(db, settings, tmp_path):
    return load_demo_city(settings, tmp_path)


def ward(users, *args, channel="counter", **kw) -> Dossier:
    return receive(users, DESK, MARITAL, WARD_DESK, at=local(*args), channel=channel, **kw)


def resolve(users, d, *args) -> Dossier:
    """The result reaches the desk once the ward has decided (issue 8 item 1): the desk hands the dossier
    to the ward People's Committee, its leader approves, then the desk records the result — the last two
    just before the instant that counts."""
    at = local(*args)
    d.refresh_from_db()
    if d.process_completed_at is None:
        act(users, d, DESK, "transfer", at=at - timedelta(minutes=2))
        act(users, d, "lanhdao.camtrung", "approve", at=at - timedelta(minutes=1))
    return act(users, d, DESK, "resolve", at=at)


@dataclass
class Scenario:
    users: dict
    d: dict[str, Dossier] = field(default_factory=dict)


def build_december(users) -> Scenario:
    s = Scenario(users)
    d = s.d
    d["resolved_in_november"] = resolve(users, ward(users, 2024, 11, 20, 9), 2024, 11, 21, 9)
    d["carried_on_time"] = ward(users, 2024, 11, 28, 9)  # due 3 Dec 09:00
    resolve(users, d["carried_on_time"], 2024, 12, 3, 8)
    d["early"] = resolve(users, ward(users, 2024, 12, 2, 9), 2024, 12, 3, 9)  # due 5 Dec 09:00
    d["on_time"] = resolve(users, ward(users, 2024, 12, 2, 10), 2024, 12, 5, 9, 30)  # due 5 Dec 10:00
    d["late"] = resolve(users, ward(users, 2024, 12, 2, 11), 2024, 12, 6, 9)  # due 5 Dec 11:00
    for key, level, day in (("early", "satisfied", 4), ("on_time", "not_satisfied", 5)):
        act(users, d[key], DESK, "return_result", data={"method": "counter"}, at=local(2024, 12, day, 10))
        act(users, d[key], DESK, "rate", data={"level": level}, at=local(2024, 12, day, 10, 5))
    d["overdue"] = ward(users, 2024, 12, 20, 9)  # due 25 Dec 09:00, still at the ward on 31 Dec
    act(users, d["overdue"], DESK, "transfer", at=local(2024, 12, 20, 10))
    d["within_deadline"] = ward(users, 2024, 12, 31, 9)
    d["withdrawn"] = ward(users, 2024, 12, 9, 9)
    act(users, d["withdrawn"], DESK, "withdraw", note="Công dân rút hồ sơ", at=local(2024, 12, 10, 9))
    d["awaiting"] = ward(users, 2024, 12, 16, 9)
    act(users, d["awaiting"], DESK, "transfer", at=local(2024, 12, 16, 10))
    act(users, d["awaiting"], "chuyenvien.camtrung", "request_supplement", note="Thiếu giấy tờ", at=local(2024, 12, 17, 9))
    # Supplemented in January: on 31 December it still stood waiting.
    act(users, d["awaiting"], DESK, "supplement", at=local(2025, 1, 6, 9))
    d["refused_at_intake"] = services.receive_dossier(
        actor=users[DESK], procedure_code=MARITAL, unit_code=WARD_DESK, channel="counter", applicant=APPLICANT,
        received_at=local(2024, 12, 11, 9), refusal_reason="Không thuộc thẩm quyền",
    ).dossier
    d["refused_in_processing"] = ward(users, 2024, 12, 12, 9)
    act(users, d["refused_in_processing"], DESK, "transfer", at=local(2024, 12, 12, 10))
    act(users, d["refused_in_processing"], "lanhdao.camtrung", "refuse", note="Không đủ điều kiện", at=local(2024, 12, 13, 9))
    with time_machine.travel(local(2024, 12, 4, 8), tick=False):
        online = receive(users, "congdan.demo", MARITAL, WARD_DESK, channel="online")
    d["online"] = act(users, online, DESK, "receive", at=local(2024, 12, 4, 9))
    resolve(users, d["online"], 2024, 12, 5, 9)
    d["post"] = resolve(users, ward(users, 2024, 12, 18, 9, channel="post"), 2024, 12, 18, 10)
    d["stopped"] = ward(users, 2024, 12, 19, 9)
    act(users, d["stopped"], DESK, "stop", note="Theo đề nghị của công dân", at=local(2024, 12, 20, 9))
    d["resolved_late_in_january"] = ward(users, 2024, 12, 23, 9)  # due 26 Dec 09:00
    resolve(users, d["resolved_late_in_january"], 2025, 1, 2, 9)
    # Elsewhere in the city: the center (15 working days) and another ward.
    d["center"] = receive(users, "tiepnhan.hcc", BUILDING_PERMIT, "CP-HCC", at=local(2024, 12, 2, 9))
    d["mong_duong"] = receive(users, "tiepnhan.mongduong", MARITAL, "CP-MD-MC", at=local(2024, 12, 3, 9))
    for x in d.values():
        x.refresh_from_db()
    return s


@pytest.fixture
def december(city) -> Scenario:
    return build_december(city)
