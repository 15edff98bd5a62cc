"""Issue 12, done when — through the API: a dossier received on 30 June 2025 at phường Cẩm Trung and one
received on 1 July 2025 at phường Cẩm Phả follow their own regimes end to end (codes, forms, units), and the
first, still open on the day of the change (Resolution 1679/NQ-UBTVQH15), crosses it without losing time or
history: it is handed to phường Cẩm Phả, which finishes it and returns the result at its own center."""
import subprocess

import pytest
import time_machine

from motcua.demo.services import load_demo_accounts, load_demo_reorganisation_2025, load_demo_units_2025
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from tests.dossiers.conftest import MARITAL, local
from tests.factories import load_demo_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(settings, tmp_path):
    load_demo_city(settings, tmp_path)
    settings.DEMO_REORGANISATION_2025 = True
    load_demo_units_2025()
    load_demo_accounts()
    from motcua.accounts.models import User

    return {u.username: u for u in User.objects.select_related("unit")}


def token_client(city, username):
    """A fresh bearer token for `username` now (tokens expire after MOTCUA_TOKEN_TTL_HOURS; days pass here)."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    Token.objects.filter(user=city[username]).delete()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {Token.objects.create(user=city[username]).key}")
    return client


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(out.split())


def intake(city, username, unit):
    return token_client(city, username).post(
        "/api/v1/dossiers",
        {"procedure": MARITAL, "unit": unit, "channel": "counter",
         "applicant": {"name": "Đỗ Thị Lan", "id_number": "022190000777", "phone": "0912000777"}},
        format="json",
    )


def do(city, code, username, action, **body):
    client = token_client(city, username)
    version = client.get(f"/api/v1/dossiers/{code}").json()["version"]
    r = client.post(f"/api/v1/dossiers/{code}/actions", {"action": action, "version": version, **body}, format="json")
    assert r.status_code == 200, r.content
    return r.json()


def form(city, username, code, number):
    return token_client(city, username).get(f"/api/v1/dossiers/{code}/forms/{number}")


def test_a_dossier_of_30_june_and_one_of_1_july_follow_their_own_regimes_across_the_change(city):
    # 30 June 2025, the last day of Decree 61/2018 and of the old ward: received and sent to the ward.
    with time_machine.travel(local(2025, 6, 30, 9, 0), tick=False):
        r = intake(city, "tiepnhan.camtrung", "CP-CTR-MC")
        assert r.status_code == 201, r.content
        old = r.json()
        assert old["code"] == "CP-CTR-MC-250630-0001"
        assert old["regime"]["key"] == "nd61-2018"
        assert [f["number"] for f in old["regime"]["forms"]] == ["01", "05"]  # receipt, control sheet (TT 01/2018)
        with time_machine.travel(local(2025, 6, 30, 10, 0), tick=False):
            assert do(city, old["code"], "tiepnhan.camtrung", "transfer")["unit"] == "CP-CTR"

    # 1 July 2025, 07:00: Cẩm Phả city and its wards end; the open dossier goes to phường Cẩm Phả.
    with time_machine.travel(local(2025, 7, 1, 7, 0), tick=False):
        assert load_demo_reorganisation_2025()["handed_over"] == 1

    with time_machine.travel(local(2025, 7, 1, 9, 0), tick=False):
        # The old desk receives nothing more: a clear problem, nothing written.
        before = Dossier.objects.count()
        refused = intake(city, "tiepnhan.camtrung", "CP-CTR-MC")
        assert refused.status_code in (400, 422) and refused["Content-Type"] == "application/problem+json"
        assert "chấm dứt hoạt động" in refused.json()["detail"] and "Trung tâm Phục vụ hành chính công phường Cẩm Phả" in refused.json()["detail"]
        assert Dossier.objects.count() == before

        # The new ward's center receives under Decree 118/2025, numbered by its own code.
        r = intake(city, "tiepnhan.phuongcampha", "CAMPHA-TT")
        assert r.status_code == 201, r.content
        new = r.json()
        assert new["code"] == "CAMPHA-TT-250701-0001"
        assert new["regime"]["key"] == "nd118-2025"
        assert [f["number"] for f in new["regime"]["forms"]] == ["01", "06"]  # receipt, control sheet (TT 03/2025)

        # The crossed dossier: same code, due instant and regime; its history says who handed it to whom.
        crossed = token_client(city, "chuyenvien.phuongcampha").get(f"/api/v1/dossiers/{old['code']}").json()
        assert (crossed["code"], crossed["due_at"], crossed["unit"]) == (old["code"], old["due_at"], "CAMPHA")
        assert crossed["regime"]["key"] == "nd61-2018"
        assert [h["action"] for h in crossed["history"]] == ["receive", "transfer", "hand_to_successor"]
        handed = crossed["history"][-1]
        assert (handed["from_unit"], handed["to_unit"], handed["at"]) == ("CP-CTR", "CAMPHA", "2025-07-01T07:00:00+07:00")

        # Both run to their end with the new ward's people; the result returns at the new center.
        for code in (old["code"], new["code"]):
            if code == new["code"]:
                assert do(city, code, "tiepnhan.phuongcampha", "transfer")["unit"] == "CAMPHA"
            # The ward's chairman decides; the result goes to the desk in force — the new center, never the
            # dissolved desk that received it.
            assert do(city, code, "lanhdao.phuongcampha", "approve")["unit"] == "CAMPHA-TT"
            assert do(city, code, "tiepnhan.phuongcampha", "resolve", data={"result_number": f"{code[-4:]}/XNHN"})[
                "timeliness"] in ("early", "on_time")
            final = do(city, code, "tiepnhan.phuongcampha", "return_result", data={"method": "counter"})
            assert final["status"] == "returned"
        assert final["reception_unit"] == "CAMPHA-TT"
        old_final = token_client(city, "tiepnhan.phuongcampha").get(f"/api/v1/dossiers/{old['code']}").json()
        assert old_final["reception_unit"] == "CP-CTR-MC"  # its figures stay with the desk that received it
        assert [u["unit"] for u in old_final["deadlines"]["units"]] == ["CP-CTR-MC", "CP-CTR", "CAMPHA", "CAMPHA-TT"]

        # Forms: each dossier prints its own regime's forms, forever.
        old_receipt = form(city, "tiepnhan.phuongcampha", old["code"], "01")
        new_receipt = form(city, "tiepnhan.phuongcampha", new["code"], "01")
        assert old_receipt.status_code == new_receipt.status_code == 200
        assert old_receipt["Content-Type"] == "application/pdf"
        assert "03/2025" not in pdf_text(old_receipt.content) and old["code"] in pdf_text(old_receipt.content)
        assert "Thông tư số 03/2025/TT-VPCP" in pdf_text(new_receipt.content)
        sheet = pdf_text(form(city, "tiepnhan.phuongcampha", old["code"], "05").content)
        assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH" in sheet and "Phường Cẩm Phả" in sheet  # the hand-over is a row
        assert "Mẫu số 06 — Thông tư số 03/2025/TT-VPCP" in pdf_text(form(city, "tiepnhan.phuongcampha", new["code"], "06").content)


def test_a_form_that_does_not_apply_or_that_the_regime_lacks_is_a_clear_404(city):
    with time_machine.travel(local(2025, 6, 30, 9, 0), tick=False):
        code = intake(city, "tiepnhan.camtrung", "CP-CTR-MC").json()["code"]
        not_applicable = form(city, "tiepnhan.camtrung", code, "02")  # no supplement was asked
        assert not_applicable.status_code == 404 and not_applicable["Content-Type"] == "application/problem+json"
        assert "không áp dụng" in not_applicable.json()["detail"]
        missing = form(city, "tiepnhan.camtrung", code, "07")  # the 2018 regime has no Mẫu 07 of a dossier
        assert missing.status_code == 404 and "Thông tư số 01/2018" in missing.json()["detail"]
        # Someone who may not see the dossier learns nothing of it.
        assert form(city, "tiepnhan.phuongcampha", code, "01").status_code == 404


def test_the_demo_accounts_of_the_new_centers_sit_at_units_in_force_from_1_july_2025(city):
    for username in ("tiepnhan.phuongcampha", "tiepnhan.xahailang", "giamdoc.hcc.quangninh"):
        unit = city[username].unit
        assert unit.valid_from is None or str(unit.valid_from) == "2025-07-01"
        assert Unit.objects.get(pk=unit.pk).is_in_force(local(2025, 7, 1, 0, 0).date())
    assert city["admin"].unit.code == "QN"  # the administrator now answers for the province
