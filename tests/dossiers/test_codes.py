"""Dossier codes: {unit}-{yymmdd}-{0001…}, per unit and day, gap-free, also under concurrent intake."""
import re
import threading

import pytest
from django.db import connection, transaction

from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from .conftest import MARITAL, local, receive


def test_code_format_and_sequence_per_unit_and_day(city):
    a = receive(city, at=local(2024, 11, 25, 8, 0))
    b = receive(city, at=local(2024, 11, 25, 9, 0))
    other_day = receive(city, at=local(2024, 11, 26, 8, 0))
    ward = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 8, 0))
    assert re.fullmatch(r"[A-Z0-9-]+-\d{6}-\d{4}", a.code)
    assert [a.code, b.code, other_day.code, ward.code] == [
        "CP-HCC-241125-0001", "CP-HCC-241125-0002", "CP-HCC-241126-0001", "CP-CTR-MC-241125-0001"
    ]


def test_a_rolled_back_intake_gives_its_number_back(city):
    receive(city, at=local(2024, 11, 25, 8, 0))
    with pytest.raises(RuntimeError), transaction.atomic():
        receive(city, at=local(2024, 11, 25, 8, 30))
        raise RuntimeError("the request failed after the code was drawn")
    assert receive(city, at=local(2024, 11, 25, 9, 0)).code == "CP-HCC-241125-0002"


def test_incomplete_intake_uses_no_number(city):
    with pytest.raises(services.IncompleteDossier):
        receive(city, at=local(2024, 11, 25, 8, 0), checklist={})
    assert receive(city, at=local(2024, 11, 25, 9, 0)).code == "CP-HCC-241125-0001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_get_distinct_gap_free_codes(settings, tmp_path):
    # PostgreSQL: SELECT … FOR UPDATE on the day's sequence row; SQLite: BEGIN IMMEDIATE queues writers.

    from motcua.accounts.models import User
    from motcua.demo.services import load_demo_accounts, load_demo_procedures, load_demo_units

    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path
    load_demo_units()
    load_demo_accounts()
    load_demo_procedures()
    users = {u.username: u for u in User.objects.all()}
    errors, barrier = [], threading.Barrier(8)

    def work():
        try:
            barrier.wait()
            receive(users, at=local(2024, 11, 25, 9, 0))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    assert codes == [f"CP-HCC-241125-{n:04d}" for n in range(1, 9)]
