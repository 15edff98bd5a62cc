"""`GET /api/v1/dossiers` pages by key (decision 0028): `next` links give every visible dossier once, newest
first; `page=N` still answers; `count` is exact up to the cap and says when it stopped there."""
from datetime import timedelta

import time_machine

from motcua.api import pagination
from motcua.dossiers.models import Dossier, Status

from .conftest import local, receive, token_client

NOW = local(2024, 11, 25, 9, 0)


def _closed(template: Dossier, n: int) -> None:
    Dossier.objects.bulk_create(
        Dossier(
            code=f"LS-{i:05d}", procedure_id=template.procedure_id, procedure_version_id=template.procedure_version_id,
            reception_unit_id=template.reception_unit_id, current_unit_id=template.current_unit_id, channel="counter",
            status=Status.RETURNED, applicant_name="Người nộp cũ", received_at=NOW - timedelta(days=400),
        )
        for i in range(n)
    )


def _follow(client, url: str) -> tuple[list[str], int]:
    codes, pages = [], 0
    while url:
        body = client.get(url).json()
        codes += [x["code"] for x in body["results"]]
        url, pages = body["next"], pages + 1
    return codes, pages


def test_next_links_give_every_visible_dossier_once_newest_first(city):
    with time_machine.travel(NOW, tick=False):
        d = receive(city)
        _closed(d, 11)
        receive(city)
        client = token_client(city, "tiepnhan.hcc")
        first = client.get("/api/v1/dossiers?page_size=5").json()
        assert first["count"] == 13 and first["count_capped"] is False and first["previous"] is None
        assert "after=" in first["next"] and "page_size=5" in first["next"]
        codes, pages = _follow(client, "/api/v1/dossiers?page_size=5")
    expected = list(Dossier.objects.exclude(status=Status.DRAFT).order_by("-id").values_list("code", flat=True))
    assert codes == expected and len(set(codes)) == 13 and pages == 3


def test_a_dossier_received_between_two_pages_neither_repeats_nor_hides_a_row(city):
    with time_machine.travel(NOW, tick=False):
        d = receive(city)
        _closed(d, 5)
        client = token_client(city, "tiepnhan.hcc")
        first = client.get("/api/v1/dossiers?page_size=3").json()
        newer = receive(city)  # would push a row from page 1 onto page 2 with offsets
        rest, _ = _follow(client, first["next"])
    codes = [x["code"] for x in first["results"]] + rest
    assert newer.code not in codes and len(codes) == len(set(codes)) == 6


def test_page_numbers_still_answer_for_existing_clients(city):
    with time_machine.travel(NOW, tick=False):
        d = receive(city)
        _closed(d, 6)
        client = token_client(city, "tiepnhan.hcc")
        second = client.get("/api/v1/dossiers?page_size=3&page=2").json()
        by_key = client.get("/api/v1/dossiers?page_size=3").json()["next"]
        assert [x["code"] for x in second["results"]] == [x["code"] for x in client.get(by_key).json()["results"]]
        assert "page=1" in second["previous"]


def test_the_count_stops_at_the_cap_and_says_so(city, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 4)
    with time_machine.travel(NOW, tick=False):
        d = receive(city)
        _closed(d, 6)
        body = token_client(city, "tiepnhan.hcc").get("/api/v1/dossiers?page_size=2").json()
    assert body["count"] == 4 and body["count_capped"] is True and len(body["results"]) == 2


def test_a_key_that_is_not_an_id_is_a_400_problem(city):
    with time_machine.travel(NOW, tick=False):
        receive(city)
        r = token_client(city, "tiepnhan.hcc").get("/api/v1/dossiers?after=abc")
    assert r.status_code == 400 and r["Content-Type"] == "application/problem+json"
