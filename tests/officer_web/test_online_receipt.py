"""The desk receiving an online submission (issue 8 item 8): it sees which documents came with scans
(not "chưa có"), ticks the checklist on receipt, and sees the due instant the dossier will get if
received now (not "Không quy định")."""
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.catalog.models import Procedure
from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from .conftest import MARITAL, local

PDF = b"%PDF-1.7\n%test\n"


def submit_online(city, *, scans=True) -> Dossier:
    doc = Procedure.objects.get(code=MARITAL).current_version.documents.get()
    files = [(doc.pk, SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf"))] if scans else []
    return services.receive_dossier(
        actor=city["congdan.demo"], procedure_code=MARITAL, unit_code="CP-CTR-MC", channel="online",
        applicant={"name": "Nguyễn Văn An"}, attachments=files,
    ).dossier


def post_receive(client, d, documents):
    data = {"action": "receive", "receive-version": d.version, "receive-documents": documents}
    return client.post(f"/can-bo/ho-so/{d.ref}/thao-tac/", data)


def test_documents_sent_as_scans_are_shown_with_their_files(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = submit_online(city)
        html = client_as("tiepnhan.camtrung").get(f"/can-bo/ho-so/{d.ref}/").content.decode()
    row = html.split('data-document="', 1)[1].split("</tr>", 1)[0]
    assert "chưa có" not in row
    assert "bản quét:" in row and "to-khai.pdf" in row


def test_a_document_without_a_scan_is_still_missing(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = submit_online(city, scans=False)
        html = client_as("tiepnhan.camtrung").get(f"/can-bo/ho-so/{d.ref}/").content.decode()
    assert "chưa có" in html.split('data-document="', 1)[1].split("</tr>", 1)[0]


def test_before_receipt_the_page_shows_the_due_instant_receipt_now_would_give(city, client_as):
    # Three working days from Monday 25/11/2024 09:00 (Decree 61/2018, art. 16: the time runs from receipt).
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = submit_online(city)
        html = client_as("tiepnhan.camtrung").get(f"/can-bo/ho-so/{d.ref}/").content.decode()
    due = html.split('data-field="due"', 1)[1].split("</dd>", 1)[0]
    assert "Không quy định" not in due
    assert "Nếu tiếp nhận lúc 09:00 25/11/2024" in due and "<strong>09:00 28/11/2024</strong>" in due


def test_the_receive_form_is_a_checklist_with_the_scanned_documents_ticked(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = submit_online(city)
        page = client_as("tiepnhan.camtrung").get(f"/can-bo/ho-so/{d.ref}/")
    form = next(f for f in page.context["forms"] if f.action == "receive")
    doc = d.procedure_version.documents.get()
    assert [c for c, _ in form.fields["documents"].choices] == [str(doc.pk)]
    assert form.initial["documents"] == [str(doc.pk)]
    assert f'name="receive-documents" value="{doc.pk}"' in page.content.decode()


def test_receiving_with_the_checklist_ticked_stores_it(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = submit_online(city)
        doc = d.procedure_version.documents.get()
        r = post_receive(client_as("tiepnhan.camtrung"), d, [str(doc.pk)])
    d.refresh_from_db()
    assert r.status_code == 302 and d.status == "received"
    assert d.checklist[str(doc.pk)]["present"] is True
    assert d.due_at == local(2024, 11, 28, 9, 0)


def test_receiving_with_a_required_document_unticked_is_refused_and_changes_nothing(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = submit_online(city)
        r = post_receive(client_as("tiepnhan.camtrung"), d, [])
    assert r.status_code in (400, 409, 422)
    assert "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân" in r.content.decode()
    d.refresh_from_db()
    assert d.status == "submitted" and not d.code
