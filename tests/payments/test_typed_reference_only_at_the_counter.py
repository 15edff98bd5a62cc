"""With a payment gateway configured, an applicant's fee is recorded only by the gateway's confirmation: the
applicant can no longer type a reference (`pay`) — refused in the API, absent from `allowed_actions` —, the
counter still records a cash payment with its receipt number, and without a gateway the applicant's typed
reference is accepted as before (decision 0042)."""
import pytest

from motcua.common.errors import NotAllowed
from motcua.dossiers import services
from motcua.dossiers.models import Status
from motcua.dossiers.permissions import may_act
from tests.dossiers.conftest import token_client

from .conftest import awaiting, state

pytestmark = pytest.mark.django_db


def test_the_applicant_cannot_type_a_reference_when_a_gateway_is_configured(city):
    d = awaiting(city)
    before = state(d)
    assert not may_act(city["congdan.demo"], d, "pay")
    with pytest.raises(NotAllowed):
        services.transition(d, "pay", actor=city["congdan.demo"], expected_version=d.version, data={"reference": "123"})
    assert state(d) == before


def test_the_api_refuses_it_with_a_problem_and_does_not_offer_it(city):
    d = awaiting(city)
    before = state(d)
    client = token_client(city, "congdan.demo")
    detail = client.get(f"/api/v1/dossiers/{d.pk}")
    assert detail.status_code == 200, detail.content
    assert "pay" not in detail.json()["allowed_actions"]
    answer = client.post(f"/api/v1/dossiers/{d.pk}/actions",
                         {"action": "pay", "version": d.version, "data": {"reference": "GIA-MAO-01"}}, format="json")
    assert answer.status_code == 403 and answer["Content-Type"].startswith("application/problem+json")
    assert state(d) == before


def test_the_counter_still_records_a_cash_payment(city):
    d = awaiting(city)
    services.transition(d, "pay", actor=city["tiepnhan.hcc"], expected_version=d.version, data={"reference": "BL-0042"})
    d.refresh_from_db()
    assert d.status == Status.SUBMITTED
    assert d.events.get(action="pay").data["reference"] == "BL-0042"


def test_without_a_gateway_the_applicant_declares_the_reference_as_before(city, settings):
    settings.MOTCUA_PAYMENT_GATEWAY = ""
    d = awaiting(city)
    assert may_act(city["congdan.demo"], d, "pay")
    services.transition(d, "pay", actor=city["congdan.demo"], expected_version=d.version, data={"reference": "FT2612"})
    d.refresh_from_db()
    assert d.status == Status.SUBMITTED
