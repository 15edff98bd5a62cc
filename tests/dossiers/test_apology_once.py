"""Issue 8 item 13: the apology with a new appointment (Mẫu 04) is due 1 working day before the due instant
and may be issued once only (Decree 61/2018, art. 19(9)); a second one is refused with a clear message."""
import pytest

from motcua.common.errors import Conflict
from motcua.dossiers import deadlines, services

from .conftest import MARITAL, act, local, receive, token_client

SECOND = (
    "Hồ sơ đã có phiếu xin lỗi và hẹn lại ngày trả kết quả (hẹn lại 17:00 02/12/2024); "
    "theo Nghị định 61/2018, Điều 19 khoản 9, chỉ được hẹn lại một lần."
)


@pytest.fixture
def at_ward(city):
    d = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    assert d.due_at == local(2024, 11, 28, 9, 0)  # Thursday 09:00
    return act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 0))


def _apologize(city, d, at, when="2024-12-02T17:00:00+07:00"):
    return act(city, d, "lanhdao.camtrung", "apologize", note="Cần xác minh thêm", data={"new_appointment_at": when}, at=at)


def test_the_apology_is_due_one_working_day_before_the_due_instant(at_ward):
    assert deadlines.apology_due(at_ward) == local(2024, 11, 27, 9, 0)


def test_the_apology_is_due_the_previous_working_day_across_a_weekend(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))  # due Monday 16/12 09:00
    assert deadlines.apology_due(d) == local(2024, 12, 13, 9, 0)  # Friday


def test_an_apology_in_time_is_recorded_as_on_time(city, at_ward):
    d = _apologize(city, at_ward, local(2024, 11, 26, 16, 0))
    data = d.events.get(action="apologize").data
    assert data["on_time"] is True and data["apology_due_at"] == "2024-11-27T09:00:00+07:00"


def test_an_apology_after_the_one_day_limit_still_reaches_the_applicant_and_is_recorded_late(city, at_ward):
    d = _apologize(city, at_ward, local(2024, 11, 27, 16, 0))
    assert d.new_appointment_at == local(2024, 12, 2, 17, 0)
    assert d.events.get(action="apologize").data["on_time"] is False


def test_a_second_apology_is_refused_and_changes_nothing(city, at_ward):
    d = _apologize(city, at_ward, local(2024, 11, 26, 16, 0))
    version = d.version
    with pytest.raises(Conflict) as refused:
        _apologize(city, d, local(2024, 11, 26, 16, 30), when="2024-12-05T17:00:00+07:00")
    assert refused.value.detail == SECOND
    d.refresh_from_db()
    assert (d.version, d.new_appointment_at) == (version, local(2024, 12, 2, 17, 0))
    assert d.events.filter(action="apologize").count() == 1
    assert "apologize" not in services.allowed_actions(city["lanhdao.camtrung"], d, at=local(2024, 11, 26, 16, 30))


def test_a_second_apology_through_the_api_is_a_409_problem(city, at_ward):
    d = _apologize(city, at_ward, local(2024, 11, 26, 16, 0))
    response = token_client(city, "lanhdao.camtrung").post(
        f"/api/v1/dossiers/{d.code}/actions",
        {"action": "apologize", "version": d.version, "note": "Lần hai",
         "data": {"new_appointment_at": "2024-12-05T17:00:00+07:00"}},
        format="json",
    )
    assert response.status_code == 409 and response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == SECOND


def test_the_api_detail_shows_the_apology_deadline_until_an_apology_is_given(city, at_ward):
    client = token_client(city, "lanhdao.camtrung")
    body = client.get(f"/api/v1/dossiers/{at_ward.code}").json()
    assert body["deadlines"]["apology_due_at"] == "2024-11-27T09:00:00+07:00"
    d = _apologize(city, at_ward, local(2024, 11, 26, 16, 0))
    assert client.get(f"/api/v1/dossiers/{d.code}").json()["deadlines"]["apology_due_at"] is None
