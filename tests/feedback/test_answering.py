"""Officers of the concerned unit (or of a unit above it) answer once, choosing whether to publish;
publication can change later; every change is journaled; others are refused and nothing changes."""
import pytest

from motcua.audit.models import ChangeEvent
from motcua.common.errors import Conflict, NotAllowed, ValidationFailed
from motcua.feedback import services
from motcua.feedback.models import Feedback, FeedbackStatus

from .conftest import CITY_LEADER, DESK_OFFICER, OTHER_DESK_OFFICER, WARD_OFFICER, file_one, local


def test_an_officer_of_the_unit_answers_on_time_and_it_is_journaled(city):
    f = file_one(at=local(2024, 12, 2, 9))
    services.answer_feedback(city[DESK_OFFICER], f.code, "Hồ sơ đã có kết quả, mời ông/bà đến nhận.",
                             publish=True, at=local(2024, 12, 5, 10))
    f.refresh_from_db()
    assert (f.status, f.answered_by, f.answered_at, f.is_published) == (
        FeedbackStatus.ANSWERED, city[DESK_OFFICER], local(2024, 12, 5, 10), True
    )
    assert f.answered_on_time is True
    event = ChangeEvent.objects.filter(app_label="feedback", object_id=str(f.pk)).order_by("id").last()
    assert event.action == "answer" and event.actor == city[DESK_OFFICER]
    assert event.changes["on_time"] == [None, True] and event.changes["is_published"] == [False, True]


def test_an_answer_after_the_due_instant_is_late(city):
    f = file_one(at=local(2024, 12, 2, 9))
    services.answer_feedback(city[DESK_OFFICER], f.code, "Xin lỗi vì trả lời chậm.", publish=False,
                             at=local(2024, 12, 16, 9, 1))
    f.refresh_from_db()
    assert f.answered_on_time is False and f.is_published is False


def test_an_officer_of_a_unit_above_may_answer(city):
    f = file_one()
    services.answer_feedback(city[WARD_OFFICER], f.code, "Đã chỉ đạo bộ phận một cửa.", publish=False)
    services.set_published(city[CITY_LEADER], f.code, True)
    assert Feedback.objects.get().is_published is True


def test_an_officer_of_another_unit_is_refused_and_nothing_changes(city):
    f = file_one()
    before = ChangeEvent.objects.count()
    with pytest.raises(NotAllowed) as refused:
        services.answer_feedback(city[OTHER_DESK_OFFICER], f.code, "Trả lời", publish=True)
    assert "không trả lời được" in refused.value.detail
    f.refresh_from_db()
    assert f.status == FeedbackStatus.RECEIVED and f.answer == "" and ChangeEvent.objects.count() == before


def test_a_citizen_cannot_answer(city):
    f = file_one()
    with pytest.raises(NotAllowed):
        services.answer_feedback(city["congdan.demo"], f.code, "Trả lời", publish=True)


def test_an_empty_answer_is_refused(city):
    f = file_one()
    with pytest.raises(ValidationFailed, match="Vui lòng nhập nội dung trả lời."):
        services.answer_feedback(city[DESK_OFFICER], f.code, "   ", publish=True)
    assert Feedback.objects.get().status == FeedbackStatus.RECEIVED


def test_an_answer_is_given_once(city):
    f = file_one()
    services.answer_feedback(city[DESK_OFFICER], f.code, "Lần đầu.", publish=False)
    with pytest.raises(Conflict, match="đã được trả lời"):
        services.answer_feedback(city[DESK_OFFICER], f.code, "Lần hai.", publish=True)
    assert Feedback.objects.get().answer == "Lần đầu."


def test_publication_changes_are_journaled_and_need_an_answer(city):
    f = file_one()
    with pytest.raises(Conflict, match="Chỉ công khai được"):
        services.set_published(city[DESK_OFFICER], f.code, True)
    services.answer_feedback(city[DESK_OFFICER], f.code, "Trả lời.", publish=False)
    services.set_published(city[DESK_OFFICER], f.code, True)
    services.set_published(city[DESK_OFFICER], f.code, False)
    actions = list(ChangeEvent.objects.filter(app_label="feedback").order_by("id").values_list("action", flat=True))
    assert actions == ["create", "answer", "publish", "unpublish"]


def test_the_officer_page_answers_and_publishes(client, city):
    f = file_one()
    client.force_login(city[DESK_OFFICER])
    r = client.post(f"/can-bo/phan-anh/{f.code}/", {"action": "answer", "answer": "Đã giải quyết.", "publish": "on"}, follow=True)
    assert "Đã trả lời phản ánh, kiến nghị." in r.content.decode()
    f.refresh_from_db()
    assert f.status == FeedbackStatus.ANSWERED and f.is_published


def test_the_officer_page_of_another_unit_is_not_found(client, city):
    f = file_one()
    client.force_login(city[OTHER_DESK_OFFICER])
    assert client.get(f"/can-bo/phan-anh/{f.code}/").status_code == 404
    assert client.post(f"/can-bo/phan-anh/{f.code}/", {"action": "answer", "answer": "x"}).status_code == 404
    assert Feedback.objects.get().status == FeedbackStatus.RECEIVED
