"""Reads of feedback: the officers' list with due instants, the public list, the filer's tracking page,
and the two Decision 766/QĐ-TTg counts the statistics report."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.common.errors import NotFound
from motcua.units.models import Unit

from .models import Feedback, FeedbackStatus, Satisfaction
from .services import normalise_code

DUE_SOON_SECONDS = 2 * 24 * 3600


@dataclass(frozen=True)
class Row:
    feedback: Feedback
    overdue: bool
    due_soon: bool
    on_time: bool | None  # answered: on or before the due instant


def for_officer(user, *, status: str | None = None, now: datetime | None = None) -> list[Row]:
    """Feedback addressed to the officer's unit and the units under it, the open ones by due instant
    first, then the answered ones (latest first)."""
    now = now or timezone.now()
    qs: QuerySet[Feedback] = Feedback.objects.select_related("unit", "dossier")
    if not user.is_superuser:
        if user.unit is None:
            return []
        qs = qs.filter(unit__path__startswith=user.unit.path)
    if status in FeedbackStatus.values:
        qs = qs.filter(status=status)
    open_rows = qs.filter(status=FeedbackStatus.RECEIVED).order_by("due_at", "id")
    done_rows = qs.filter(status=FeedbackStatus.ANSWERED).order_by("-answered_at", "-id")[:200]
    rows = [Row(f, f.due_at < now, now <= f.due_at < now + timedelta(seconds=DUE_SOON_SECONDS), None)
            for f in open_rows]
    rows += [Row(f, False, False, f.answered_on_time) for f in done_rows]
    return rows


def for_officer_one(user, code: str) -> Feedback:
    from .services import may_handle

    feedback = Feedback.objects.select_related("unit", "dossier", "answered_by").filter(code=normalise_code(code)).first()
    if feedback is None or not may_handle(user, feedback):
        raise NotFound(_("Không tìm thấy phản ánh, kiến nghị có mã này trong đơn vị của bạn."))
    return feedback


def public_list(unit_code: str | None = None) -> QuerySet[Feedback]:
    """Answered and published feedback, newest answer first (no contact detail is ever shown)."""
    qs = Feedback.objects.select_related("unit").filter(status=FeedbackStatus.ANSWERED, is_published=True)
    if unit_code:
        qs = qs.filter(unit__code=unit_code)
    return qs.order_by("-answered_at", "-id")


def public_one(pk: int) -> Feedback:
    feedback = public_list().filter(pk=pk).first()
    if feedback is None:
        raise NotFound(_("Không có phản ánh, kiến nghị công khai này."))
    return feedback


def by_tracking_code(code: str) -> Feedback:
    feedback = Feedback.objects.select_related("unit", "dossier").filter(code=normalise_code(code)).first()
    if feedback is None:
        raise NotFound(_("Không tìm thấy phản ánh, kiến nghị có mã theo dõi này. Vui lòng kiểm tra lại mã."))
    return feedback


def decision766_counts(unit: Unit, start: datetime, end: datetime) -> dict[str, int]:
    """Feedback to `unit` and its subtree answered in [start, end) — the handled feedback of the period;
    of those, answered on or before the due instant, and not rated unsatisfied (Decision 766/QĐ-TTg, group
    5: "(tổng số − không hài lòng hoặc phản ánh về xử lý chậm) / tổng số"). One aggregate query."""
    bad = [Satisfaction.NOT_SATISFIED, Satisfaction.LATE]
    counts = Feedback.objects.filter(
        unit__path__startswith=unit.path, status=FeedbackStatus.ANSWERED, answered_at__gte=start, answered_at__lt=end
    ).aggregate(
        handled=Count("pk"),
        in_time=Count("pk", filter=Q(answered_at__lte=F("due_at"))),
        unsatisfied=Count("pk", filter=Q(satisfaction__in=bad)),
    )
    handled = counts["handled"] or 0
    return {
        "feedback_handled": handled,
        "feedback_in_time": counts["in_time"] or 0,
        "feedback_satisfied": handled - (counts["unsatisfied"] or 0),
    }
