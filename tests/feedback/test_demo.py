"""Demo data: a few feedback items in every state, filed through the services, once."""
from motcua.audit.models import ChangeEvent
from motcua.feedback.demo import ITEMS, load_demo_feedback
from motcua.feedback.models import Feedback

from .conftest import local


def test_demo_feedback_covers_every_state_and_loads_once(city):
    now = local(2024, 12, 20, 10)
    assert load_demo_feedback(now) == len(ITEMS) == 5
    assert load_demo_feedback(now) == 0
    assert Feedback.objects.count() == 5
    assert Feedback.objects.filter(status="answered", is_published=True).count() == 2
    assert Feedback.objects.filter(status="received").count() == 2
    late = Feedback.objects.get(subject="Hồ sơ cấp giấy phép xây dựng trễ hẹn")
    assert late.answered_on_time is False and late.satisfaction == "late" and not late.is_published
    assert ChangeEvent.objects.filter(app_label="feedback", action="answer").count() == 3
