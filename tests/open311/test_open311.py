"""Open311 GeoReport v2, read only (docs/decisions/0041): services are the published procedures, a service
request is a dossier read by its code AND its check element, showing what the public lookup shows."""
import json
from xml.etree import ElementTree as ET

import pytest

from motcua.dossiers.codes import lookup_check

from .conftest import act, local, receive

APPLICANT = {"name": "Nguyễn Văn An", "phone": "0912345678", "id_number": "022190000123", "address": "Tổ 5"}
PERMIT = "1.009994.000.00.00.H49"
SECRETS = ("Nguyễn", "0912345678", "022190000123", "Tổ 5")


@pytest.fixture
def in_progress(city):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    return act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))


def _xml(response):
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)


# -- services ------------------------------------------------------------------------------------------
def test_services_json_lists_the_published_procedures(client, city):
    r = client.get("/open311/v2/services.json")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/json")
    services = r.json()
    assert services and all(
        set(s) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"} for s in services
    )
    permit = next(s for s in services if s["service_code"] == PERMIT)
    assert permit["service_name"] == "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"
    assert permit["metadata"] is False and permit["type"] == "realtime" and permit["group"]
    from motcua.catalog.selectors import published_procedures

    assert [s["service_code"] for s in services] == [p.code for p in published_procedures()]


def test_services_xml_is_well_formed_with_the_same_services(client, city):
    root = _xml(client.get("/open311/v2/services.xml"))
    assert root.tag == "services"
    assert client.get("/open311/v2/services.xml").content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    codes = [s.findtext("service_code") for s in root.findall("service")]
    assert codes == [s["service_code"] for s in client.get("/open311/v2/services.json").json()]
    permit = next(s for s in root.findall("service") if s.findtext("service_code") == PERMIT)
    assert [c.tag for c in permit] == ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
    assert permit.findtext("metadata") == "false" and permit.findtext("type") == "realtime"


def test_a_service_definition_is_an_open311_error(client, city):
    r = client.get(f"/open311/v2/services/{PERMIT}.json")
    assert r.status_code == 404
    [error] = r.json()
    assert error["code"] == 404 and "metadata=false" in error["description"]
    r = client.get("/open311/v2/services/KHONG-CO.xml")
    assert r.status_code == 404
    assert _xml(r).find("error").findtext("code") == "404"


# -- service requests ----------------------------------------------------------------------------------
def test_a_request_by_code_and_check_gives_the_public_status(client, in_progress):
    code = in_progress.code
    r = client.get(f"/open311/v2/requests/{code}.json", {"check": lookup_check(code)})
    assert r.status_code == 200
    [request] = r.json()
    assert request == {
        "service_request_id": "CP-HCC-241125-0001",
        "status": "open",
        "status_notes": f"Đang xử lý. {in_progress.current_step.name}",
        "service_name": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "service_code": PERMIT,
        "agency_responsible": "Phòng Quản lý đô thị",
        "service_notice": "",
        "requested_datetime": "2024-11-25T09:00:00+07:00",
        "updated_datetime": "2024-11-25T10:00:00+07:00",
        "expected_datetime": "2024-12-16T09:00:00+07:00",
    }
    assert "no-cache" in r["Cache-Control"] or "max-age=0" in r["Cache-Control"]
    for secret in SECRETS:
        assert secret not in r.content.decode()
    # `k`, as on the receipt's QR code, and lower case work too.
    assert client.get(f"/open311/v2/requests/{code.lower()}.json", {"k": lookup_check(code).lower()}).status_code == 200


def test_the_request_in_xml_parses(client, in_progress):
    code = in_progress.code
    root = _xml(client.get(f"/open311/v2/requests/{code}.xml", {"check": lookup_check(code)}))
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert request.findtext("service_request_id") == code and request.findtext("status") == "open"
    assert request.findtext("expected_datetime") == "2024-12-16T09:00:00+07:00"
    assert request.find("lat") is None and request.find("address") is None
    for secret in SECRETS:
        assert secret.encode() not in ET.tostring(root, encoding="utf-8")


def test_a_wrong_or_missing_check_is_the_same_404_as_an_unknown_code(client, in_progress):
    wrong = "AAAAAA" if lookup_check(in_progress.code) != "AAAAAA" else "BBBBBB"
    answers = [
        client.get(f"/open311/v2/requests/{in_progress.code}.json", {"check": wrong}),
        client.get(f"/open311/v2/requests/{in_progress.code}.json"),
        client.get("/open311/v2/requests/CP-HCC-000000-0000.json", {"check": lookup_check("CP-HCC-000000-0000")}),
    ]
    assert [r.status_code for r in answers] == [404, 404, 404]
    assert answers[0].content == answers[1].content == answers[2].content
    [error] = answers[0].json()
    assert error == {"code": 404, "description": "Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại mã trên giấy tiếp nhận."}
    xml = client.get(f"/open311/v2/requests/{in_progress.code}.xml", {"check": wrong})
    assert xml.status_code == 404 and _xml(xml).find("error").findtext("code") == "404"


def test_a_returned_dossier_is_closed_and_shows_no_unit(client, city):
    d = receive(city, "tiepnhan.camtrung", "1.004873.000.00.00.H49", "CP-CTR-MC", applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    from motcua.dossiers.models import Dossier, Status

    Dossier.objects.filter(pk=d.pk).update(status=Status.RETURNED, returned_at=local(2024, 11, 28, 9, 0))
    [request] = client.get(f"/open311/v2/requests/{d.code}.json", {"check": lookup_check(d.code)}).json()
    assert request["status"] == "closed" and request["agency_responsible"] == ""
    assert request["status_notes"] == "Đã trả kết quả"


def test_the_list_needs_request_ids_with_their_checks(client, in_progress):
    r = client.get("/open311/v2/requests.json")
    assert r.status_code == 400
    assert r.json()[0]["code"] == 400 and "service_request_id" in r.json()[0]["description"]
    assert client.get("/open311/v2/requests.json", {"service_code": PERMIT}).status_code == 400
    assert client.get("/open311/v2/requests.json", {"service_request_id": in_progress.code}).status_code == 400
    code = in_progress.code
    r = client.get("/open311/v2/requests.json", {"service_request_id": f"{code},CP-HCC-000000-0000", "check": f"{lookup_check(code)},AAAAAA"})
    assert r.status_code == 200 and [x["service_request_id"] for x in r.json()] == [code]
    # a wrong check is left out exactly as an unknown code is
    r = client.get("/open311/v2/requests.json", {"service_request_id": code, "check": "AAAAAA" if lookup_check(code) != "AAAAAA" else "BBBBBB"})
    assert r.status_code == 200 and r.json() == []
    r = client.get("/open311/v2/requests.xml", {"service_request_id": code, "check": lookup_check(code), "status": "closed"})
    assert _xml(r).tag == "service_requests" and _xml(r).findall("request") == []


def test_jurisdiction_id_is_accepted(client, settings, in_progress):
    code, check = in_progress.code, lookup_check(in_progress.code)
    assert client.get("/open311/v2/services.json", {"jurisdiction_id": "camphaquangninh.gov.vn"}).status_code == 200
    settings.MOTCUA_OPEN311_JURISDICTION = "campha.quangninh.gov.vn"
    ok = client.get(f"/open311/v2/requests/{code}.json", {"check": check, "jurisdiction_id": "campha.quangninh.gov.vn"})
    assert ok.status_code == 200
    r = client.get("/open311/v2/services.xml", {"jurisdiction_id": "other.gov.vn"})
    assert r.status_code == 404 and "campha.quangninh.gov.vn" in _xml(r).find("error").findtext("description")


def test_reads_of_requests_share_the_lookup_throttle(client, api, settings, in_progress):
    settings.MOTCUA_LOOKUP_RATE = "3/minute"
    code, check = in_progress.code, lookup_check(in_progress.code)
    answers = [
        client.get(f"/open311/v2/requests/{code}.json", {"check": check}).status_code,
        api.get(f"/api/v1/lookup/{code}", {"check": check}).status_code,
        client.get("/open311/v2/requests/CP-HCC-000000-0000.json").status_code,  # unknown codes count too
        client.get(f"/open311/v2/requests/{code}.xml", {"check": check}).status_code,
    ]
    assert answers == [200, 200, 404, 429]
    r = client.get(f"/open311/v2/requests/{code}.json", {"check": check})
    assert r.status_code == 429 and int(r["Retry-After"]) > 0 and r.json()[0]["code"] == 429
    assert client.get("/open311/v2/services.json").status_code == 200  # the catalog is not throttled


def test_each_id_of_a_list_counts_against_the_throttle(client, settings, in_progress):
    settings.MOTCUA_LOOKUP_RATE = "3/minute"
    code, check = in_progress.code, lookup_check(in_progress.code)
    r = client.get("/open311/v2/requests.json", {"service_request_id": ",".join([code] * 4), "check": ",".join([check] * 4)})
    assert r.status_code == 429


def test_read_only_and_unknown_paths_answer_open311_errors(client, city):
    r = client.post("/open311/v2/requests.json", {"service_code": PERMIT})
    assert r.status_code == 405 and r.json()[0]["code"] == 405 and r["Allow"] == "GET, HEAD"
    r = client.get("/open311/v2/discovery.xml")
    assert r.status_code == 404 and _xml(r).find("error").findtext("code") == "404"
    r = client.get("/open311/v2/anything")
    assert r.status_code == 404 and json.loads(r.content)[0]["code"] == 404


def test_english_when_asked(client, in_progress):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    r = client.get("/open311/v2/requests/NONE.json")
    assert r.json()[0]["description"] != "Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại mã trên giấy tiếp nhận."
    [request] = client.get(f"/open311/v2/requests/{in_progress.code}.json", {"check": lookup_check(in_progress.code)}).json()
    assert request["status_notes"].startswith("Being handled")


def test_open311_reaches_the_dossiers_through_the_lookup_and_the_domain_only():
    from tests.layout.test_import_directions import imports_of

    targets = {t for targets in imports_of("open311").values() for t in targets}
    assert not [t for t in targets if t.startswith(("motcua.desk", "motcua.citizen", "motcua.portal", "motcua.api"))]


def test_odd_input_is_a_plain_404(client, in_progress):
    for code, check in ((in_progress.code, "µµµµµµ"), ("X" * 300, "AAAAAA"), ("Hồ-sơ", "ẞ")):
        r = client.get(f"/open311/v2/requests/{code}.xml", {"check": check})
        assert r.status_code == 404 and _xml(r).find("error").findtext("code") == "404"
    assert client.head(f"/open311/v2/requests/{in_progress.code}.json", {"check": lookup_check(in_progress.code)}).status_code == 200
