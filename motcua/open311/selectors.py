"""What the Open311 GeoReport v2 read API shows (docs/decisions/0041): services are the published
procedures of the catalog, service requests are dossiers read through the public lookup's selector
(`public_status`): a dossier's status is public only with its code AND the check element printed beside
it on the receipt (decision 0021), and shows nothing the anonymous lookup does not (no owner tier, no
address, no applicant, not even the masked name: Open311 has no field for it)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from motcua.catalog.localized import field_name, pick, procedure_name
from motcua.catalog.selectors import published_procedures
from motcua.common.errors import NotFound
from motcua.dossiers.lookup import PublicStatus, public_status
from motcua.dossiers.models import DossierEvent, Status

# Open311 knows two statuses. A dossier is "closed" once its processing is over: a result is ready (at the
# desk or returned), or it was refused, withdrawn or stopped; everything before is "open".
CLOSED = frozenset({Status.RESOLVED, Status.RETURNED, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED})


def open311_status(status: str) -> str:
    return "closed" if status in CLOSED else "open"


def services() -> list[dict]:
    """One Open311 service per published procedure, in the catalog's order (field, then name)."""
    return [_service(procedure) for procedure in published_procedures()]


def service(code: str) -> dict | None:
    procedure = published_procedures().filter(code=code).first()
    return _service(procedure) if procedure is not None else None


def _service(procedure) -> dict:
    version = procedure.current_version
    result = pick(procedure.result_en, version.result)[0]
    return {
        "service_code": procedure.code,
        "service_name": procedure_name(procedure, version),
        "description": " ".join(result.split()),
        "metadata": False,  # no attributes to define: dossiers are filed at the desk or on the citizens' web
        "type": "realtime",
        "keywords": ", ".join(k for k in (version.field.code, str(version.get_level_display())) if k),
        "group": field_name(version.field),
    }


@dataclass(frozen=True)
class ServiceRequest:
    status: PublicStatus
    updated_at: datetime | None


def service_request(code: str, check: str | None) -> ServiceRequest:
    """The dossier's public status; NotFound (the lookup's, word for word) for an unknown code, a wrong
    or missing check, or a dossier without a code yet — the three cannot be told apart."""
    status = public_status(code, check, viewer=None)  # never the owner's tier
    last = (
        DossierEvent.objects.filter(dossier__code=status.code).order_by("-at", "-id").values_list("at", flat=True).first()
    )
    return ServiceRequest(status, last or status.received_at)


__all__ = ["NotFound", "ServiceRequest", "open311_status", "service", "service_request", "services"]
