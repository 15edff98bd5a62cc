"""A unit that held a dossier or gave an opinion on it keeps sight of it and of its history, read only:
the service refuses its actions (403), the API shows it with no allowed action, the officer page shows it
with no action box, and the worklist lists it under "Đã xử lý" (issue 8 item 3)."""
import pytest

from motcua.common.errors import NotAllowed, NotFound
from motcua.dossiers import services

from .conftest import SOCIAL_ALLOWANCE, act, counts, local, receive, token_client


def _refused_in_vain(city, d, username, action, **kw):
    before = counts()
    with pytest.raises(NotAllowed):
        act(city, d, username, action, **kw)
    assert counts() == before


def test_the_specialist_keeps_reading_a_permit_it_passed_on_but_may_not_act(city, permit_at_leader):
    d = permit_at_leader
    specialist = city["chuyenvien.qldt"]
    assert services.allowed_actions(specialist, d) == []
    _refused_in_vain(city, d, "chuyenvien.qldt", "transfer")
    _refused_in_vain(city, d, "truongphong.qldt", "approve")

    r = token_client(city, "chuyenvien.qldt").get(f"/api/v1/dossiers/{d.code}")
    assert r.status_code == 200
    body = r.json()
    assert body["allowed_actions"] == [] and body["unit"] == "CP"
    assert [e["action"] for e in body["history"]] == ["receive", "transfer", "assign", "transfer", "approve"]
    listed = token_client(city, "chuyenvien.qldt").get("/api/v1/dossiers").json()["results"]
    assert d.code in [x["code"] for x in listed]

    r = token_client(city, "chuyenvien.qldt").post(
        f"/api/v1/dossiers/{d.code}/actions", {"action": "transfer", "version": d.version}, format="json"
    )
    assert r.status_code == 403 and r["Content-Type"] == "application/problem+json"


def test_units_never_involved_still_get_404(city, permit_at_leader):
    d = permit_at_leader
    for username in ("chuyenvien.tckh", "truongphong.tckh", "tiepnhan.camtrung", "chuyenvien.camtrung"):
        assert token_client(city, username).get(f"/api/v1/dossiers/{d.code}").status_code == 404
        with pytest.raises(NotFound):
            act(city, d, username, "transfer")


def test_the_officer_page_is_read_only_and_listed_as_handled(city, permit_at_leader, client):
    d = permit_at_leader
    client.force_login(city["chuyenvien.qldt"])
    r = client.get(f"/can-bo/ho-so/{d.code}/")
    assert r.status_code == 200
    assert r.context["read_only"] is True and r.context["forms"] == []
    html = r.content.decode()
    assert "Chỉ xem: hồ sơ đã chuyển khỏi đơn vị của bạn" in html
    assert 'id="action-' not in html
    assert "Đủ điều kiện" in html  # the history, with the unit's own note
    r = client.get("/can-bo/?tab=da-xu-ly")
    assert [x.code for x in r.context["dossiers"]] == [d.code]
    assert dict((t.slug, n) for t, n in r.context["tabs"])["dang-xu-ly"] == 0
    r = client.post(f"/can-bo/ho-so/{d.code}/thao-tac/", {"action": "transfer", "transfer-version": d.version})
    assert r.status_code == 302 and d.version == type(d).objects.get(pk=d.pk).version

    client.force_login(city["lanhdao.cp"])  # the holder acts as before, and is not "read only"
    r = client.get(f"/can-bo/ho-so/{d.code}/")
    assert r.context["read_only"] is False and "approve" in [f.action for f in r.context["forms"]]


def test_after_a_refusal_the_department_reads_the_dossier(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "truongphong.qldt", "refuse", note="Không phù hợp quy hoạch", at=local(2024, 11, 26, 9, 0))
    for username in ("truongphong.qldt", "chuyenvien.qldt"):
        body = token_client(city, username).get(f"/api/v1/dossiers/{d.code}").json()
        assert body["status"] == "refused" and body["allowed_actions"] == []


def test_the_ward_reads_its_lien_thong_dossier_once_at_the_city(city):
    d = receive(city, "tiepnhan.camtrung", SOCIAL_ALLOWANCE, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "chuyenvien.camtrung", "transfer", note="Đã xét duyệt, niêm yết", at=local(2024, 11, 26, 9, 0))
    assert d.current_unit.code == "CP-LDTBXH"
    r = token_client(city, "chuyenvien.camtrung").get(f"/api/v1/dossiers/{d.code}")
    assert r.status_code == 200 and r.json()["allowed_actions"] == []
    # Another ward's officers never held it.
    assert token_client(city, "tiepnhan.mongduong").get(f"/api/v1/dossiers/{d.code}").status_code == 404


def test_a_consulted_unit_keeps_reading_after_its_opinion(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "chuyenvien.qldt", "consult", data={"units": ["CP-TCKH"], "due_days": 2}, at=local(2024, 11, 25, 11, 0))
    d = act(city, d, "chuyenvien.tckh", "give_opinion", note="Không có ý kiến khác", at=local(2024, 11, 26, 9, 0))
    body = token_client(city, "chuyenvien.tckh").get(f"/api/v1/dossiers/{d.code}").json()
    assert body["allowed_actions"] == []
    assert body["opinions"][0]["answer"] == "Không có ý kiến khác"
    _refused_in_vain(city, d, "chuyenvien.tckh", "give_opinion", note="Lần nữa")
