"""The lookup answers in two tiers (Circular 01/2018, art. 16; issue 12, item 7): anyone — signed in or
not — gets the code and progress; the signed-in citizen who submitted the dossier also gets its way down
to the department: each unit that held it with from/to instants, the unit holding it now, the due instant."""
import pytest
from rest_framework.test import APIClient

from motcua.dossiers.models import UnitHolding
from motcua.forms.marks import lookup_check
from tests.factories import UserFactory

from .conftest import act, receive

OWNER = "congdan.demo"
ANONYMOUS_KEYS = {
    "code", "procedure", "status", "status_label", "step", "unit", "received_at", "due_at", "new_appointment_at",
    "pause_reason", "resolved_at", "returned_at", "applicant",
}


@pytest.fixture
def at_department(city):
    """Submitted online by the demo citizen, received at the city center, transferred to Phòng QLĐT."""
    d = receive(city, OWNER, channel="online")
    d = act(city, d, "tiepnhan.hcc", "receive")
    return act(city, d, "tiepnhan.hcc", "transfer")


@pytest.fixture
def stranger(city):
    return UserFactory(username="congdan.khac", role="citizen")


def bearer(user):
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {Token.objects.get_or_create(user=user)[0].key}")
    return client


def lookup(client, d):
    return client.get(f"/api/v1/lookup/{d.code}", {"check": lookup_check(d.code)})


def page(client, d):
    return client.get(f"/tra-cuu/{d.code}/", {"k": lookup_check(d.code)})


def iso(t):
    from django.utils import timezone

    return timezone.localtime(t).isoformat() if t else None


def test_anonymous_api_answer_is_the_public_tier_only(at_department):
    r = lookup(APIClient(), at_department)
    assert r.status_code == 200
    assert set(r.json()) == ANONYMOUS_KEYS
    assert "Authorization" in r["Vary"] and "Cookie" in r["Vary"]


def test_owner_with_a_token_sees_every_unit_that_held_it_the_current_unit_and_the_due_instant(city, at_department):
    d = at_department
    r = lookup(bearer(city[OWNER]), d)
    assert r.status_code == 200
    body = r.json()
    assert set(body) == ANONYMOUS_KEYS | {"detail"}
    holdings = list(UnitHolding.objects.filter(dossier=d).order_by("started_at", "id"))
    assert [h.unit.code for h in holdings] == ["CP-HCC", "CP-QLDT"]
    assert body["detail"] == {
        "holdings": [
            {"unit": {"code": "CP-HCC", "name": holdings[0].unit.name}, "from": iso(holdings[0].started_at),
             "to": iso(holdings[0].ended_at)},
            {"unit": {"code": "CP-QLDT", "name": "Phòng Quản lý đô thị"}, "from": iso(holdings[1].started_at), "to": None},
        ],
        "current_unit": {"code": "CP-QLDT", "name": "Phòng Quản lý đô thị"},
        "due_at": iso(d.due_at),
    }
    assert holdings[0].ended_at is not None and body["detail"]["due_at"] == body["due_at"] is not None
    # The rest of the answer is the public tier, unchanged.
    anonymous = lookup(APIClient(), d).json()
    assert {k: v for k, v in body.items() if k != "detail"} == anonymous


def test_owner_signed_in_on_the_web_gets_the_detail_from_the_api_too(client, city, at_department):
    client.force_login(city[OWNER])
    body = lookup(client, at_department).json()
    assert body["detail"]["current_unit"]["code"] == "CP-QLDT"


def test_another_citizen_gets_the_anonymous_tier(city, at_department, stranger):
    body = lookup(bearer(stranger), at_department).json()
    assert set(body) == ANONYMOUS_KEYS
    assert body == lookup(APIClient(), at_department).json()


def test_an_officer_who_is_not_the_owner_gets_the_anonymous_tier(city, at_department):
    assert set(lookup(bearer(city["tiepnhan.hcc"]), at_department).json()) == ANONYMOUS_KEYS


def test_a_wrong_token_still_gets_the_public_answer_not_an_error(at_department):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    r = lookup(client, at_department)
    assert r.status_code == 200 and set(r.json()) == ANONYMOUS_KEYS


def test_a_dossier_taken_at_the_counter_has_no_owner_tier(city):
    d = receive(city, at=None)  # the officer's intake: no citizen account submitted it
    d = act(city, d, "tiepnhan.hcc", "transfer")
    assert set(lookup(bearer(city[OWNER]), d).json()) == ANONYMOUS_KEYS


def test_the_page_shows_the_detail_section_to_the_owner_only(client, city, at_department, stranger):
    d = at_department
    r = page(client, d)
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-tier="owner"' not in html and 'data-holding="CP-HCC"' not in html
    assert "Cookie" in r["Vary"]
    assert 'data-hint="owner-tier"' in html  # the way to the second tier: sign in

    client.force_login(stranger)
    html = page(client, d).content.decode()
    assert 'data-tier="owner"' not in html and 'data-holding="CP-HCC"' not in html

    client.force_login(city[OWNER])
    r = page(client, d)
    html = r.content.decode()
    assert 'data-tier="owner"' in html
    assert 'data-holding="CP-HCC"' in html and 'data-holding="CP-QLDT"' in html
    assert r.context["s"].detail.current_unit_code == "CP-QLDT"
    assert "đang giữ" in html
