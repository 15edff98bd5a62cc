"""Who may see a dossier and who may act on it: the one gate, used by the services and the API."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from motcua.accounts.models import Role
from motcua.common.errors import NotFound
from motcua.units.models import Unit
from motcua.units.selectors import government_of

from .models import Dossier, Opinion, Status, UnitHolding

# Act reach (decision 0022): where the actor must stand for an action, by role (legal-notes §1.1):
#   holder    — the actor's unit holds the dossier now (before receipt: the desk that took the submission)
#   reception — the actor's unit received it: the one-stop desk that speaks to the applicant (returns the
#               result, records the applicant's requests and the apology, Decree 61/2018, art. 19(9))
#   opinion   — the actor's unit was asked for an opinion not yet given
#   owner     — the citizen who submitted it online
# Read reach (`visible_dossiers`) is wider and never widens this: a leader or the center director who sees
# the whole city acts only where the dossier stands at their own unit (a step of the process) or, for the
# director, on the apology of the center's own desk.
ACTION_ROLES: dict[str, dict[str, str]] = {
    "submit": {Role.CITIZEN: "owner"},
    "receive": {Role.COUNTER_OFFICER: "reception"},
    "request_supplement": {
        # The desk asks at intake (it holds the submission) or while it holds the received dossier; during
        # processing the unit holding it asks, through the desk (Decree 61/2018, art. 19(4)).
        Role.COUNTER_OFFICER: "holder",
        Role.SPECIALIST: "holder",
        Role.DEPARTMENT_HEAD: "holder",
    },
    "supplement": {Role.CITIZEN: "owner", Role.COUNTER_OFFICER: "reception"},
    "refuse": {Role.COUNTER_OFFICER: "reception", Role.DEPARTMENT_HEAD: "holder", Role.LEADER: "holder"},
    "transfer": {
        Role.COUNTER_OFFICER: "holder",
        Role.SPECIALIST: "holder",
        Role.DEPARTMENT_HEAD: "holder",
        Role.LEADER: "holder",
    },
    "assign": {Role.DEPARTMENT_HEAD: "holder", Role.LEADER: "holder"},
    "consult": {Role.SPECIALIST: "holder", Role.DEPARTMENT_HEAD: "holder"},
    "give_opinion": {Role.SPECIALIST: "opinion", Role.DEPARTMENT_HEAD: "opinion", Role.LEADER: "opinion"},
    "approve": {Role.DEPARTMENT_HEAD: "holder", Role.LEADER: "holder"},
    "resolve": {Role.COUNTER_OFFICER: "holder"},
    "apologize": {
        Role.COUNTER_OFFICER: "reception",
        Role.DEPARTMENT_HEAD: "holder",
        Role.LEADER: "holder",
        # The center's apology letters are signed by its director (legal-notes §1.1): only for dossiers
        # received at the center, never for a ward's (issue 11: seeing the city is not acting on it).
        Role.CENTER_DIRECTOR: "reception",
    },
    "return_result": {Role.COUNTER_OFFICER: "reception"},
    "withdraw": {Role.CITIZEN: "owner", Role.COUNTER_OFFICER: "reception"},
    "request_payment": {Role.COUNTER_OFFICER: "reception"},
    "pay": {Role.CITIZEN: "owner", Role.COUNTER_OFFICER: "reception"},
    "stop": {Role.COUNTER_OFFICER: "reception", Role.DEPARTMENT_HEAD: "holder", Role.LEADER: "holder"},
    "rate": {Role.CITIZEN: "owner", Role.COUNTER_OFFICER: "reception"},
    # When a unit is dissolved (issue 12 item 3): an administrator over the unit holding the dossier
    # (units.services.dissolve_into), never an officer of either unit.
    "hand_to_successor": {Role.ADMIN: "administrator"},
}


@dataclass(frozen=True)
class ApplicantProof:
    """An applicant without an account who proved, through a channel of the evaluation (the tablet the
    desk opened for the dossier it just returned, the signed link of the return notice, the dossier code
    with the phone's last digits at the kiosk — evaluation/services.py), to be the applicant of one
    dossier. The account standing in for them carries it as `applicant_proof`: it sees that dossier only
    and may take these actions only (Circular 01/2018 Art. 13–14: the applicant evaluates, once)."""

    dossier_id: int
    channel: str
    actions: frozenset[str] = field(default=frozenset({"rate"}))


def proof_of(user) -> ApplicantProof | None:
    return getattr(user, "applicant_proof", None)


def _gov_path(unit: Unit) -> str:
    return government_of(unit).path


def visible_dossiers(user, *, rowwise: bool = False) -> QuerySet[Dossier]:
    """Every dossier the user may see (read reach); nothing for anyone else (they get 404, not 403).

    `rowwise`: the same rows, but the unit's history is tested row by row (EXISTS on the dossier's own
    holdings and opinions) instead of read whole (IN over every holding the unit ever had). For queries
    that first narrow to a few rows by an index — one dossier by its code, the worklist's open dossiers, a
    keyset page — so their
    cost follows those rows, not the size of the unit's history (issue 10).

    Read reach is wider than act reach: the dossiers in the officer's work (`working_dossiers`) and, read
    only, every dossier the officer's unit once held or gave an opinion on (`past_dossiers_q`) — a unit
    keeps sight of what it worked on and of its history. What anyone may *do* is decided apart, by
    `may_act` on where the dossier stands now."""
    qs = Dossier.objects.all()
    if user is None or not user.is_authenticated:
        return qs.none()
    proof = proof_of(user)
    if proof is not None:
        return qs.filter(pk=proof.dossier_id)
    if user.role == Role.CITIZEN or user.unit_id is None:
        return working_dossiers(user)
    return qs.exclude(status=Status.DRAFT).filter(
        _working_q(user, rowwise=rowwise) | past_dossiers_q(user.unit_id, rowwise=rowwise)
    )


def past_dossiers_q(unit_id, *, rowwise: bool = False) -> Q:
    """The dossiers a unit held at some time (UnitHolding) or was asked for an opinion on (Opinion)."""
    if rowwise:
        return Q(Exists(UnitHolding.objects.filter(unit_id=unit_id, dossier_id=OuterRef("pk")))) | _consulted_q(
            unit_id, rowwise=True
        )
    held = UnitHolding.objects.filter(unit_id=unit_id).values("dossier_id")
    return Q(pk__in=held) | _consulted_q(unit_id)


def _consulted_q(unit_id, *, rowwise: bool = False) -> Q:
    """The dossiers the unit was asked for an opinion on."""
    if rowwise:
        return Q(Exists(Opinion.objects.filter(unit_id=unit_id, dossier_id=OuterRef("pk"))))
    return Q(pk__in=Opinion.objects.filter(unit_id=unit_id).values("dossier_id"))


def working_dossiers(user) -> QuerySet[Dossier]:
    """The dossiers in the user's work: held by, received at, assigned to the user's place, or under the
    user's level of government (leaders, directors, administrators)."""
    qs = Dossier.objects.all()
    if user is None or not user.is_authenticated:
        return qs.none()
    role = user.role
    if role == Role.CITIZEN:
        return qs.filter(citizen=user)
    # A citizen's draft is theirs alone until they submit it (product rule: nothing is filed before sending).
    qs = qs.exclude(status=Status.DRAFT)
    if user.unit_id is None:
        return qs.all() if role == Role.ADMIN and user.is_superuser else qs.none()
    return qs.filter(_working_q(user))


def _working_q(user, *, rowwise: bool = False) -> Q:
    role, unit = user.role, user.unit
    consulted = _consulted_q(unit.pk, rowwise=rowwise)
    if role == Role.ADMIN:
        return Q(current_unit__path__startswith=unit.path) | Q(reception_unit__path__startswith=unit.path)
    if role in (Role.CENTER_DIRECTOR, Role.LEADER):
        path = _gov_path(unit)
        return Q(current_unit__path__startswith=path) | Q(reception_unit__path__startswith=path) | consulted
    if role == Role.COUNTER_OFFICER:
        # A desk also answers for the desk it succeeded (issue 12 item 3): the dossiers received there.
        return Q(reception_unit=unit) | Q(current_unit=unit) | Q(reception_unit__successor=unit)
    if role in (Role.SPECIALIST, Role.DEPARTMENT_HEAD):
        return Q(current_unit=unit) | consulted
    return Q(pk__in=[])


def dossier_for_user(user, code, *, for_update: bool = False) -> Dossier:
    """The dossier with this code (or this object's id) if the user may see it; else NotFound."""
    qs = visible_dossiers(user, rowwise=True)
    if for_update:
        qs = qs.select_for_update(of=("self",))
    return find_dossier(qs, code)


def find_dossier(qs: QuerySet[Dossier], code) -> Dossier:
    """The dossier of `qs` (a `visible_dossiers` queryset, with whatever related rows the caller needs)
    with this code or this object's id; else NotFound."""
    if isinstance(code, Dossier):
        lookup = {"pk": code.pk}
    elif isinstance(code, int) or (isinstance(code, str) and code.isdigit()):
        # A dossier not yet received has no code: its id stands in (codes always contain letters).
        lookup = {"pk": int(code)}
    else:
        lookup = {"code": code} if code else None
    # Both keys are unique: no ORDER BY (`.first()` would add one, and Django builds the ordering against
    # every selected column of the related rows, ≈ 3 ms of a detail request — issue 10).
    found = next(iter(qs.filter(**lookup).order_by()[:1]), None) if lookup else None
    if found is None:
        raise NotFound(gettext("Không tìm thấy hồ sơ hoặc bạn không có quyền xem hồ sơ này."))
    return found


def stands_where(user, dossier: Dossier, where: str) -> bool:
    unit_id = user.unit_id
    if where == "owner":
        return dossier.citizen_id is not None and dossier.citizen_id == user.pk
    if where == "administrator" and unit_id is None:
        return bool(user.is_superuser)
    if unit_id is None:
        return False
    if where == "holder":
        return dossier.current_unit_id == unit_id
    if where == "reception":
        return dossier.reception_unit_id == unit_id or unit_id in _successor_ids(dossier.reception_unit)
    if where == "administrator":
        return dossier.current_unit.path.startswith(user.unit.path)
    if where == "opinion":
        return dossier.opinions.filter(unit_id=unit_id, answered_at__isnull=True).exists()
    return False


def _successor_ids(unit: Unit) -> list[int]:
    """The units that took over from a dissolved unit, one after another (issue 12 item 3): the desk that
    received a dossier may be gone; its successor speaks to the applicant (returns the result) in its place.
    No query for a unit that has no successor (nearly all of them)."""
    out: list[int] = []
    while unit.successor_id and unit.successor_id not in out and len(out) < 10:
        out.append(unit.successor_id)
        unit = unit.successor
    return out


def may_act(user, dossier: Dossier, action: str) -> bool:
    """Act reach: the user's role may take this action and the user stands where it requires (the table
    above). Separate from read reach; `transition` asks it of every action, `allowed_actions` too."""
    proof = proof_of(user)
    if proof is not None:
        return action in proof.actions and dossier.pk == proof.dossier_id
    if action == "pay" and user.role == Role.CITIZEN and online_payment_configured():
        # With a payment gateway configured, an applicant pays through it and the gateway's confirmation
        # records the payment (motcua.payments, decision 0042); a typed reference is the counter's (cash).
        return False
    where = ACTION_ROLES.get(action, {}).get(user.role)
    return where is not None and stands_where(user, dossier, where)


def online_payment_configured() -> bool:
    """A payment gateway is configured (the settings motcua.payments reads; decision 0042)."""
    return bool(settings.MOTCUA_PAYMENT_GATEWAY and settings.MOTCUA_PAYMENT_MERCHANT and settings.MOTCUA_PAYMENT_SECRET)
