"""Dossiers in known states for the desk's tests, built through the same services as live ones."""
from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from .conftest import APPLICANT, BIRTH, BUILDING_PERMIT, local

SOCIAL_ALLOWANCE = "1.001776.000.00.00.H49"  # ward → CP-LDTBXH → CP (liên thông), 17 working days
PERIOD = {"date_from": "2024-01-01", "date_to": "2024-12-31"}


def receive(users, username="tiepnhan.hcc", procedure=BUILDING_PERMIT, unit="CP-HCC", at=None, **kw) -> Dossier:
    return services.receive_dossier(
        actor=users[username], procedure_code=procedure, unit_code=unit, channel=kw.pop("channel", "counter"),
        applicant=kw.pop("applicant", APPLICANT), received_at=at, **kw,
    ).dossier


def act(users, dossier, username, action, **kw) -> Dossier:
    dossier.refresh_from_db()
    return services.transition(dossier.code, action, actor=users[username], expected_version=dossier.version, **kw)


def birth_resolved(users, day) -> Dossier:
    """A birth registration at Cẩm Trung received and resolved the same morning (early)."""
    d = receive(users, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2024, 11, day, 8, 0))
    d = act(users, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, day, 8, 30))
    d = act(users, d, "chuyenvien.camtrung", "transfer", at=local(2024, 11, day, 9, 0))
    d = act(users, d, "lanhdao.camtrung", "approve", at=local(2024, 11, day, 10, 0))
    return act(users, d, "tiepnhan.camtrung", "resolve", at=local(2024, 11, day, 11, 0))


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
