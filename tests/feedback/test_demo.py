"""Demo data: a few feedback items in every state, filed through the services, once; the handled ones
count in the demo year's Decision 766 figures."""
from datetime import date

from motcua.audit.models import ChangeEvent
from motcua.feedback.demo import HANDLED, OPEN, load_demo_feedback
from motcua.feedback.models import Feedback
from motcua.feedback.selectors import decision766_counts
from motcua.units.models import Unit

from .conftest import local


def test_demo_feedback_covers_every_state_and_loads_once(city):
    now = local(2026, 12, 2, 10)
    assert load_demo_feedback(now) == len(HANDLED) + len(OPEN) == 5
    assert load_demo_feedback(now) == 0
    assert Feedback.objects.filter(status="answered", is_published=True).count() == 2
    late = Feedback.objects.get(subject="Hồ sơ cấp giấy phép xây dựng trễ hẹn")
    assert late.answered_on_time is False and late.satisfaction == "late" and not late.is_published
    open_ = Feedback.objects.filter(status="received").order_by("received_at")
    assert [(f.unit.code, f.received_at.date()) for f in open_] == [
        ("CP-MD-MC", date(2026, 11, 7)), ("CP-CTR-MC", date(2026, 11, 29)),
    ]
    assert ChangeEvent.objects.filter(app_label="feedback", action="answer").count() == 3
    december = decision766_counts(Unit.objects.get(code="CP"), local(2018, 12, 1), local(2019, 1, 1))
    assert december == {"feedback_handled": 3, "feedback_in_time": 2, "feedback_satisfied": 2}
