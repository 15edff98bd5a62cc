"""Dừng giải quyết: a final state with its reason, at the applicant's request or by law."""
import pytest

from motcua.common.errors import NotAllowed, ValidationFailed
from motcua.dossiers import services
from motcua.dossiers.models import DossierEvent, UnitHolding
from motcua.forms.marks import lookup_check
from motcua.notify.models import Outbox

from .conftest import APPLICANT, act, local, receive, token_client

REASON = "Theo đơn đề nghị dừng giải quyết của người nộp ngày 26/11/2024"


def in_progress(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0), applicant={**APPLICANT, "email": "binh@example.vn"})
    return act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))


def test_the_head_stops_a_dossier_with_its_reason(city):
    d = in_progress(city)
    d = act(city, d, "truongphong.qldt", "stop", note=REASON, at=local(2024, 11, 26, 9, 0))
    assert d.status == "stopped" and d.get_status_display() == "Dừng giải quyết"
    event = d.events.latest("id")
    assert (event.action, event.from_status, event.to_status, event.note) == ("stop", "in_progress", "stopped", REASON)
    assert not UnitHolding.objects.filter(dossier=d, ended_at__isnull=True).exists()
    assert d.timeliness == ""  # outside the on-time figures
    assert services.allowed_actions(city["truongphong.qldt"], d) == []
    mail = Outbox.objects.get(dossier=d, kind="stopped", channel="email")
    assert mail.subject.endswith("đã được dừng giải quyết") and REASON in mail.body


def test_a_stop_needs_its_reason_and_writes_nothing_without_it(city):
    d = in_progress(city)
    events = DossierEvent.objects.count()
    with pytest.raises(ValidationFailed):
        services.transition(d.code, "stop", actor=city["truongphong.qldt"], expected_version=d.version, note="  ")
    d.refresh_from_db()
    assert d.status == "in_progress" and DossierEvent.objects.count() == events


def test_a_specialist_may_not_stop(city):
    d = in_progress(city)
    with pytest.raises(NotAllowed):
        services.transition(d.code, "stop", actor=city["chuyenvien.qldt"], expected_version=d.version, note=REASON)


def test_the_public_lookup_shows_the_stop(city, client):
    d = in_progress(city)
    act(city, d, "truongphong.qldt", "stop", note=REASON, at=local(2024, 11, 26, 9, 0))
    body = client.get(f"/api/v1/lookup/{d.code}", {"check": lookup_check(d.code)}).json()
    assert body["status"] == "stopped"


def test_stop_through_the_api(city):
    d = in_progress(city)
    api = token_client(city, "truongphong.qldt")
    response = api.post(
        f"/api/v1/dossiers/{d.code}/actions", {"action": "stop", "version": d.version, "note": REASON}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "stopped"
