"""Dossiers in known states for the desk's tests, built through the same services as live ones."""
from datetime import date

from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from .conftest import APPLICANT, BIRTH, BUILDING_PERMIT, local

SOCIAL_ALLOWANCE = "1.001776.000.00.00.H49"  # ward → CP-LDTBXH → CP (liên thông), 17 working days
PERIOD = {"date_from": "2024-01-01", "date_to": "2024-12-31"}
FROM_2024, TO_2024 = date(2024, 1, 1), date(2024, 12, 31)


def receive(users, username="tiepnhan.hcc", procedure=BUILDING_PERMIT, unit="CP-HCC", at=None, **kw) -> Dossier:
    return services.receive_dossier(
        actor=users[username], procedure_code=procedure, unit_code=unit, channel=kw.pop("channel", "counter"),
        applicant=kw.pop("applicant", APPLICANT), received_at=at, **kw,
    ).dossier


def act(users, dossier, username, action, **kw) -> Dossier:
    dossier.refresh_from_db()
    if action == "resolve":  # the result is recorded with its number (issue 8 item 2)
        kw["data"] = {"result_number": f"KQ-{dossier.pk}", **(kw.get("data") or {})}
    return services.transition(dossier.code, action, actor=users[username], expected_version=dossier.version, **kw)


def birth_resolved(users, day, month=11, *, late=False) -> Dossier:
    """A birth registration at Cẩm Trung received and resolved the same morning (early), or resolved
    the next morning, past its same-day deadline (late)."""
    d = receive(users, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2024, month, day, 8, 0))
    d = act(users, d, "tiepnhan.camtrung", "transfer", at=local(2024, month, day, 8, 30))
    d = act(users, d, "chuyenvien.camtrung", "transfer", at=local(2024, month, day, 9, 0))
    d = act(users, d, "lanhdao.camtrung", "approve", at=local(2024, month, day, 10, 0))
    return act(users, d, "tiepnhan.camtrung", "resolve", at=local(2024, month, day + int(late), 11, 0))


def a_year(users) -> dict:
    """2024 in a small city: two building permits at the center (one online), still open and long
    overdue; two births resolved at Cẩm Trung; a social allowance sent by Cẩm Trung's desk to the ward,
    which has held it past its own budget ever since (liên thông)."""
    permits = [
        receive(users, at=local(2024, 3, 4, 9, 0)),
        receive(users, at=local(2024, 5, 6, 9, 0), channel="online"),
    ]
    births = [birth_resolved(users, 25), birth_resolved(users, 26)]
    allowance = receive(users, "tiepnhan.camtrung", SOCIAL_ALLOWANCE, "CP-CTR-MC", at=local(2024, 11, 25, 8, 0))
    allowance = act(users, allowance, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 9, 0))
    return {"permits": permits, "births": births, "allowance": allowance}


# Working days (Tuesday to Thursday) of 2024 used to spread the busy year over its months.
WORKDAYS_2024 = [(1, 9), (2, 20), (3, 12), (4, 9), (5, 14), (6, 11), (7, 9), (8, 13), (9, 10), (10, 8), (11, 12)]
WARD_DESKS = {"CP-MD-MC": 3, "CP-CB-MC": 2, "CP-QH-MC": 4, "CP-CO-MC": 1, "CP-DH-MC": 2}


def a_busy_year(users) -> dict:
    """`a_year` and more, for pictures of the desk: Cẩm Trung resolving births every month (one late
    in three), the center receiving permits at the counter and online, other wards receiving births."""
    from motcua.accounts.models import Role
    from motcua.units.models import Unit
    from tests.factories import UserFactory

    made = a_year(users)
    for i, (month, day) in enumerate(WORKDAYS_2024):
        made["births"].append(birth_resolved(users, day, month, late=i % 3 == 2))
        made["permits"].append(receive(users, at=local(2024, month, day, 14, 0), channel="online" if i % 2 else "counter"))
    for desk, n in WARD_DESKS.items():
        name = f"tiepnhan.{desk.lower()}"
        users[name] = UserFactory(username=name, role=Role.COUNTER_OFFICER, unit=Unit.objects.get(code=desk))
        for month, day in WORKDAYS_2024[:n]:
            receive(users, name, BIRTH, desk, at=local(2024, month, day, 9, 0))
    return made
