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

from .conftest import act, local, receive, token_client

# The unit's whole history: a sub-select of the unit's holdings not tied to the outer dossier.
WHOLE_HISTORY = re.compile(
    r'IN \(SELECT U0\."dossier_id" AS "dossier_id" FROM "dossiers_(unitholding|opinion)" U0 WHERE U0\."unit_id" = \S+\)'
)


@pytest.fixture
def passed_on(city):
    """A building permit CP-QLDT worked on and passed to the city leader: CP-QLDT sees it through its past."""
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "truongphong.qldt", "assign", to_user="chuyenvien.qldt", at=local(2024, 11, 25, 10, 30))
    d = act(city, d, "chuyenvien.qldt", "transfer", note="Đủ điều kiện", at=local(2024, 11, 26, 9, 0))
    d = act(city, d, "truongphong.qldt", "approve", at=local(2024, 11, 27, 9, 0))
    assert d.current_unit.code == "CP"
    return d


def _lookup_sql(call) -> str:
    with CaptureQueriesContext(connection) as ctx:
        found = call()
    assert found is not None
    lookups = [q["sql"] for q in ctx.captured_queries if 'FROM "dossiers_dossier"' in q["sql"]]
    assert lookups, [q["sql"] for q in ctx.captured_queries]
    return lookups[0]


@pytest.mark.parametrize("reader", ["service", "page"])
def test_the_past_is_tested_on_the_dossier_s_own_rows(city, passed_on, reader):
    specialist = city["chuyenvien.qldt"]
    call = {
        "service": lambda: dossier_for_user(specialist, passed_on.code),
        "page": lambda: selectors.dossier_page(specialist, passed_on.code),
    }[reader]
    sql = _lookup_sql(call)
    assert "EXISTS" in sql and '"dossiers_unitholding"' in sql
    assert not WHOLE_HISTORY.search(sql), sql
    assert "ORDER BY" not in sql, sql


def test_the_api_detail_reads_no_whole_history(city, passed_on):
    client = token_client(city, "chuyenvien.qldt")
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(f"/api/v1/dossiers/{passed_on.code}")
    assert r.status_code == 200 and r.json()["allowed_actions"] == []
    assert not [q["sql"] for q in ctx.captured_queries if WHOLE_HISTORY.search(q["sql"])]
    # Units never involved still get 404 through the same lookup.
    assert token_client(city, "chuyenvien.tckh").get(f"/api/v1/dossiers/{passed_on.code}").status_code == 404


def test_the_lookup_by_id_and_by_object_find_the_same_dossier(city, passed_on):
    specialist = city["chuyenvien.qldt"]
    assert dossier_for_user(specialist, passed_on.code).pk == passed_on.pk
    assert dossier_for_user(specialist, str(passed_on.pk)).pk == passed_on.pk
    assert dossier_for_user(specialist, passed_on.pk).pk == passed_on.pk
    assert dossier_for_user(specialist, passed_on).pk == passed_on.pk
