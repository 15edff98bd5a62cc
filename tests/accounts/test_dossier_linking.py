"""Which dossiers an account sees (decision 0044): its own online submissions always; the dossiers under its
identity number (received at a counter, submitted by someone on its behalf) only when the number was verified
by the identity provider — read only. A number typed at registration reveals nobody's dossiers."""
import pytest

from motcua.accounts.models import User
from tests.dossiers.conftest import APPLICANT, city, receive  # noqa: F401  (fixture)

from .conftest import PASSWORD, oidc_round_trip

pytestmark = pytest.mark.django_db
NUMBER = APPLICANT["id_number"]


@pytest.fixture
def counter_dossier(city):  # noqa: F811
    return receive(city)  # at the center's counter, applicant identity number NUMBER


def test_a_typed_identity_number_reveals_no_one_elses_dossiers(client, counter_dossier):
    typed = User.objects.create_user("typed@example.vn", password=PASSWORD, role="citizen", identity_number=NUMBER)
    client.force_login(typed)
    page = client.get("/ca-nhan/")
    assert counter_dossier.code not in page.content.decode() and not page.context["linked"]
    assert client.get(f"/ca-nhan/ho-so/{counter_dossier.pk}/").status_code == 404
    assert client.get(f"/ca-nhan/ho-so/{counter_dossier.pk}/giay-tiep-nhan/").status_code == 404


def test_a_verified_identity_number_shows_them_read_only(client, counter_dossier):
    verified = User.objects.create_user("v", password=PASSWORD, role="citizen", identity_number=NUMBER,
                                        identity_verified=True)
    client.force_login(verified)
    page = client.get("/ca-nhan/")
    assert list(page.context["linked"]) == [counter_dossier]
    assert counter_dossier.code in page.content.decode()
    detail = client.get(f"/ca-nhan/ho-so/{counter_dossier.pk}/")
    assert detail.status_code == 200 and detail.context["forms"] == []  # the owner's actions are not theirs
    events = counter_dossier.events.count()
    client.post(f"/ca-nhan/ho-so/{counter_dossier.pk}/thao-tac/", {"action": "withdraw", "withdraw-note": "x"})
    counter_dossier.refresh_from_db()
    assert counter_dossier.status == "received" and counter_dossier.events.count() == events


def test_the_number_verified_through_the_provider_links_them(client, provider, counter_dossier):
    oidc_round_trip(client, provider, person={"sub": "s-1", "name": "Trần Thị Bình", "identity_number": NUMBER})
    assert list(client.get("/ca-nhan/").context["linked"]) == [counter_dossier]


def test_dossiers_under_other_numbers_stay_hidden(client, city, counter_dossier):  # noqa: F811
    other = receive(city, applicant={**APPLICANT, "id_number": "022190000999"})
    verified = User.objects.create_user("v", password=PASSWORD, role="citizen", identity_number=NUMBER,
                                        identity_verified=True)
    client.force_login(verified)
    assert client.get(f"/ca-nhan/ho-so/{other.pk}/").status_code == 404
