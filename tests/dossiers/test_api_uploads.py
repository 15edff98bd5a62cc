"""Scans through the API: multipart intake and actions; bad files or bodies change nothing."""
import json

from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Attachment

from .conftest import APPLICANT, BUILDING_PERMIT, counts, token_client

PDF = b"%PDF-1.7\n%scan\n"
PNG = b"\x89PNG\r\n\x1a\n0000"
BODY = {"procedure": BUILDING_PERMIT, "unit": "CP-HCC", "channel": "counter", "applicant": APPLICANT}


def _stored(tmp):
    media = tmp / "media"
    return sorted(p.name for p in media.rglob("*") if p.is_file()) if media.exists() else []


def _first_document_id():
    return Procedure.objects.get(code=BUILDING_PERMIT).current_version.documents.order_by("order").first().pk


def test_multipart_intake_stores_scans_linked_to_their_documents(city, tmp_path):
    api = token_client(city, "tiepnhan.hcc")
    doc = _first_document_id()
    response = api.post(
        "/api/v1/dossiers",
        {
            "data": json.dumps(BODY),
            f"document:{doc}": SimpleUploadedFile("don.pdf", PDF, "application/pdf"),
            "attachment": SimpleUploadedFile("anh.png", PNG, "image/png"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    rows = Attachment.objects.filter(dossier__code=body["code"]).order_by("original_name")
    assert [(a.original_name, a.document_id, a.content_type) for a in rows] == [
        ("anh.png", None, "image/png"),
        ("don.pdf", doc, "application/pdf"),
    ]
    assert len(_stored(tmp_path)) == 2
    assert {a["name"] for a in body["attachments"]} == {"anh.png", "don.pdf"}


def test_a_file_that_is_not_a_scan_is_refused_and_nothing_is_kept(city, tmp_path):
    api = token_client(city, "tiepnhan.hcc")
    before = counts()
    response = api.post(
        "/api/v1/dossiers",
        {
            "data": json.dumps(BODY),
            "attachment": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "không phải PDF, JPEG hoặc PNG" in response.json()["detail"]
    assert counts() == before and _stored(tmp_path) == []


def test_a_scan_for_a_document_of_another_procedure_is_refused(city, tmp_path):
    api = token_client(city, "tiepnhan.hcc")
    before = counts()
    response = api.post(
        "/api/v1/dossiers",
        {"data": json.dumps(BODY), "document:999999": SimpleUploadedFile("don.pdf", PDF, "application/pdf")},
        format="multipart",
    )
    assert response.status_code == 400
    assert counts() == before and _stored(tmp_path) == []


def test_bad_multipart_bodies_name_the_part(city):
    api = token_client(city, "tiepnhan.hcc")
    bad_json = api.post("/api/v1/dossiers", {"data": "{not json"}, format="multipart")
    assert bad_json.status_code == 400 and bad_json.json()["errors"][0]["field"] == "data"
    bad_part = api.post(
        "/api/v1/dossiers",
        {"data": json.dumps(BODY), "scan": SimpleUploadedFile("don.pdf", PDF, "application/pdf")},
        format="multipart",
    )
    assert bad_part.status_code == 400 and bad_part.json()["errors"][0]["field"] == "scan"


def test_an_action_can_carry_a_scan(city):
    api = token_client(city, "tiepnhan.hcc")
    created = api.post("/api/v1/dossiers", BODY, format="json").json()
    response = api.post(
        f"/api/v1/dossiers/{created['code']}/actions",
        {
            "data": json.dumps({"action": "transfer", "version": created["version"], "note": "Chuyển kèm bản quét"}),
            "attachment": SimpleUploadedFile("phieu.pdf", PDF, "application/pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 200, response.content
    attachment = Attachment.objects.get(dossier__code=created["code"])
    assert attachment.event.action == "transfer" and attachment.original_name == "phieu.pdf"
