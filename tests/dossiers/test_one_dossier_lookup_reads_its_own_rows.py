"""Opening one dossier tests the unit's past work on that dossier's own holdings and opinions (EXISTS), not
on every holding the unit ever had (IN over the unit's whole history): the lookup by code costs the same
for a desk with ten years behind it as for a new one (issue 10). Measured at 5 M dossiers: an officer
opening a dossier its department held once read 1.1 M holding rows, 59 ms, before this.
The lookup also has no ORDER BY: the code and the id are unique."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import selectors
from motcua.dossiers.permissions import dossier_for_user

from .conftest import token_client

# The unit's whole history: a sub-select of the unit's holdings not tied to the outer dossier.
WHOLE_HISTORY = re.compile(
    r'IN \(SELECT U0\."dossier_id" AS "dossier_id" FROM "dossiers_(unitholding|opinion)" U0 WHERE U0\."unit_id" = \S+\)'
)


def _lookup_sql(call) -> str:
    with CaptureQueriesContext(connection) as ctx:
        found = call()
    assert found is not None
    lookups = [q["sql"] for q in ctx.captured_queries if 'FROM "dossiers_dossier"' in q["sql"]]
    assert lookups, [q["sql"] for q in ctx.captured_queries]
    return lookups[0]


@pytest.mark.parametrize("reader", ["service", "page"])
def test_the_past_is_tested_on_the_dossier_s_own_rows(city, permit_at_leader, reader):
    specialist = city["chuyenvien.qldt"]
    call = {
        "service": lambda: dossier_for_user(specialist, permit_at_leader.code),
        "page": lambda: selectors.dossier_page(specialist, permit_at_leader.code),
    }[reader]
    sql = _lookup_sql(call)
    assert "EXISTS" in sql and '"dossiers_unitholding"' in sql
    assert not WHOLE_HISTORY.search(sql), sql
    assert "ORDER BY" not in sql, sql


def test_the_api_detail_reads_no_whole_history(city, permit_at_leader):
    client = token_client(city, "chuyenvien.qldt")
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(f"/api/v1/dossiers/{permit_at_leader.code}")
    assert r.status_code == 200 and r.json()["allowed_actions"] == []
    assert not [q["sql"] for q in ctx.captured_queries if WHOLE_HISTORY.search(q["sql"])]
    # Units never involved still get 404 through the same lookup.
    assert token_client(city, "chuyenvien.tckh").get(f"/api/v1/dossiers/{permit_at_leader.code}").status_code == 404


def test_the_lookup_by_id_and_by_object_find_the_same_dossier(city, permit_at_leader):
    specialist = city["chuyenvien.qldt"]
    assert dossier_for_user(specialist, permit_at_leader.code).pk == permit_at_leader.pk
    assert dossier_for_user(specialist, str(permit_at_leader.pk)).pk == permit_at_leader.pk
    assert dossier_for_user(specialist, permit_at_leader.pk).pk == permit_at_leader.pk
    assert dossier_for_user(specialist, permit_at_leader).pk == permit_at_leader.pk
