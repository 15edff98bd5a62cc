"""Worklists per unit: tab counts, what each tab holds, who sees what, working-time "due soon", no N+1."""
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import selectors

from .conftest import BIRTH, BUILDING_PERMIT, MARITAL, act, local, receive


def _codes(response):
    return [d.code for d in response.context["dossiers"]]


def _counts(response):
    return {t.slug: n for t, n in response.context["tabs"]}


def test_city_dossier_moves_between_the_units_worklists(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
        desk = client_as("tiepnhan.hcc").get("/can-bo/?tab=dang-xu-ly")
        assert _codes(desk) == [d.code]
        assert _counts(desk) == {
            "cho-tiep-nhan": 0, "dang-xu-ly": 1, "sap-den-han": 0, "qua-han": 0, "cho-bo-sung": 0, "cho-tra-ket-qua": 0,
            "da-xu-ly": None,
        }
        d = act(city, d, "tiepnhan.hcc", "transfer")
        head = client_as("truongphong.qldt").get("/can-bo/?tab=dang-xu-ly")
        assert _codes(head) == [d.code]
        assert _counts(client_as("tiepnhan.hcc").get("/can-bo/"))["dang-xu-ly"] == 0


def test_officer_of_cam_trung_does_not_see_city_dossiers(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        city_dossier = receive(city)
        ward_dossier = receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC")
        client = client_as("tiepnhan.camtrung")
        r = client.get("/can-bo/?tab=dang-xu-ly")
        assert _codes(r) == [ward_dossier.code]
        # the same-day birth registration is also due soon; the city's permit is counted nowhere
        assert _counts(r) == {
            "cho-tiep-nhan": 0, "dang-xu-ly": 1, "sap-den-han": 1, "qua-han": 0, "cho-bo-sung": 0, "cho-tra-ket-qua": 0,
            "da-xu-ly": None,
        }
        assert client.get(f"/can-bo/ho-so/{city_dossier.code}/").status_code == 404
        assert client.get(f"/can-bo/ho-so/{ward_dossier.code}/").status_code == 200
        other_ward = client_as("tiepnhan.mongduong")
        assert other_ward.get(f"/can-bo/ho-so/{ward_dossier.code}/").status_code == 404


def test_due_soon_counts_working_time_over_a_weekend(city, client_as):
    # Received Thursday 09:00, 3 working days → due Tuesday 09:00. On Friday 16:00 only 10.5 working hours
    # are left (< 2 working days) although almost 4 calendar days remain.
    with time_machine.travel(local(2024, 11, 22, 16, 0), tick=False):
        d = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 21, 9, 0))
        assert d.due_at == local(2024, 11, 26, 9, 0)
        r = client_as("tiepnhan.camtrung").get("/can-bo/?tab=sap-den-han")
        assert _codes(r) == [d.code]
        assert r.context["dossiers"][0].remaining_text == "còn 1 ngày 2 giờ làm việc"


def test_not_due_soon_with_more_than_two_working_days_left(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 10, 0), tick=False):
        receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))  # due Thu 09:00
        assert _counts(client_as("tiepnhan.camtrung").get("/can-bo/"))["sap-den-han"] == 0


def test_overdue_tab(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC")
    with time_machine.travel(local(2024, 12, 2, 9, 0), tick=False):
        r = client_as("tiepnhan.camtrung").get("/can-bo/?tab=qua-han")
        assert _codes(r) == [d.code]
        assert _counts(r)["qua-han"] == 1 and _counts(r)["sap-den-han"] == 0
        assert r.context["dossiers"][0].remaining_text.startswith("quá hạn 2 ngày")
        assert "row-overdue" in r.content.decode()


def test_awaiting_supplement_and_results_to_return(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        waiting = receive(city)
        waiting = act(city, waiting, "tiepnhan.hcc", "transfer")
        waiting = act(city, waiting, "chuyenvien.qldt", "request_supplement", note="Thiếu bản vẽ mặt bằng")
        done = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC")
        done = act(city, done, "tiepnhan.camtrung", "transfer")
        done = act(city, done, "lanhdao.camtrung", "approve")
        done = act(city, done, "tiepnhan.camtrung", "resolve")
        hcc = client_as("tiepnhan.hcc").get("/can-bo/?tab=cho-bo-sung")
        assert _codes(hcc) == [waiting.code]
        assert _codes(client_as("chuyenvien.qldt").get("/can-bo/?tab=cho-bo-sung")) == [waiting.code]
        ward = client_as("tiepnhan.camtrung").get("/can-bo/?tab=cho-tra-ket-qua")
        assert _codes(ward) == [done.code]
        assert _counts(ward)["dang-xu-ly"] == 0


def test_online_submission_waits_at_the_reception_unit(city, client_as):
    from motcua.dossiers import services

    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = services.receive_dossier(
            actor=city["congdan.demo"], procedure_code=BIRTH, unit_code="CP-CTR-MC", channel="online",
            applicant={"name": "Nguyễn Văn An"},
        ).dossier
        r = client_as("tiepnhan.camtrung").get("/can-bo/?tab=cho-tiep-nhan")
        assert [x.pk for x in r.context["dossiers"]] == [d.pk]
        assert _counts(client_as("tiepnhan.hcc").get("/can-bo/"))["cho-tiep-nhan"] == 0


def test_htmx_tab_returns_the_fragment_only(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
        r = client_as("tiepnhan.hcc").get("/can-bo/?tab=dang-xu-ly", HTTP_HX_REQUEST="true")
        body = r.content.decode()
        assert r.status_code == 200
        assert body.lstrip().startswith('<div id="worklist"') and "<html" not in body
        assert d.code in body and 'data-count="dang-xu-ly">1<' in body


def test_default_tab_is_the_first_with_dossiers(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        receive(city)
        assert client_as("tiepnhan.hcc").get("/can-bo/").context["tab"].slug == "dang-xu-ly"


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_worklist_queries_do_not_grow_with_the_number_of_dossiers(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        client = client_as("tiepnhan.hcc")
        receive(city)
        client.get("/can-bo/?tab=dang-xu-ly")  # warm: the site's name is read once a minute (context_processors)
        one = _queries(client, "/can-bo/?tab=dang-xu-ly")
        for _ in range(7):
            d = receive(city)
        act(city, d, "tiepnhan.hcc", "transfer")
        many = _queries(client, "/can-bo/?tab=dang-xu-ly")
        assert len(client.get("/can-bo/?tab=dang-xu-ly").context["dossiers"]) == 7
        assert many == one
        assert many <= 10  # session, user, unit lineage for the calendar, counts (1), list (1)


def test_counts_are_one_query_plus_the_calendar_freshness_check(city, django_assert_num_queries):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        for _ in range(3):
            receive(city)
        user = city["tiepnhan.hcc"]
        selectors.due_soon_limit(user.unit, local(2024, 11, 25, 9, 0))  # warm the unit's lineage
        # One query for the six work tabs (over open dossiers; the history tab is not counted, decision
        # 0028), and one for the calendar cache's freshness token (so that an admin's calendar edit in
        # another process is seen at once).
        with django_assert_num_queries(2):
            counts = selectors.worklist_counts(user)
        assert counts["dang-xu-ly"] == 3


def test_procedure_name_and_applicant_in_rows(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        receive(city, procedure=BUILDING_PERMIT)
        body = client_as("tiepnhan.hcc").get("/can-bo/?tab=dang-xu-ly").content.decode()
        assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in body
        assert "Trần Thị Bình" in body and "còn 15 ngày làm việc" in body
