"""The result is a thing: `resolve` records its number, date and files; an online return needs its electronic
copy; the API detail shows it (issue 8, item 2)."""
import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.common.errors import ValidationFailed
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier

from .conftest import MARITAL, act, counts, local, receive, token_client

PDF = b"%PDF-1.7\n%signed result\n"


def _back_at_desk(city):
    d = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 9, 30))
    return act(city, d, "lanhdao.camtrung", "approve", at=local(2024, 11, 26, 9, 0))


def _pdf(name="xac-nhan-tinh-trang-hon-nhan.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def test_resolve_records_the_results_number_date_and_files(city):
    d = _back_at_desk(city)
    d = act(
        city, d, "tiepnhan.camtrung", "resolve", at=local(2024, 11, 26, 10, 0),
        data={"result_number": " 125/XNHN ", "result_date": "2024-11-26"}, files=[(None, _pdf())],
    )
    d = Dossier.objects.get(pk=d.pk)
    assert (d.status, d.result_number, d.result_date) == ("resolved", "125/XNHN", date(2024, 11, 26))
    files = list(selectors.result_files(d))
    assert [(f.original_name, f.event.action) for f in files] == [("xac-nhan-tinh-trang-hon-nhan.pdf", "resolve")]
    event = d.events.get(action="resolve")
    assert (event.data["result_number"], event.data["result_date"]) == ("125/XNHN", "2024-11-26")


def test_the_result_date_defaults_to_the_day_the_desk_takes_it_in(city):
    d = act(city, _back_at_desk(city), "tiepnhan.camtrung", "resolve", data={"result_number": "7/XNHN"},
            at=local(2024, 11, 26, 10, 0))
    assert d.result_date == date(2024, 11, 26)


@pytest.mark.parametrize(("data", "field"), [
    ({}, "result_number"),
    ({"result_number": "  "}, "result_number"),
    ({"result_number": "1/X", "result_date": "26/11/2024"}, "result_date"),
    ({"result_number": "1/X", "result_date": "2024-11-27"}, "result_date"),  # after the day it is taken in
    ({"result_number": "1/X", "result_date": "2024-11-20"}, "result_date"),  # before the dossier was received
])
def test_a_result_without_a_number_or_with_a_wrong_date_changes_nothing(city, data, field):
    d = _back_at_desk(city)
    before = counts()
    with pytest.raises(ValidationFailed) as caught:
        act(city, d, "tiepnhan.camtrung", "resolve", data=data, files=[(None, _pdf())], at=local(2024, 11, 26, 10, 0))
    assert caught.value.field == field
    assert counts() == before
    assert Dossier.objects.get(pk=d.pk).status == "in_progress"


def test_an_online_return_needs_the_electronic_result(city):
    d = act(city, _back_at_desk(city), "tiepnhan.camtrung", "resolve", data={"result_number": "8/XNHN"},
            at=local(2024, 11, 26, 10, 0))
    with pytest.raises(ValidationFailed, match="tệp kết quả điện tử"):
        act(city, d, "tiepnhan.camtrung", "return_result", data={"method": "online"}, at=local(2024, 11, 26, 11, 0))
    d = act(city, d, "tiepnhan.camtrung", "return_result", data={"method": "counter"}, at=local(2024, 11, 26, 11, 0))
    assert d.status == "returned"


def test_the_api_takes_the_result_as_multipart_and_shows_it_in_the_detail(city):
    d = _back_at_desk(city)
    client = token_client(city, "tiepnhan.camtrung")
    detail = client.get(f"/api/v1/dossiers/{d.code}").json()
    assert detail["result_at_desk"] is True and detail["result"] is None
    assert detail["status_label"] == "Kết quả đã về bộ phận một cửa"
    body = {"action": "resolve", "version": detail["version"],
            "data": {"result_number": "126/XNHN", "result_date": "2024-11-26"}}
    r = client.post(f"/api/v1/dossiers/{d.code}/actions", {"data": json.dumps(body), "attachment": _pdf("kq.pdf")},
                    format="multipart")
    assert r.status_code == 200, r.content
    result = r.json()["result"]
    assert (result["kind"], result["number"], result["date"]) == ("approved", "126/XNHN", "2024-11-26")
    assert [(f["name"], f["content_type"]) for f in result["files"]] == [("kq.pdf", "application/pdf")]
    assert r.json()["result_at_desk"] is False
    r = client.post(f"/api/v1/dossiers/{d.code}/actions", {"action": "return_result", "version": r.json()["version"],
                    "data": {"method": "online"}}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "returned"


def test_the_api_refuses_a_result_without_a_number_with_a_problem(city):
    d = _back_at_desk(city)
    client = token_client(city, "tiepnhan.camtrung")
    r = client.post(f"/api/v1/dossiers/{d.code}/actions", {"action": "resolve", "version": d.version, "data": {}},
                    format="json")
    assert r.status_code == 400 and r["Content-Type"] == "application/problem+json"
    assert Dossier.objects.get(pk=d.pk).status == "in_progress"
