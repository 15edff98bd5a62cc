"""The officers' list: the feedback of their unit and the units under it, the open ones by due instant
(computed in working time) with overdue and due-soon marks; officers only."""
import time_machine

from motcua.feedback import selectors, services

from .conftest import DESK_OFFICER, OTHER_DESK_OFFICER, WARD_OFFICER, file_one, local


def test_open_feedback_by_due_instant_with_overdue_and_due_soon(city):
    late = file_one(at=local(2024, 11, 1, 9), subject="Cũ")
    soon = file_one(at=local(2024, 11, 20, 9), subject="Sắp đến hạn")  # due 04/12 09:00
    fresh = file_one(at=local(2024, 12, 2, 9), subject="Mới")
    answered = file_one(at=local(2024, 11, 25, 9), subject="Đã trả lời")
    services.answer_feedback(city[DESK_OFFICER], answered.code, "Xong.", publish=False, at=local(2024, 11, 26, 9))
    file_one(unit="CP-MD-MC", subject="Phường khác")
    rows = selectors.for_officer(city[DESK_OFFICER], now=local(2024, 12, 3, 9))
    assert [r.feedback.code for r in rows] == [late.code, soon.code, fresh.code, answered.code]
    assert [(r.overdue, r.due_soon) for r in rows[:3]] == [(True, False), (False, True), (False, False)]
    assert rows[3].on_time is True


def test_a_unit_above_sees_its_subtree_and_others_see_nothing_of_it(city):
    f = file_one()
    assert [r.feedback.code for r in selectors.for_officer(city[WARD_OFFICER])] == [f.code]
    assert selectors.for_officer(city[OTHER_DESK_OFFICER]) == []


def test_the_page_lists_them_for_officers_only(client, city):
    with time_machine.travel(local(2024, 12, 20, 9), tick=False):
        f = file_one(at=local(2024, 12, 2, 9))
        client.force_login(city[DESK_OFFICER])
        page = client.get("/can-bo/phan-anh/")
        body = page.content.decode()
        assert page.status_code == 200 and f.code in body and "Quá hạn" in body and "16/12/2024" in body
    client.force_login(city["congdan.demo"])
    assert client.get("/can-bo/phan-anh/").status_code == 403


def test_the_list_costs_the_same_few_queries_for_many_items(client, city, django_assert_max_num_queries):
    for i in range(12):
        f = file_one(at=local(2024, 12, 2, 9), subject=f"Phản ánh {i}")
        if i % 2:
            services.answer_feedback(city[DESK_OFFICER], f.code, "Xong.", publish=bool(i % 3))
    client.force_login(city[DESK_OFFICER])
    with django_assert_max_num_queries(8):
        page = client.get("/can-bo/phan-anh/")
    assert page.content.decode().count("/can-bo/phan-anh/PA-") == 12
