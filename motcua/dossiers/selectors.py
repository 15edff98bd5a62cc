"""Reads of dossiers for the officers' web: worklists per unit, and one dossier with everything its page shows.

Every query starts from the permission gate (`permissions.visible_dossiers`); nothing here reads
access-controlled rows from `Dossier.objects` directly.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import BooleanField, Count, F, Func, Q, QuerySet
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from motcua.common.errors import NotFound
from motcua.workdays import engine

from . import deadlines
from .models import ACTION_LABELS, OPEN_STATUSES, Dossier, Status
from .permissions import find_dossier, past_dossiers_q, visible_dossiers, working_dossiers

S = Status
# Where the clock runs and a unit works on the dossier (domain.md §4).
OPEN_PROCESSING = (S.RECEIVED, S.IN_PROGRESS, S.CONSULTING)
# "Sắp đến hạn": due within this many working days of the officer's unit calendar (product rule).
DUE_SOON_WORKING_DAYS = 2


@dataclass(frozen=True)
class Tab:
    slug: str
    label: str
    hint: str


TABS = (
    Tab("cho-tiep-nhan", _("Chờ tiếp nhận"), _("Hồ sơ nộp trực tuyến hoặc qua bưu chính, chờ kiểm tra tại đơn vị")),
    Tab("dang-xu-ly", _("Đang xử lý"), _("Hồ sơ đơn vị đang giữ hoặc được giao cho tôi")),
    Tab("sap-den-han", _("Sắp đến hạn"), lazy(lambda: gettext("Đến hạn trong %(days)s ngày làm việc tới") % {
        "days": DUE_SOON_WORKING_DAYS}, str)()),
    Tab("qua-han", _("Quá hạn"), _("Đã quá hạn giải quyết mà chưa có kết quả")),
    Tab("cho-bo-sung", _("Chờ bổ sung"), _("Đang tạm dừng, chờ người nộp bổ sung")),
    Tab(
        "cho-tra-ket-qua", _("Chờ trả kết quả"),
        _("Kết quả đã về bộ phận một cửa: nhận kết quả (số, ngày, tệp) rồi trả cho người nộp"),
    ),
    Tab("da-xu-ly", _("Đã xử lý"), _("Hồ sơ đơn vị đã xử lý hoặc cho ý kiến, nay ở đơn vị khác hoặc đã kết thúc (chỉ xem)")),
)
TAB_SLUGS = tuple(t.slug for t in TABS)
# The tabs of work to do (the default tab is the first of them with something in it).
WORK_TAB_SLUGS = tuple(slug for slug in TAB_SLUGS if slug != "da-xu-ly")


def due_soon_limit(unit, now: datetime) -> datetime:
    """The instant DUE_SOON_WORKING_DAYS working days from `now` on the unit's calendar (working time,
    not wall clock: a Friday afternoon reaches into Tuesday)."""
    cal = deadlines.calendar_for(unit)
    start = deadlines.to_local(now)
    seconds = cal.budget_seconds(engine.TimeUnit.WORKING_DAYS, DUE_SOON_WORKING_DAYS, start) or 0
    return deadlines.from_local(cal.add(start, seconds))


def _tab_conditions(user, now: datetime) -> dict[str, Q]:
    unit_id = user.unit_id
    mine = Q(current_unit_id=unit_id) | Q(assignee_id=user.pk)
    processing = Q(status__in=OPEN_PROCESSING) & mine
    # The process is done and the result is back at this desk, waiting to be taken in (Dossier.result_at_desk).
    result_back = Q(status=S.IN_PROGRESS, process_completed_at__isnull=False, current_unit_id=unit_id)
    limit = due_soon_limit(user.unit, now)
    return {
        "cho-tiep-nhan": Q(status__in=[S.SUBMITTED, S.AWAITING_PAYMENT], reception_unit_id=unit_id),
        "dang-xu-ly": processing & ~result_back,
        "sap-den-han": processing & Q(due_at__gte=now, due_at__lte=limit),
        "qua-han": processing & Q(due_at__lt=now),
        "cho-bo-sung": Q(status=S.AWAITING_SUPPLEMENT) & (Q(reception_unit_id=unit_id) | mine),
        "cho-tra-ket-qua": Q(status=S.RESOLVED, reception_unit_id=unit_id) | result_back,
        # What the unit worked on and passed on: read only, the newest first (issue 8 item 3).
        "da-xu-ly": past_dossiers_q(unit_id) & ~Q(current_unit_id=unit_id),
    }


class _InLiterals(Func):
    """`column IN ('a', 'b')` with the values written into the SQL, not bound: SQLite uses a partial index
    only when the query repeats the index's condition as it stands, and a bound parameter is not that
    (PostgreSQL proves it either way). Only for the model's own constants, never for input."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str, values: tuple[str, ...]):
        super().__init__(F(field))
        self.values = values

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        literals = ", ".join("'{}'".format(v.replace("'", "''")) for v in self.values)
        return f"{column} IN ({literals})", params


def open_dossiers_q() -> Q:
    """Open dossiers (models.OPEN_STATUSES), in the very form of the partial indexes' condition."""
    return Q(_InLiterals("status", tuple(str(v) for v in OPEN_STATUSES)))


def _open_work(user) -> QuerySet[Dossier]:
    """The open dossiers at the user's place (received or held by the unit, or assigned to the user), behind
    the permission gate tested row by row: what every work tab reads, served by the partial indexes."""
    unit_id = user.unit_id
    return (
        visible_dossiers(user, rowwise=True)
        .filter(open_dossiers_q())
        .filter(Q(current_unit_id=unit_id) | Q(reception_unit_id=unit_id) | Q(assignee_id=user.pk))
    )


def worklist_counts(user, now: datetime | None = None) -> dict[str, int | None]:
    """The number of dossiers on each work tab, in one query over the unit's open dossiers only. The
    read-only history tab ("Đã xử lý") is not counted (None): it is every dossier the unit ever passed on,
    and counting it reads the unit's whole history at every visit (issue 10, decision 0028)."""
    now = now or timezone.now()
    conditions = _tab_conditions(user, now)
    row = _open_work(user).order_by().aggregate(
        **{slug.replace("-", "_"): Count("pk", filter=conditions[slug]) for slug in WORK_TAB_SLUGS}
    )
    counts: dict[str, int | None] = {slug: row[slug.replace("-", "_")] for slug in WORK_TAB_SLUGS}
    counts["da-xu-ly"] = None
    return {slug: counts[slug] for slug in TAB_SLUGS}


def _order_of(tab: str) -> str:
    if tab == "da-xu-ly":
        return "-id"  # what the unit worked on and passed on: the newest first
    if tab in ("cho-tiep-nhan", "cho-tra-ket-qua"):
        return "id"  # first come, first served
    return "due"  # the most urgent first: due instant (none last), then id


def _tab_queryset(user, tab: str, cond: Q) -> QuerySet[Dossier]:
    if tab == "da-xu-ly":
        # Driven by the unit's own holdings and opinions (IN): a desk whose dossiers mostly end at the
        # desk itself has few rows here, and testing every dossier row by row would read the whole table.
        return visible_dossiers(user).filter(cond)
    return _open_work(user).filter(cond)


def worklist(user, tab: str, now: datetime | None = None) -> QuerySet[Dossier]:
    """The dossiers of one tab, most urgent first, with what a row shows (no query per row)."""
    now = now or timezone.now()
    order = {
        "-id": ["-id"], "id": ["id"], "due": [F("due_at").asc(nulls_last=True), "id"],
    }[_order_of(tab)]
    return (
        _tab_queryset(user, tab, _tab_conditions(user, now)[tab])
        .select_related("procedure", "procedure_version", "current_unit", "reception_unit", "assignee", "current_step")
        .defer(*WORKLIST_UNREAD)
        .order_by(*order)
    )


# What a worklist row never shows, left in the database: the procedure's long texts and lists (each row
# would carry them, and decode their JSON, for its procedure's name) and the dossier's form and checklist.
WORKLIST_UNREAD = (
    "form_data", "checklist",
    *(f"procedure_version__{name}" for name in (
        "received_at", "result", "legal_basis", "conditions", "steps_text", "partial_online_reason",
        "lienthong_units", "lienthong_note", "note", "search_text",
    )),
)


# -- keyset pages --------------------------------------------------------------------------------------
# A page starts after the last row of the one before (its key in `after`), never at an offset: page 500
# costs what page 1 does, and a dossier moving between two requests is neither shown twice nor skipped
# for those that stay (decision 0028). The key always ends with the id, so ties of the due instant are
# broken the same way every time.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class BadCursor(ValueError):
    """The `after` key does not come from a page of this list."""


def cursor_of(d: Dossier, order: str) -> str:
    if order != "due":
        return str(d.pk)
    due = "" if d.due_at is None else str((d.due_at - _EPOCH) // timedelta(microseconds=1))
    return f"{due}_{d.pk}"


def after_q(cursor: str, order: str) -> Q:
    """The rows after `cursor` in `order` ("id", "-id" or "due": due instant ascending, none last, then id)."""
    try:
        if order == "id":
            return Q(pk__gt=int(cursor))
        if order == "-id":
            return Q(pk__lt=int(cursor))
        due_text, _, pk_text = cursor.partition("_")
        pk = int(pk_text)
        if due_text == "":
            return Q(due_at__isnull=True, pk__gt=pk)
        due = _EPOCH + timedelta(microseconds=int(due_text))
    except (ValueError, OverflowError):
        raise BadCursor(cursor) from None
    return Q(due_at__gt=due) | Q(due_at=due, pk__gt=pk) | Q(due_at__isnull=True)


@dataclass(frozen=True)
class Page:
    rows: list
    next: str | None  # the key to ask for the page after this one; None on the last page


def keyset_page(qs: QuerySet, order: str, after: str | None, size: int) -> Page:
    """One page of `qs` (already ordered by `order`) after `after`: size + 1 rows are read to know whether
    another page follows, never a count."""
    if after:
        qs = qs.filter(after_q(after, order))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, cursor_of(rows[-1], order) if more else None)


def worklist_page(user, tab: str, now: datetime | None = None, after: str | None = None, size: int = 200) -> Page:
    """One page of a tab of the worklist (BadCursor for a key that is not one of ours)."""
    return keyset_page(worklist(user, tab, now), _order_of(tab), after, size)


# -- remaining working time ----------------------------------------------------------------------------
def is_paused(dossier: Dossier) -> bool:
    ledger = dossier.deadline_ledger or []
    return bool(ledger) and ledger[-1].get("kind") == "pause"


def remaining_seconds(dossier: Dossier, now: datetime | None = None, calendar=None) -> int | None:
    """Working seconds left before the due instant (negative when overdue); while paused, what was left
    when the clock stopped. None without a due instant or once the dossier has a result."""
    if dossier.due_at is None or dossier.status not in deadlines.OPEN_STATES:
        return None
    cal = calendar or deadlines.calendar_for(dossier.reception_unit)
    at = now or timezone.now()
    if is_paused(dossier):
        at = datetime.fromisoformat(dossier.deadline_ledger[-1]["at"])
    return cal.working_seconds_between(deadlines.to_local(at), deadlines.to_local(dossier.due_at))


def format_working_time(seconds: int, day_seconds: int = 8 * 3600) -> str:
    """28800·2 + 3·3600 → "2 ngày 3 giờ làm việc" (a working day is the unit's daily working time)."""
    seconds = abs(int(seconds))
    days, rest = divmod(seconds, day_seconds)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(ngettext("%(n)s ngày", "%(n)s ngày", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)s giờ", "%(n)s giờ", hours) % {"n": hours})
    if minutes and not days:
        parts.append(ngettext("%(n)s phút", "%(n)s phút", minutes) % {"n": minutes})
    return gettext("%(time)s làm việc") % {"time": " ".join(parts) or ngettext("%(n)s phút", "%(n)s phút", 0) % {"n": 0}}


def remaining_text(seconds: int | None, paused: bool = False) -> str:
    if seconds is None:
        return ""
    if seconds < 0:
        return gettext("quá hạn %(time)s") % {"time": format_working_time(seconds)}
    text = gettext("còn %(time)s") % {"time": format_working_time(seconds)}
    return gettext("%(text)s (đang tạm dừng)") % {"text": text} if paused else text


def annotate_remaining(dossiers, user, now: datetime | None = None) -> list[Dossier]:
    """Give each dossier of a list `remaining` and `remaining_text` by the officer's unit calendar
    (pure arithmetic: no query per row)."""
    now = now or timezone.now()
    cal = deadlines.calendar_for(user.unit)
    out = []
    for d in dossiers:
        d.remaining = remaining_seconds(d, now, cal)
        d.paused = is_paused(d)
        d.remaining_text = remaining_text(d.remaining, d.paused)
        d.is_overdue = d.remaining is not None and d.remaining < 0
        out.append(d)
    return out


# -- one dossier -----------------------------------------------------------------------------------------
def dossier_page(user, code: str) -> Dossier:
    """The dossier behind the permission gate (NotFound otherwise), with its related rows loaded."""
    return find_dossier(
        visible_dossiers(user, rowwise=True)
        .select_related(
            "procedure", "procedure_version", "procedure_version__implementing_unit", "current_unit",
            "reception_unit", "current_step", "assignee", "variant",
        )
        .prefetch_related("procedure_version__documents", "procedure_version__steps"),
        code,
    )


def in_work_of(user, dossier: Dossier) -> bool:
    """The dossier is in the user's work (not only seen, read only, through the unit's past work)."""
    return working_dossiers(user).filter(pk=dossier.pk).exists()


def timeline(dossier: Dossier):
    return dossier.events.select_related("actor", "from_unit", "to_unit", "to_user").order_by("id")


def holdings(dossier: Dossier):
    return dossier.holdings.select_related("unit").order_by("id")


@dataclass(frozen=True)
class TimeRules:
    """The time rules of Decree 61/2018 a dossier page and the API show beside its due instant."""

    handover_due: datetime | None  # art. 18(2)–(3): the desk hands the dossier over by then
    handover_at: datetime | None  # when it left the desk (None while it is there)
    handover_on_time: bool | None
    supplement_request_due: datetime | None  # art. 19(4): ask for a supplement by then (None once asked)
    supplement_request_overdue: bool
    apology_due: datetime | None  # art. 19(9): Mẫu 04 by then (None once given or when not applicable)
    clock: list[str]  # the ledger in Vietnamese sentences (start, pauses, restart or continue)


def time_rules(dossier: Dossier, now: datetime | None = None) -> TimeRules:
    now = now or timezone.now()
    handover_due = handover_at = on_time = None
    if dossier.received_at is not None and deadlines.hands_over(dossier):
        first = dossier.holdings.order_by("id").first()
        if first is not None and first.unit_id == dossier.reception_unit_id and first.due_at is not None:
            handover_due, handover_at = first.due_at, first.ended_at
            on_time = None if first.ended_at is None else first.ended_at <= first.due_at
    request_due = deadlines.supplement_request_due(dossier)
    open_for_apology = dossier.status in OPEN_PROCESSING and dossier.new_appointment_at is None
    return TimeRules(
        handover_due=handover_due, handover_at=handover_at, handover_on_time=on_time,
        supplement_request_due=request_due,
        supplement_request_overdue=request_due is not None and now > request_due,
        apology_due=deadlines.apology_due(dossier) if open_for_apology else None,
        clock=deadlines.explain_clock(dossier),
    )


def attachments_of(dossier: Dossier):
    return dossier.attachments.select_related("document", "uploaded_by", "event").order_by("id")


def result_files(dossier: Dossier):
    """The files of the result (the permit, certificate or written answer): those taken in with `resolve`."""
    return dossier.attachments.filter(event__action="resolve").order_by("id")


def returned_online(dossier: Dossier) -> bool:
    """The result was returned online: its applicant downloads it (Decree 45/2020)."""
    if dossier.status != S.RETURNED:
        return False
    last = dossier.events.filter(action="return_result").order_by("-id").first()
    return last is not None and (last.data or {}).get("method") == "online"


def step_rows(dossier: Dossier, budgets) -> list[dict]:
    """Each step of the internal process with its state for people: done, in progress or to come.
    Once the result is returned (or the dossier otherwise closed) no step is in progress any more."""
    from .models import FINAL_STATUSES

    current = dossier.current_step
    closed = dossier.status in FINAL_STATUSES
    all_done = dossier.status == S.RETURNED or (dossier.process_completed_at is not None and current is None)
    rows = []
    for step, seconds, due in budgets:
        is_current = not closed and current is not None and step.pk == current.pk
        done = all_done or (current is not None and step.order < current.order)
        rows.append({"step": step, "hours": round(seconds / 3600, 1), "due": due, "current": is_current,
                     "done": done and not is_current})
    return rows


# -- the citizens' web ---------------------------------------------------------------------------------
# What the applicant reads of each step: the officers' internal notes (assignments, opinions) stay inside.
PUBLIC_NOTES = {"request_supplement", "refuse", "stop", "apologize", "withdraw", "return_result"}


def citizen_dossiers(user) -> QuerySet[Dossier]:
    """The dossiers a citizen submitted online (drafts included), the newest first."""
    return (
        visible_dossiers(user)
        .select_related("procedure_version", "reception_unit", "current_unit")
        .order_by("-created_at", "-id")
    )


def citizen_dossier(user, pk) -> Dossier:
    """One of the citizen's dossiers by its id (drafts have no code yet); NotFound for anyone else's."""
    found = citizen_dossiers(user).select_related("current_step").filter(pk=pk).first()
    if found is None:
        raise NotFound(gettext("Không tìm thấy hồ sơ."))
    return found


def citizen_timeline(dossier: Dossier) -> list[dict]:
    """The dossier's history as its applicant sees it: each step, the unit and status it led to, and only
    the notes meant for the applicant (what to supplement, why refused, stopped, late…)."""
    labels = dict(Status.choices)
    return [
        {
            "at": e.at, "label": ACTION_LABELS.get(e.action, e.action), "status": labels.get(e.to_status, e.to_status),
            "unit": e.to_unit.name if e.to_unit else "", "note": e.note if e.action in PUBLIC_NOTES else "",
            "missing": (e.data or {}).get("missing") if e.action == "request_supplement" else None,
            "amount": (e.data or {}).get("amount") if e.action == "request_payment" else None,
            "reference": (e.data or {}).get("reference") if e.action == "pay" else None,
        }
        for e in timeline(dossier)
    ]


def form_data_rows(d: Dossier, *, vietnamese: bool = False) -> list[dict]:
    """The dossier's procedure-specific information as people read it, in the order its version declares
    the fields ([{key, label, value}]; labels in the page's language, or Vietnamese for printed forms).
    Decision 0045."""
    from motcua.catalog.intake import display_rows

    if not d.form_data:
        return []
    return display_rows(d.procedure_version.intake_fields.all(), d.form_data, vietnamese=vietnamese)
