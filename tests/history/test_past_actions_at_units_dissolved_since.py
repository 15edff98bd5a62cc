"""History brought in after Cẩm Phả's change of 1 July 2025 (issue 12 item 3): the actions of a dossier
received before the change at a unit that no longer exists go where the process went on their own day —
the old ward, not the ward that took over later; an action after the change goes to the successor."""
import time_machine

from motcua.demo.services import load_demo_reorganisation_2025
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import BIRTH, local, token_client

NOW = local(2026, 12, 1, 10, 0)


def _action(client, code, **body):
    version = Dossier.objects.get(code=code).version
    return client.post(f"/api/v1/dossiers/{code}/actions", {"version": version, **body}, format="json")


def test_imported_actions_follow_the_units_of_their_own_day(city):
    with time_machine.travel(local(2025, 7, 1, 7, 0), tick=False):
        load_demo_reorganisation_2025()
    admin = token_client(city, "admin")
    with time_machine.travel(NOW, tick=False):
        r = admin.post("/api/v1/dossiers", {
            "procedure": BIRTH, "unit": "CP-CTR-MC", "channel": "counter", "applicant": {"name": "Lê Thị Mai"},
            "received_at": "2025-06-26T09:00:00+07:00",
        }, format="json")
        assert r.status_code == 201, r.content
        code = r.json()["code"]
        assert code == "CP-CTR-MC-250626-0001" and r.json()["unit"] == "CP-CTR-MC"
        assert Dossier.objects.get(code=code).current_step.order == 1  # the desk's step, as on that day
        r = _action(admin, code, action="transfer", at="2025-06-26T10:00:00+07:00")
        assert r.status_code == 200, r.content
        assert r.json()["unit"] == "CP-CTR"  # the ward of that day, not phường Cẩm Phả
        assert r.json()["current_step"]["order"] == 2
        r = _action(admin, code, action="transfer", at="2025-07-02T10:00:00+07:00")
        assert r.status_code == 200, r.content
        assert r.json()["unit"] == "CAMPHA"  # after the change the old ward's successor takes the next step
