"""Documents of a dossier handed out on the web — its stored files and the forms printed for it — shared
by the officers' desk and the citizens' pages (motcua.desk, motcua.citizen)."""
from __future__ import annotations

import importlib

from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext


def _renderer():
    """`render_form(kind, dossier)` of motcua.forms (the forms engineer's app), or None while it is absent."""
    try:
        module = importlib.import_module("motcua.forms")
    except ImportError:
        return None
    render = getattr(module, "render_form", None)
    if render is None:
        try:
            render = getattr(importlib.import_module("motcua.forms.rendering"), "render_form", None)
        except ImportError:
            return None
    return render


def printable_forms(d, events=None) -> dict[str, str]:
    """The forms that apply to this dossier's history (motcua.forms.selectors.applicable_forms, the rule
    the print URLs obey too): a receipt once received, Mẫu 02 once requested… A dossier not received
    (an online submission guided or refused at the check) is named by its id."""
    if _renderer() is None:
        return {}
    from motcua.forms.selectors import applicable_forms, form_labels

    return form_labels(d, applicable_forms(d, {e.action for e in events} if events is not None else None))


def file_response(att) -> FileResponse:
    """A stored file of a dossier as a download (never rendered inline: its content came from outside)."""
    if att is None:
        raise Http404(gettext("Không tìm thấy tệp."))
    try:
        handle = att.file.open("rb")
    except OSError:
        raise Http404(gettext("Tệp không còn trên máy chủ.")) from None
    response = FileResponse(handle, as_attachment=True, filename=att.original_name, content_type=att.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def receipt_pdf(d) -> HttpResponse:
    """Mẫu 01 (the receipt and appointment slip) of a received dossier, rendered by motcua.forms."""
    render = _renderer()
    if render is None or not d.code or d.received_at is None:
        raise Http404(gettext("Hồ sơ chưa có giấy tiếp nhận."))
    response = HttpResponse(render("01", d), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{d.code}-mau-01.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
