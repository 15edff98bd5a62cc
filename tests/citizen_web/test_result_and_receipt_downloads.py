"""The applicant downloads the result returned online and the receipt (Mẫu 01) in /ca-nhan/; nobody else
does (issue 8, item 2)."""
from motcua.dossiers import services
from tests.factories import UserFactory

from .conftest import MARITAL, act, marital_documents, scan

APPLICANT = {"name": "Trần Thị Bình", "phone": "0912345678"}
RESULT = b"%PDF-1.7\n%ket qua ky so\n"


def _received(city):
    docs = [(d.pk, scan()) for d in marital_documents()]
    d = services.receive_dossier(actor=city["congdan.demo"], procedure_code=MARITAL, unit_code="CP-CTR-MC",
                                 channel="online", applicant=APPLICANT, attachments=docs).dossier
    return act(city, d, "tiepnhan.camtrung", "receive")


def _resolved(city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    d = _received(city)
    d = act(city, d, "tiepnhan.camtrung", "transfer")
    d = act(city, d, "lanhdao.camtrung", "approve")
    return act(city, d, "tiepnhan.camtrung", "resolve", data={"result_number": "31/XNHN"},
               files=[(None, SimpleUploadedFile("xac-nhan.pdf", RESULT, "application/pdf"))])


def _result_file(d):
    return d.attachments.get(event__action="resolve")


def test_returned_online_the_applicant_downloads_the_result(citizen_client, city):
    d = _resolved(city)
    f = _result_file(d)
    assert citizen_client.get(f"/ca-nhan/ho-so/{d.pk}/ket-qua/{f.pk}/").status_code == 404  # not returned yet
    act(city, d, "tiepnhan.camtrung", "return_result", data={"method": "online"})
    page = citizen_client.get(f"/ca-nhan/ho-so/{d.pk}/").content.decode()
    assert f"/ca-nhan/ho-so/{d.pk}/ket-qua/{f.pk}/" in page and "31/XNHN" in page
    r = citizen_client.get(f"/ca-nhan/ho-so/{d.pk}/ket-qua/{f.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == RESULT
    assert r["Content-Disposition"].startswith("attachment") and r["Cache-Control"] == "private, no-store"


def test_returned_at_the_counter_there_is_nothing_to_download(citizen_client, city):
    d = _resolved(city)
    act(city, d, "tiepnhan.camtrung", "return_result", data={"method": "counter"})
    f = _result_file(d)
    assert "/ket-qua/" not in citizen_client.get(f"/ca-nhan/ho-so/{d.pk}/").content.decode()
    assert citizen_client.get(f"/ca-nhan/ho-so/{d.pk}/ket-qua/{f.pk}/").status_code == 404


def test_the_applicant_downloads_the_receipt_once_received(citizen_client, city):
    docs = [(doc.pk, scan()) for doc in marital_documents()]
    waiting = services.receive_dossier(actor=city["congdan.demo"], procedure_code=MARITAL, unit_code="CP-CTR-MC",
                                       channel="online", applicant=APPLICANT, attachments=docs).dossier
    assert citizen_client.get(f"/ca-nhan/ho-so/{waiting.pk}/giay-tiep-nhan/").status_code == 404
    d = act(city, waiting, "tiepnhan.camtrung", "receive")
    assert f"/ca-nhan/ho-so/{d.pk}/giay-tiep-nhan/" in citizen_client.get(f"/ca-nhan/ho-so/{d.pk}/").content.decode()
    r = citizen_client.get(f"/ca-nhan/ho-so/{d.pk}/giay-tiep-nhan/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content[:5] == b"%PDF-"


def test_only_the_applicants_own_account_reaches_the_downloads(client, city):
    d = _resolved(city)
    act(city, d, "tiepnhan.camtrung", "return_result", data={"method": "online"})
    f = _result_file(d)
    urls = [f"/ca-nhan/ho-so/{d.pk}/ket-qua/{f.pk}/", f"/ca-nhan/ho-so/{d.pk}/giay-tiep-nhan/"]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(UserFactory(username="congdan.khac", role="citizen"))
    for url in urls:
        assert client.get(url).status_code == 404  # another citizen: not theirs
    client.force_login(city["tiepnhan.mongduong"])
    for url in urls:
        assert client.get(url).status_code == 403  # officers use their own pages
    assert client.get(f"/can-bo/ho-so/{d.code}/tep/{f.pk}/").status_code == 404  # another ward's desk
    client.force_login(city["tiepnhan.camtrung"])
    assert client.get(f"/can-bo/ho-so/{d.code}/tep/{f.pk}/").status_code == 200  # the desk that holds it
