"""Scans kept between two submissions of the intake form.

When the form comes back with an error (a missing document, a typo in a field), the files the officer
chose are kept on disk under `staging/<user>/<token>/` and offered again, so nothing uploaded is lost
and nothing is half-written: a staged file becomes an attachment only when the dossier is received.
Files are private to the officer who staged them; `prune_staged_uploads` removes forgotten ones.
"""
from __future__ import annotations

import contextlib
import re
import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .attachments import MAX_BYTES, sniff

ROOT = "staging"
MAX_AGE = timedelta(days=1)
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _dir(user, token: str) -> str:
    return f"{ROOT}/{user.pk}/{token}"


def stage(user, upload) -> dict | None:
    """Keep an uploaded scan for the next submission; None when it is no scan (its error says why)."""
    with contextlib.suppress(AttributeError, OSError):
        upload.seek(0)
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES or sniff(content[:16]) is None:
        return None
    name = (getattr(upload, "name", "") or "tep").rsplit("/", 1)[-1][:200]
    token = uuid.uuid4().hex
    default_storage.save(f"{_dir(user, token)}/{name}", ContentFile(content))
    return {"token": token, "name": name, "size": len(content)}


def load(user, token: str) -> SimpleUploadedFile | None:
    """The scan staged by this user under `token` (another user's token finds nothing)."""
    if not _TOKEN.match(token or ""):
        return None
    try:
        _, names = default_storage.listdir(_dir(user, token))
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not names:
        return None
    with default_storage.open(f"{_dir(user, token)}/{names[0]}") as f:
        return SimpleUploadedFile(names[0], f.read())


def kept_uploads(request, fields) -> dict[str, tuple[str, SimpleUploadedFile]]:
    """Field → (token, scan) staged by an earlier submission of the form, where no new file was chosen
    (a new choice replaces the kept file)."""
    kept = {}
    for name in fields:
        token = request.POST.get(f"staged_{name}", "")
        if token and not request.FILES.get(name):
            upload = load(request.user, token)
            if upload is not None:
                kept[name] = (token, upload)
    return kept


def keep_for_next_time(request, form, fields, kept) -> None:
    """The form was not saved: stage every newly chosen scan and mark each bound field with what it
    keeps (`field.staged`: token, name, size), so the page offers the files again."""
    for name in fields:
        if request.FILES.get(name):
            info = stage(request.user, request.FILES[name])
            if info is not None:
                form[name].staged = info
        elif name in kept:
            token, upload = kept[name]
            form[name].staged = {"token": token, "name": upload.name, "size": upload.size}


def discard(user, tokens) -> None:
    for token in tokens:
        if not _TOKEN.match(token or ""):
            continue
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            for name in default_storage.listdir(_dir(user, token))[1]:
                default_storage.delete(f"{_dir(user, token)}/{name}")


def prune(*, older_than: timedelta = MAX_AGE) -> int:
    """Delete staged scans older than `older_than`; returns how many."""
    limit = timezone.now() - older_than
    removed = 0
    with contextlib.suppress(FileNotFoundError):
        for user_dir in default_storage.listdir(ROOT)[0]:
            for token in default_storage.listdir(f"{ROOT}/{user_dir}")[0]:
                folder = f"{ROOT}/{user_dir}/{token}"
                for name in default_storage.listdir(folder)[1]:
                    if default_storage.get_modified_time(f"{folder}/{name}") < limit:
                        default_storage.delete(f"{folder}/{name}")
                        removed += 1
    return removed
