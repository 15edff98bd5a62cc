"""The signed result is downloaded by the dossier's applicant once it is returned online — the online return
hands out the signed copy and records its hash — and by officers who see the dossier; anyone else gets 404."""
import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from motcua.dossiers.models import DossierEvent
from motcua.esign.models import SignedResult
from tests.factories import UserFactory

from .conftest import act, resolved

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(city, signing_on, result_pdf):
    d = resolved(city, result_pdf)
    return d, SignedResult.objects.get(dossier=d)


def _get(client, user, row):
    if user is not None:
        client.force_login(user)
    return client.get(f"/ket-qua-dien-tu/{row.pk}/")


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_returned_online_the_applicant_downloads_the_signed_copy(client, city, signed):
    d, row = signed
    applicant = city["congdan.demo"]
    assert _get(client, applicant, row).status_code == 404  # resolved, not yet returned
    act(city, d, "tiepnhan.camtrung", "return_result", data={"method": "online"})
    page = client.get(f"/ca-nhan/ho-so/{d.pk}/").content.decode()
    assert f"/ket-qua-dien-tu/{row.pk}/" in page and f"/xac-thuc-ket-qua/{row.token}/" in page
    assert "/ket-qua/" not in page.replace("/ket-qua-dien-tu/", "")  # the unsigned source is not offered beside it
    r = _get(client, None, row)
    with row.file.open("rb") as handle:
        assert r.status_code == 200 and _body(r) == handle.read()
    assert r["Content-Type"] == "application/pdf" and r["Cache-Control"] == "private, no-store"
    assert r["Content-Disposition"].startswith("attachment") and "xac-nhan-ky-so.pdf" in r["Content-Disposition"]
    returned = DossierEvent.objects.get(dossier=d, action="return_result")
    assert returned.data["signed_results"] == [row.sha256]  # the audit trail names what was handed out


def test_returned_at_the_counter_the_applicant_has_no_download(client, city, signed):
    d, row = signed
    act(city, d, "tiepnhan.camtrung", "return_result", data={"method": "counter"})
    assert _get(client, city["congdan.demo"], row).status_code == 404
    assert f"/ket-qua-dien-tu/{row.pk}/" not in client.get(f"/ca-nhan/ho-so/{d.pk}/").content.decode()


def test_nobody_else_gets_it(client, city, signed):
    d, row = signed
    act(city, d, "tiepnhan.camtrung", "return_result", data={"method": "online"})
    r = _get(client, None, row)
    assert r.status_code == 302 and r["Location"].startswith(resolve_url(settings.LOGIN_URL))  # anonymous: sign in
    assert _get(client, UserFactory(username="congdan.khac", role="citizen"), row).status_code == 404
    assert _get(client, city["tiepnhan.mongduong"], row).status_code == 404  # another ward's desk
    assert client.get("/ket-qua-dien-tu/999999/").status_code == 404


def test_the_officers_who_see_the_dossier_download_it_from_its_page(client, city, signed):
    d, row = signed
    client.force_login(city["tiepnhan.camtrung"])
    page = client.get(f"/can-bo/ho-so/{d.code}/").content.decode()
    assert f"/ket-qua-dien-tu/{row.pk}/" in page and "Bản điện tử ký số" in page
    r = client.get(f"/ket-qua-dien-tu/{row.pk}/")
    assert r.status_code == 200 and _body(r)[:5] == b"%PDF-"
