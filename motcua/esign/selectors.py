"""Reading the signed results: of a dossier, by their public token, and for a download by someone allowed."""
from __future__ import annotations

from django.utils.translation import gettext

from motcua.common.errors import NotFound
from motcua.dossiers.permissions import visible_dossiers
from motcua.dossiers.selectors import returned_online

from .models import SignedResult


def signed_results(dossier):
    return SignedResult.objects.filter(dossier=dossier).order_by("id")


def by_token(token: str) -> SignedResult | None:
    if not token or len(token) > 64:
        return None
    return (
        SignedResult.objects.filter(token=token)
        .select_related("dossier__procedure", "dossier__procedure_version").first()
    )


def for_download(user, pk: int) -> SignedResult:
    """The signed result if this user may download it; else NotFound (never a hint that it exists): the
    dossier's applicant account once the result was returned online (as the other result files), or an
    officer who may see the dossier."""
    result = SignedResult.objects.select_related("dossier").filter(pk=pk).first()
    if result is None or user is None or not user.is_authenticated:
        raise NotFound(gettext("Không tìm thấy tệp."))
    d = result.dossier
    if user.is_officer:
        allowed = visible_dossiers(user, rowwise=True).filter(pk=d.pk).exists()
    else:
        allowed = d.citizen_id is not None and d.citizen_id == user.pk and returned_online(d)
    if not allowed:
        raise NotFound(gettext("Không tìm thấy tệp."))
    return result
