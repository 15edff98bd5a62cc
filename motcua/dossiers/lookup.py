"""What anyone may see of a dossier by its code (domain.md §6): the selector `public_status` behind the
API (`GET /api/v1/lookup/{code}`), the lookup page (/tra-cuu/<code>/) and the Open311 read API.

Two tiers (Circular 01/2018, art. 16; issue 12, item 7). Without signing in — and for anyone signed
in who is not the dossier's owner — only what a citizen may see without logging in: status, current
step and unit, received and due instants (and a new appointment), the reason of a pause, result and
return dates, and the applicant's name masked: each word keeps its first letter and every other letter
becomes "*" ("Nguyễn Văn An" → "N***** V** A*"), so the applicant recognises the dossier and a stranger
learns nothing more than initials. The signed-in citizen who submitted the dossier sees, in addition,
its way down to the department (`OwnerDetail`): every unit that held it with from/to instants, the unit
holding it now and the due instant — as a section of the page and as the extra field `detail` of the API
answer, which no one else ever receives (the anonymous contract of api-contract.md is unchanged).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from motcua.common.errors import NotFound
from motcua.common.text import nfc

from .deadlines import OPEN_STATES
from .models import Dossier, DossierEvent, Status

NOT_FOUND = gettext_lazy("Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại mã trên giấy tiếp nhận.")


def mask_name(name: str) -> str:
    """Keep the first letter of each word, replace every other character with "*" (NFC, so a letter
    with its diacritics counts once)."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in nfc(name).split())


def normalise_code(code: str) -> str:
    return nfc((code or "").strip()).upper()


@dataclass(frozen=True)
class Holding:
    unit_code: str
    unit_name: str
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class OwnerDetail:
    """What only the dossier's owner sees: the units that held it (dossiers.UnitHolding), the unit
    holding it now and its due instant."""

    holdings: list[Holding]
    current_unit_code: str
    current_unit_name: str
    due_at: datetime | None


def _iso(t):
    return timezone.localtime(t).isoformat() if t else None


@dataclass(frozen=True)
class PublicStatus:
    code: str
    procedure_code: str
    procedure_name: str
    status: str
    status_label: str
    step: str | None
    unit_code: str | None
    unit_name: str | None
    received_at: datetime | None
    due_at: datetime | None
    new_appointment_at: datetime | None
    pause_reason: str | None
    resolved_at: datetime | None
    returned_at: datetime | None
    applicant: str
    detail: OwnerDetail | None = None  # the owner's tier only
    procedure_name_en: str = ""  # for the English page (decision 0037); not part of the API answer

    def as_json(self) -> dict:
        data = asdict(self)
        for key in ("received_at", "due_at", "new_appointment_at", "resolved_at", "returned_at"):
            data[key] = _iso(data[key])
        body = {
            "code": data["code"],
            "procedure": {"code": data["procedure_code"], "name": data["procedure_name"]},
            "status": data["status"], "status_label": data["status_label"],
            "step": data["step"],
            "unit": {"code": data["unit_code"], "name": data["unit_name"]} if data["unit_code"] else None,
            **{k: data[k] for k in ("received_at", "due_at", "new_appointment_at", "pause_reason", "resolved_at", "returned_at")},
            "applicant": data["applicant"],
        }
        if self.detail is not None:  # never present for anyone but the owner
            d = self.detail
            body["detail"] = {
                "holdings": [
                    {"unit": {"code": h.unit_code, "name": h.unit_name}, "from": _iso(h.started_at), "to": _iso(h.ended_at)}
                    for h in d.holdings
                ],
                "current_unit": {"code": d.current_unit_code, "name": d.current_unit_name},
                "due_at": _iso(d.due_at),
            }
        return body


def _pause_reason(d: Dossier) -> str | None:
    event = DossierEvent.objects.filter(dossier=d, action="request_supplement").order_by("-id").first()
    if event is None:
        return gettext("Chờ bổ sung hồ sơ")
    items = [
        str(m.get("name", "")) if isinstance(m, dict) else str(m) for m in (event.data.get("missing") or [])
    ]
    parts = [p for p in ["; ".join(i for i in items if i.strip()), event.note] if p]
    return nfc(gettext("Chờ bổ sung: ") + ". ".join(parts)) if parts else gettext("Chờ bổ sung hồ sơ")


def is_owner(user, d: Dossier) -> bool:
    """The signed-in citizen account that submitted the dossier (Dossier.citizen)."""
    return bool(user is not None and user.is_authenticated and d.citizen_id is not None and d.citizen_id == user.pk)


def owner_detail(d: Dossier) -> OwnerDetail:
    holdings = d.holdings.select_related("unit").order_by("started_at", "id")
    return OwnerDetail(
        holdings=[Holding(h.unit.code, h.unit.name, h.started_at, h.ended_at) for h in holdings],
        current_unit_code=d.current_unit.code, current_unit_name=d.current_unit.name, due_at=d.due_at,
    )


def public_status(code: str, check: str | None, viewer=None) -> PublicStatus:
    """What anyone may see of the dossier with this code and the check element printed beside it on the
    receipt; NotFound if there is none, the check is wrong, or it has no code yet (drafts and submissions
    awaiting the officer's check are not public). A wrong check and an unknown code look the same.
    `viewer`: the signed-in user, if any; the dossier's owner gets the second tier (`detail`)."""
    from motcua.dossiers.codes import check_matches

    if not check_matches(normalise_code(code), check or ""):
        raise NotFound(str(NOT_FOUND))
    d = (
        Dossier.objects.filter(code=normalise_code(code))
        .select_related("procedure", "procedure_version", "current_unit", "current_step")
        .first()
    )
    if d is None:
        raise NotFound(str(NOT_FOUND))
    working = d.status in OPEN_STATES  # a current step and unit are meaningful only while it is worked on
    return PublicStatus(
        code=d.code, procedure_code=d.procedure.code, procedure_name=d.procedure_version.name,
        status=d.status, status_label=d.status_label,
        step=d.current_step.name if working and d.current_step_id else None,
        unit_code=d.current_unit.code if working else None, unit_name=d.current_unit.name if working else None,
        received_at=d.received_at, due_at=d.due_at, new_appointment_at=d.new_appointment_at,
        pause_reason=_pause_reason(d) if d.status == Status.AWAITING_SUPPLEMENT else None,
        resolved_at=d.resolved_at, returned_at=d.returned_at, applicant=mask_name(d.applicant_name),
        detail=owner_detail(d) if is_owner(viewer, d) else None, procedure_name_en=d.procedure.name_en,
    )
