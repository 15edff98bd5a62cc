"""What a citizen's pages read beyond the dossiers the account submitted itself (decision 0044)."""
from __future__ import annotations

from django.db.models import QuerySet

from motcua.dossiers.models import Dossier, Status


def linked_dossiers(user) -> QuerySet[Dossier]:
    """The dossiers submitted under the account's identity number (at the counter, by post, by someone on
    the person's behalf) — only when that number was verified by the identity provider. A number the
    person typed at registration proves nothing: it links nothing (others' dossiers stay hidden). Drafts are
    their author's alone; the account's own dossiers are listed apart."""
    number = getattr(user, "identity_number", "")
    if not (getattr(user, "identity_verified", False) and number):
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(applicant_id_number=number).exclude(status=Status.DRAFT).exclude(citizen=user)
        .select_related("procedure", "procedure_version", "reception_unit", "current_unit")
        .order_by("-created_at", "-id")
    )
