"""The filer says, once and after the answer, whether the handling satisfied them."""
import pytest

from motcua.audit.models import ChangeEvent
from motcua.common.errors import Conflict, ValidationFailed
from motcua.feedback import services
from motcua.feedback.models import Feedback

from .conftest import DESK_OFFICER, file_one


def test_no_rating_before_the_answer(city):
    f = file_one()
    with pytest.raises(Conflict, match="chưa được trả lời"):
        services.rate_feedback(f.code, "satisfied")
    assert Feedback.objects.get().satisfaction == ""


def test_rated_once_and_journaled(city):
    f = file_one()
    services.answer_feedback(city[DESK_OFFICER], f.code, "Trả lời.", publish=False)
    services.rate_feedback(f.code, "late")
    with pytest.raises(Conflict, match="đã đánh giá"):
        services.rate_feedback(f.code, "satisfied")
    assert Feedback.objects.get().satisfaction == "late"
    assert ChangeEvent.objects.filter(app_label="feedback", action="rate").get().changes == {"satisfaction": [None, "late"]}


def test_an_unknown_level_is_refused(city):
    f = file_one()
    services.answer_feedback(city[DESK_OFFICER], f.code, "Trả lời.", publish=False)
    with pytest.raises(ValidationFailed, match="Vui lòng chọn mức độ hài lòng."):
        services.rate_feedback(f.code, "tuyet-voi")


def test_the_tracking_page_asks_and_records_it(client, city):
    f = file_one()
    services.answer_feedback(city[DESK_OFFICER], f.code, "Trả lời.", publish=False)
    page = client.get(f"/phan-anh/theo-doi/{f.code}/").content.decode()
    assert "Bạn có hài lòng với việc xử lý phản ánh, kiến nghị này không?" in page
    r = client.post(f"/phan-anh/theo-doi/{f.code}/", {"satisfaction": "satisfied"}, follow=True)
    assert "Bạn đã đánh giá" in r.content.decode()
    again = client.post(f"/phan-anh/theo-doi/{f.code}/", {"satisfaction": "not_satisfied"})
    assert again.status_code == 400 and "Bạn đã đánh giá việc xử lý" in again.content.decode()
    assert Feedback.objects.get().satisfaction == "satisfied"
