"""Free text is bounded and free of control characters (issue 11, item 3): a 5,000,000-character note
or a NUL byte inside a JSON body is refused with 400 problem+json naming the field, and nothing is
written — through the API and through the services that the web forms call."""
import pytest

from motcua.common.errors import ValidationFailed
from motcua.common.text import MAX_NOTE, MAX_QUERY
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import APPLICANT, BUILDING_PERMIT, counts, receive, token_client
from tests.factories import load_demo_city

HUGE = "x" * 5_000_000


@pytest.fixture
def city(db, settings, tmp_path):
    return load_demo_city(settings, tmp_path)


@pytest.fixture
def officer(city):
    return token_client(city, "tiepnhan.hcc")


def _intake(**changes) -> dict:
    body = {"procedure": BUILDING_PERMIT, "unit": "CP-HCC", "channel": "counter", "applicant": dict(APPLICANT)}
    body.update(changes)
    return body


def _refused(response, field: str) -> dict:
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert field in {e["field"] for e in problem["errors"]}, problem
    assert len(response.content) < 10_000  # the refused text is not echoed back
    return problem


def test_a_five_million_character_note_is_refused_and_nothing_is_written(city, officer):
    dossier = receive(city)
    before = counts()
    response = officer.post(
        f"/api/v1/dossiers/{dossier.code}/actions",
        {"action": "request_supplement", "version": dossier.version, "note": HUGE},
        format="json",
    )
    _refused(response, "note")
    assert counts() == before
    dossier.refresh_from_db()
    assert dossier.version == 1


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_a_control_character_in_a_note_is_refused(city, officer, char):
    dossier = receive(city)
    before = counts()
    response = officer.post(
        f"/api/v1/dossiers/{dossier.code}/actions",
        {"action": "request_supplement", "version": dossier.version, "note": f"Thiếu{char} bản vẽ"},
        format="json",
    )
    _refused(response, "note")
    assert counts() == before


def test_a_note_may_have_several_lines_and_reach_the_limit(city, officer):
    dossier = receive(city)
    note = ("Thiếu bản vẽ mặt bằng.\r\n\tBổ sung tại bộ phận một cửa." * 200)[: MAX_NOTE - 1] + "."
    response = officer.post(
        f"/api/v1/dossiers/{dossier.code}/actions",
        {"action": "request_supplement", "version": dossier.version, "note": note},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["history"][-1]["note"] == note


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"missing": [{"name": "Bản vẽ\x00"}]}, "data.missing[0].name"),
        ({"missing": ["y" * (MAX_NOTE + 1)]}, "data.missing[0]"),
        ({"missing": ["Bản vẽ"] * 1000}, "data.missing"),
    ],
)
def test_missing_items_lists_are_bounded_and_clean(city, officer, data, field):
    dossier = receive(city)
    before = counts()
    response = officer.post(
        f"/api/v1/dossiers/{dossier.code}/actions",
        {"action": "request_supplement", "version": dossier.version, "data": data},
        format="json",
    )
    _refused(response, field)
    assert counts() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"applicant": {**APPLICANT, "name": "Trần\x00 Thị Bình"}}, "applicant.name"),
        ({"applicant": {**APPLICANT, "name": "B" * 5000}}, "applicant.name"),
        ({"applicant": {**APPLICANT, "address": "Số 1\x1b phố Hạ Long"}}, "applicant.address"),
        ({"applicant": {**APPLICANT, "address": "a" * 501}}, "applicant.address"),
        ({"refusal_reason": HUGE}, "refusal_reason"),
        ({"refusal_reason": "Không thuộc thẩm quyền\x00"}, "refusal_reason"),
        ({"checklist": {"1": {"note\x00": True}}}, "checklist.1"),
    ],
)
def test_intake_free_text_is_bounded_and_clean(city, officer, changes, field):
    before = counts()
    response = officer.post("/api/v1/dossiers", _intake(**changes), format="json")
    _refused(response, field)
    assert counts() == before


def test_a_search_term_longer_than_the_limit_is_refused(db, api):
    response = api.get("/api/v1/procedures", {"q": "a" * (MAX_QUERY + 1)})
    _refused(response, "q")


def test_the_services_refuse_it_too_whatever_the_channel(city):
    """The web forms go through the services: the same rule holds there."""
    dossier = receive(city)
    before = counts()
    with pytest.raises(ValidationFailed) as refused:
        services.transition(
            dossier.code, "request_supplement", actor=city["tiepnhan.hcc"], expected_version=dossier.version,
            note=HUGE,
        )
    assert refused.value.field == "note"
    with pytest.raises(ValidationFailed) as refused:
        services.receive_dossier(
            actor=city["tiepnhan.hcc"], procedure_code=BUILDING_PERMIT, unit_code="CP-HCC", channel="counter",
            applicant={**APPLICANT, "representative_relation": "con\x00"},
        )
    assert refused.value.field == "applicant.representative_relation"
    assert counts() == before
    assert Dossier.objects.count() == 1
