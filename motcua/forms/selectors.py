"""What the forms print, read from the dossier, its audit events (DossierEvent) and unit holdings."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext

from motcua.common.effective import deciding_instant
from motcua.dossiers import deadlines
from motcua.dossiers.models import Dossier, DossierEvent, Status, Timeliness, UnitHolding
from motcua.units.models import Unit
from motcua.units.selectors import subtree
from motcua.workdays import engine

from . import formatting as fmt
from . import regimes

TIMELINESS_LABELS = dict(Timeliness.choices)
# `hand_to_successor`: a dissolved unit's dossier passes to its successor (issue 12 item 3) — a row too.
HANDOVER_ACTIONS = ("transfer", "approve", "assign", "refuse", "return_result", "hand_to_successor")


@dataclass(frozen=True)
class HandOver:
    """A row of the control sheet (Mẫu 05 of 2018, Mẫu 06 of 2025): who gave the dossier to whom, when, and was it in time."""

    giver_unit: str
    giver: str
    receiver_unit: str
    receiver: str
    at: datetime
    timeliness: str  # Timeliness value or ""
    note: str

    @property
    def timeliness_label(self) -> str:
        return str(TIMELINESS_LABELS.get(self.timeliness, ""))


def _person(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def control_sheet_rows(dossier: Dossier) -> list[HandOver]:
    """One row per hand-over (legal-notes §2.5): a move between units, an assignment to a person, and the
    return of the result to the applicant. A unit's hand-over is judged against the due instant of its
    own holding (its share of the time, domain.md §5); the return against the overall due instant."""
    events = list(
        DossierEvent.objects.filter(dossier=dossier, action__in=HANDOVER_ACTIONS)
        .select_related("actor", "from_unit", "to_unit", "to_user")
        .order_by("id")
    )
    holdings = list(UnitHolding.objects.filter(dossier=dossier).order_by("id"))
    rows = []
    for e in events:
        giver_unit = e.from_unit.name if e.from_unit else ""
        if e.action == "return_result":
            rows.append(HandOver(
                giver_unit=giver_unit, giver=_person(e.actor),
                receiver_unit="Tổ chức, cá nhân", receiver=dossier.applicant_name, at=e.at,
                timeliness=dossier.timeliness or _judge(e.at, dossier.due_at), note=e.note,
            ))
            continue
        moved = e.from_unit_id != e.to_unit_id
        if not moved and e.to_user_id is None:
            continue
        timeliness = ""
        if moved:
            held = next((h for h in holdings if h.unit_id == e.from_unit_id and h.ended_at == e.at), None)
            timeliness = _judge(e.at, held.due_at if held else None)
        rows.append(HandOver(
            giver_unit=giver_unit, giver=_person(e.actor),
            receiver_unit=e.to_unit.name if e.to_unit else "", receiver=_person(e.to_user), at=e.at,
            timeliness=timeliness, note=e.note,
        ))
    return rows


def _judge(at: datetime, due: datetime | None) -> str:
    if due is None:
        return ""
    return engine.timeliness(deadlines.to_local(at), deadlines.to_local(due)).value


def last_event(dossier: Dossier, action: str) -> DossierEvent | None:
    if dossier.pk is None:
        return None
    return DossierEvent.objects.filter(dossier=dossier, action=action).select_related("actor", "from_unit", "to_unit").order_by("-id").first()


def missing_items(raw) -> list[dict]:
    """The documents to supplement, as [{name, originals, copies}] whatever shape the request had."""
    items = []
    for entry in raw or []:
        if isinstance(entry, dict):
            items.append({"name": str(entry.get("name", "")), "originals": entry.get("originals"), "copies": entry.get("copies")})
        elif str(entry).strip():
            items.append({"name": str(entry).strip(), "originals": None, "copies": None})
    return items


@dataclass(frozen=True)
class BookRow:
    """A row of the tracking book (Mẫu 06 of 2018, Mẫu 07 of 2025; legal-notes §2.6)."""

    number: int
    code: str
    procedure: str
    sets: int
    applicant: str
    contact: str
    handling_unit: str
    received_at: datetime | None
    due_at: datetime | None
    transferred_at: datetime | None
    resolved_at: datetime | None
    returned_at: datetime | None
    note: str


def tracking_book_rows(unit: Unit, date_from: date, date_to: date) -> list[BookRow]:
    """Dossiers received by the unit (and the units under it) from `date_from` to `date_to` inclusive,
    in the order of receipt; two queries whatever the number of rows."""
    start = timezone.make_aware(datetime.combine(date_from, time.min))
    end = timezone.make_aware(datetime.combine(date_to, time.max))
    dossiers = (
        Dossier.objects.filter(
            reception_unit__in=subtree(unit), received_at__gte=start, received_at__lte=end, code__isnull=False
        )
        .select_related("procedure_version", "procedure_version__implementing_unit", "current_unit")
        .prefetch_related(
            Prefetch("events", queryset=DossierEvent.objects.filter(action="transfer").order_by("id"), to_attr="transfers")
        )
        .order_by("received_at", "id")
    )
    rows = []
    for i, d in enumerate(dossiers, 1):
        version = d.procedure_version
        contact = ", ".join(x for x in (d.applicant_address, d.applicant_phone) if x)
        note = d.get_status_display()
        if d.timeliness:
            note += f" — {TIMELINESS_LABELS[d.timeliness]}"
        if d.new_appointment_at and d.status not in (Status.RETURNED, Status.RESOLVED):
            note += f" — hẹn lại {fmt.short_date(d.new_appointment_at)}"
        rows.append(BookRow(
            number=i, code=d.code, procedure=version.name, sets=version.dossier_sets, applicant=d.applicant_name,
            contact=contact,
            handling_unit=version.implementing_unit.name if version.implementing_unit else d.current_unit.name,
            received_at=d.received_at, due_at=d.due_at,
            transferred_at=d.transfers[0].at if d.transfers else None,
            resolved_at=d.resolved_at, returned_at=d.returned_at, note=note,
        ))
    return rows


def regime_for(dossier: Dossier) -> regimes.Regime:
    """The regime a dossier lives under: the one in force at its receipt instant, or, never received, at
    its submission (or creation) instant — never today's date (docs/decisions/0020-regimes.md)."""
    return regimes.regime_at(deciding_instant(dossier))


def applicable_forms(dossier: Dossier, actions: set[str] | None = None) -> list[str]:
    """The forms this dossier's history calls for, by their numbers in the dossier's regime, in print order:
    one rule for the print buttons and for the print URLs (a form that does not apply answers 404, never a
    blank slip).

    The receipt and the control sheet once received; the supplement request once one was requested; the
    refusal (Mẫu 03) when refused at the counter (nothing received); the processing unit's notice (`tb`)
    when refused during processing (Decree 61/2018, art. 19(3)); the apology once issued with a new
    appointment (art. 19(9)); the notice of stopping (Circular 03/2025, Mẫu 05) once stopped — a regime
    without such a form (2018) prints none."""
    if actions is None:
        actions = set(dossier.events.values_list("action", flat=True)) if dossier.pk else set()
    received = dossier.received_at is not None
    refused = dossier.status == Status.REFUSED and "refuse" in actions
    wanted = {
        regimes.RECEIPT: received,
        regimes.SUPPLEMENT: "request_supplement" in actions,
        regimes.REFUSAL: refused and not received,
        regimes.NOTICE: refused and received,
        regimes.APOLOGY: "apologize" in actions,
        regimes.STOP: dossier.status == Status.STOPPED and "stop" in actions,
        regimes.CONTROL: received,
    }
    return [f.number for f in regime_for(dossier).dossier_forms if wanted.get(f.purpose)]


def form_labels(dossier: Dossier, numbers: list[str]) -> dict[str, str]:
    """The print buttons' texts of these forms of the dossier's regime, in the order given; a number that is
    no form of a dossier in that regime (the tracking book is the unit's) is left out."""
    forms = {f.number: gettext(f.label) for f in regime_for(dossier).dossier_forms}  # marked in regimes
    return {n: forms[n] for n in numbers if n in forms}


def intake_slip_counts(unit: Unit, date_from: date, date_to: date) -> dict[str, int]:
    """Slips issued at the counter (nothing received) by the unit and the units under it, `date_from` to
    `date_to` inclusive (local dates): {"supplement": n, "refusal": n, "total": n}, for the figures."""
    from django.db.models import Count

    from .models import IntakeSlip

    start = timezone.make_aware(datetime.combine(date_from, time.min))
    end = timezone.make_aware(datetime.combine(date_to, time.max))
    rows = (
        IntakeSlip.objects.filter(unit__in=subtree(unit), issued_at__gte=start, issued_at__lte=end)
        .values("kind").annotate(n=Count("id"))
    )
    counts = {kind: 0 for kind in IntakeSlip.Kind.values} | {r["kind"]: r["n"] for r in rows}
    return counts | {"total": sum(counts.values())}


def intake_slip_for(user, pk: int):
    """A slip for an officer of the unit that issued it (or of a unit above it), else None."""
    from .models import IntakeSlip

    if not getattr(user, "is_officer", False) or user.unit_id is None:
        return None
    return (
        IntakeSlip.objects.filter(pk=pk, unit__in=subtree(user.unit))
        .select_related("unit", "officer", "procedure_version").first()
    )


def intake_slips_today(unit: Unit, now: datetime | None = None):
    """The slips the unit issued today (local date), newest first: for reprinting at the counter."""
    from .models import IntakeSlip

    day = timezone.localtime(now or timezone.now()).date()
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day, time.max))
    return (
        IntakeSlip.objects.filter(unit=unit, issued_at__gte=start, issued_at__lte=end)
        .select_related("officer", "procedure_version").order_by("-issued_at", "-id")
    )
