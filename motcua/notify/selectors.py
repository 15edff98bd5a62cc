"""Reads of the notify app."""
from __future__ import annotations

from .models import ApologyDraft


def apology_draft(dossier) -> ApologyDraft | None:
    """The draft apology (Mẫu 04) prepared for the dossier's current due instant, if the deadline watch
    has made one; the officer's apologize form starts from it."""
    if dossier.due_at is None:
        return None
    return ApologyDraft.objects.filter(dossier=dossier, due_at=dossier.due_at).order_by("-id").first()
