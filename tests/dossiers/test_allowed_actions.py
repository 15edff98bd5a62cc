"""What an officer or citizen is offered is exactly what the service accepts.

For dossiers in many states and every demo account × every action: an action listed by `allowed_actions`
goes through (or fails only on the data the form would ask for); an action not listed is refused by
`transition` (404, 403 or 409). Every attempt runs in a savepoint that is rolled back.
"""
from datetime import timedelta

import pytest
from django.db import transaction

from motcua.common.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from motcua.dossiers import services

from .conftest import MARITAL, act, local, receive


class _Undo(Exception):
    pass


def _kwargs(action: str, d, users) -> dict:
    """Valid input for each action, as its form would send it."""
    later = (d.due_at or local(2024, 12, 31, 9, 0)) + timedelta(days=3)
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
        "consult": {"data": {"units": ["CP-TNMT"], "due_days": 3}},
    }.get(action, {})


def _attempt(users, d, username, action, at):
    d.refresh_from_db()
    try:
        with transaction.atomic():
            services.transition(
                d.code or d, action, actor=users[username], expected_version=d.version, at=at,
                **_kwargs(action, d, users),
            )
            raise _Undo
    except _Undo:
        return None
    except (NotFound, NotAllowed, Conflict, ValidationFailed) as exc:
        return exc


def _dossiers(city):
    at_desk = receive(city, at=local(2024, 11, 25, 9, 0))
    processing = receive(city, at=local(2024, 11, 25, 9, 30))
    processing = act(city, processing, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    paused = receive(city, at=local(2024, 11, 25, 9, 45))
    paused = act(city, paused, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    paused = act(city, paused, "chuyenvien.qldt", "request_supplement", note="Thiếu", at=local(2024, 11, 26, 9, 0))
    ward = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    ward = act(city, ward, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 0))
    resolved = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 10))
    resolved = act(city, resolved, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 0))
    resolved = act(city, resolved, "lanhdao.camtrung", "approve", at=local(2024, 11, 26, 10, 0))
    resolved = act(city, resolved, "tiepnhan.camtrung", "resolve", at=local(2024, 11, 26, 14, 0))
    back = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 15))
    back = act(city, back, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 0))
    back = act(city, back, "lanhdao.camtrung", "approve", at=local(2024, 11, 26, 10, 0))  # the result waits at the desk
    returned = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 20))
    returned = act(city, returned, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 9, 30))
    returned = act(city, returned, "lanhdao.camtrung", "approve", at=local(2024, 11, 25, 9, 45))
    returned = act(city, returned, "tiepnhan.camtrung", "resolve", at=local(2024, 11, 25, 10, 0))
    returned = act(city, returned, "tiepnhan.camtrung", "return_result", at=local(2024, 11, 25, 11, 0))
    refused = receive(city, at=local(2024, 11, 25, 10, 0))
    refused = act(city, refused, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 30))
    refused = act(city, refused, "truongphong.qldt", "refuse", note="Không phù hợp", at=local(2024, 11, 26, 9, 0))
    return [at_desk, processing, paused, ward, back, resolved, returned, refused]


@pytest.mark.parametrize("when", ["before_due", "after_due"])
def test_offered_actions_are_exactly_the_accepted_ones(city, when):
    at = local(2024, 11, 27, 15, 0) if when == "before_due" else local(2025, 1, 6, 9, 0)
    offered_somewhere = set()
    for d in _dossiers(city):
        for username, user in city.items():
            d.refresh_from_db()
            offered = set(services.allowed_actions(user, d, at=at))
            for action in services.ACTIONS:
                outcome = _attempt(city, d, username, action, at)
                if action in offered:
                    offered_somewhere.add(action)
                    # Only data a form would ask for may still be missing (e.g. whom to assign).
                    assert outcome is None or isinstance(outcome, ValidationFailed), (d.status, username, action, outcome)
                else:
                    assert outcome is not None and not isinstance(outcome, ValidationFailed), (
                        d.status, username, action, "accepted but not offered")
    # The matrix is not empty: the paths above offer the actions of a dossier's life.
    expected = {"transfer", "approve", "resolve", "return_result", "refuse", "request_supplement", "supplement"}
    assert expected <= offered_somewhere
    assert ("apologize" in offered_somewhere) == (when == "before_due")
