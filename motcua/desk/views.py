"""The officers' web (cán bộ): worklists, the dossier page with its actions, intake at the counter.

Views parse, call the selectors and services, and render; domain errors become Vietnamese messages."""
from __future__ import annotations

import re
import uuid
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.decorators import officer_required, role_required
from motcua.accounts.models import Role
from motcua.catalog.selectors import (
    filter_procedures,
    procedure_detail,
    published_procedures,
    version_in_force,
)
from motcua.common.errors import DomainError, NotFound
from motcua.dossiers import deadlines, documents, selectors, services, staging
from motcua.dossiers.documents import file_response, printable_forms
from motcua.dossiers.models import ACTION_LABELS, Channel, Status
from motcua.dossiers_web.actions import action_forms, post_action
from motcua.dossiers_web.forms import action_form
from motcua.esign.selectors import signed_results

from .forms import IntakeForm, IntakeSlipForm, TrackingBookForm

STALE_MESSAGE = _(
    "Hồ sơ đã được người khác cập nhật trong lúc bạn đang xem. Trang đã được tải lại với thông tin mới nhất; "
    "vui lòng kiểm tra rồi thực hiện lại."
)
SEARCH_LIMIT = 20
# The most urgent first; a longer list is a sign to split the work, not to page through it.
WORKLIST_LIMIT = 200
# The forms printed from the dossier page, their numbers and labels, are those of the dossier's regime
# (motcua.forms.regimes: Circular 01/2018 before 01/07/2025, Circular 03/2025 from then on).
PRINT_KINDS = re.compile(r"0[1-9]|tb")


def _is_htmx(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


counter_officer_required = role_required(
    lambda user: user.is_officer and user.role == Role.COUNTER_OFFICER,
    _("Chỉ cán bộ tiếp nhận của bộ phận một cửa được tiếp nhận hồ sơ."),
)


# -- worklists -------------------------------------------------------------------------------------------
@require_GET
@officer_required
def worklist(request):
    now = timezone.now()
    user = request.user
    counts = selectors.worklist_counts(user, now)
    tab = request.GET.get("tab", "")
    if tab not in selectors.TAB_SLUGS:  # by default the first list with something in it
        tab = next((slug for slug in selectors.WORK_TAB_SLUGS if counts[slug]), selectors.TAB_SLUGS[1])
    # Keyset pages (decision 0028): `sau` is the key of the last row of the page before; a key that is
    # not ours starts the list again rather than failing.
    after = request.GET.get("sau") or None
    try:
        page = selectors.worklist_page(user, tab, now, after, WORKLIST_LIMIT)
    except selectors.BadCursor:
        after, page = None, selectors.worklist_page(user, tab, now, None, WORKLIST_LIMIT)
    dossiers = selectors.annotate_remaining(page.rows, user, now)
    _link_each(dossiers)
    context = {
        "tabs": [(t, counts[t.slug]) for t in selectors.TABS],
        "tab": next(t for t in selectors.TABS if t.slug == tab),
        "total": counts[tab],
        "truncated": page.next is not None or after is not None,
        "next_after": page.next,
        "continued": after is not None,
        "dossiers": dossiers,
        "now": now,
        "section": "worklist",
    }
    template = "desk/_worklist.html" if _is_htmx(request) else "desk/worklist.html"
    return render(request, template, context)


def _link_each(dossiers) -> None:
    """Each row's link to its dossier page (`d.url`): the URL reversed once for the page, each row's reference
    put in its place, quoted as `reverse` quotes it (≈ 2 ms less than a `{% url %}` per row of 40)."""
    marker = "0000000000"
    pattern = reverse("officer:dossier", args=[marker])
    head, tail = pattern.split(marker)
    for d in dossiers:
        d.url = head + quote(d.ref, safe=RFC3986_SUBDELIMS + "/~:@") + tail


# -- one dossier -----------------------------------------------------------------------------------------
def _load(request, code):
    try:
        return selectors.dossier_page(request.user, code)
    except NotFound:
        raise Http404(gettext("Không tìm thấy hồ sơ hoặc bạn không có quyền xem hồ sơ này.")) from None


def _page_context(request, d, bound_form=None, error=None):
    now = timezone.now()
    remaining = selectors.remaining_seconds(d, now)
    paused = selectors.is_paused(d)
    steps = deadlines.step_budgets(d) if d.received_at else []
    documents = list(d.procedure_version.documents.all())
    checklist = d.checklist or {}
    attachments = list(selectors.attachments_of(d))
    # Each document with its checklist row and the scans sent for it (an online dossier has scans, and no
    # ticked checklist until the desk receives it).
    doc_rows = [
        (doc, checklist.get(str(doc.pk)), [a for a in attachments if a.document_id == doc.pk]) for doc in documents
    ]
    events = list(selectors.timeline(d))
    labels = dict(Status.choices)
    for e in events:
        e.action_label = ACTION_LABELS.get(e.action, e.action)
        e.from_label, e.to_label = labels.get(e.from_status, e.from_status), labels.get(e.to_status, e.to_status)
    supplement_requests = [e for e in events if e.action == "request_supplement"]
    return {
        "d": d,
        "now": now,
        "remaining": remaining,
        "remaining_text": selectors.remaining_text(remaining, paused),
        "is_overdue": remaining is not None and remaining < 0,
        "paused": paused,
        "pause_reason": supplement_requests[-1] if paused and supplement_requests else None,
        "steps": selectors.step_rows(d, steps),
        "result_files": list(selectors.result_files(d)) if d.resolved_at else [],
        "signed_results": list(signed_results(d)) if d.resolved_at else [],  # ADR 0043
        "holdings": list(selectors.holdings(d)),
        "time_rules": selectors.time_rules(d, now),
        "doc_rows": doc_rows,
        "form_data_rows": selectors.form_data_rows(d),
        "attachments": attachments,
        "prospective_due": _prospective_due(d, now),
        "events": events,
        "forms": action_forms(request.user, d, action_form, bound_form),
        # Seen through the unit's past work only (it held the dossier or gave an opinion): read only.
        "read_only": not selectors.in_work_of(request.user, d),
        "error": error,
        "print_forms": printable_forms(d, events),
        "section": "dossier",
    }


def _prospective_due(d, now):
    """Before receipt, the due instant the dossier would get if received now (the desk sees it before
    accepting, as at the counter); None once received or without a time limit."""
    if d.received_at is not None or d.status != Status.SUBMITTED:
        return None
    due, _text, _skipped = deadlines.preview_due(d.reception_unit, d.procedure_version, now, d.channel, d.variant)
    return due


@require_GET
@officer_required
def dossier_detail(request, code):
    d = _load(request, code)
    return render(request, "desk/dossier.html", _page_context(request, d))


@require_POST
@officer_required
def dossier_action(request, code):
    d = _load(request, code)

    def page_with_error(form, exc):
        context = _page_context(request, _load(request, code), bound_form=form, error=exc.detail)
        return render(request, "desk/dossier.html", context, status=exc.status)

    done = post_action(
        request, d, make_form=action_form, render_page=page_with_error,
        url=reverse("officer:dossier", args=[d.ref]), stale_message=STALE_MESSAGE,
    )
    if done.response is not None:
        return done.response
    last = done.dossier.events.order_by("-id").values_list("data", flat=True).first() or {}
    if last.get("warning"):  # e.g. a supplement asked for after the 3 working days of art. 19(4)
        limit = deadlines.supplement_request_due(done.dossier)  # the record keeps Vietnamese; shown translated
        messages.warning(request, services.supplement_request_warning(limit) if limit else last["warning"])
    if not selectors.in_work_of(request.user, done.dossier):
        return redirect("officer:worklist")  # handed to another unit: it has left this officer's work
    return redirect("officer:dossier", done.dossier.ref)  # by its new code once received


@require_GET
@officer_required
def attachment_download(request, code, pk):
    d = _load(request, code)
    return file_response(d.attachments.filter(pk=pk).first())


@require_GET
@officer_required
def print_form(request, code, kind):
    """A form of the dossier's regime (Circular 01/2018 or 03/2025) as PDF, rendered by motcua.forms."""
    from motcua.forms.selectors import form_labels

    renderer = documents._renderer()
    if not PRINT_KINDS.fullmatch(kind) or renderer is None:
        raise Http404(gettext("Không có mẫu này."))
    d = _load(request, code)
    applicable = printable_forms(d)
    if kind not in applicable:  # never a blank slip for something that did not happen (issue 8, item 10)
        label = form_labels(d, [kind]).get(kind)
        if label is None:  # no such form of a dossier in its regime (the tracking book is the unit's)
            raise Http404(gettext("Không có mẫu này."))
        context = {"d": d, "label": label, "print_forms": applicable}
        return render(request, "desk/form_not_applicable.html", context, status=404)
    try:
        pdf = renderer(kind, d)
    except ValueError:
        raise Http404(gettext("Không có mẫu này cho hồ sơ.")) from None
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect("officer:dossier", d.ref)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{d.code or f"ho-so-{d.pk}"}-mau-{kind}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@officer_required
def tracking_book(request):
    """The dossier tracking book of the officer's unit (and the units under it) for a period: Mẫu 06 of
    Circular 01/2018 or Mẫu 07 of Circular 03/2025, one book per regime in the period (motcua.forms)."""
    form = TrackingBookForm(request.GET or None)
    if form.is_bound and form.is_valid():
        from motcua.forms.rendering import tracking_book_pdf, tracking_book_xlsx

        unit, start, end = request.user.unit, form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        name = f"so-theo-doi-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}"
        if form.cleaned_data["format"] == "xlsx":
            response = HttpResponse(
                tracking_book_xlsx(unit, start, end),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        else:
            response = HttpResponse(tracking_book_pdf(unit, start, end), content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response
    if not form.is_bound:
        today = timezone.localdate()
        form = TrackingBookForm(initial={"date_from": today.replace(day=1), "date_to": today, "format": "pdf"})
    return render(
        request, "desk/tracking_book.html", {"form": form, "section": "book"},
        status=400 if form.is_bound else 200,
    )


# -- intake at the counter ---------------------------------------------------------------------------------
def _receivable(user):
    return filter_procedures(published_procedures().prefetch_related(None), unit=user.unit)


@require_GET
@counter_officer_required
def intake_search(request):
    q = (request.GET.get("q") or "").strip()[:200]
    procedures = filter_procedures(_receivable(request.user), q=q)
    context = {
        "q": q, "procedures": procedures[:SEARCH_LIMIT], "total": procedures.count(), "section": "intake",
        "ticket": _queue_ticket(request),
    }
    if not _is_htmx(request):
        from motcua.forms.selectors import intake_slips_today

        context["slips"] = list(intake_slips_today(request.user.unit)[:SEARCH_LIMIT])
    template = "desk/_procedure_results.html" if _is_htmx(request) else "desk/intake_search.html"
    return render(request, template, context)


def _queue_ticket(request):
    """The queue ticket the intake started from (the counter panel links here with ?ticket=), when it was
    called at the officer's reception point: the dossier received is then linked to it (motcua.frontdesk)."""
    from motcua.frontdesk.services import ticket_for_intake

    return ticket_for_intake(request.user, request.POST.get("ticket") or request.GET.get("ticket"))


def _procedure_for_intake(user, code):
    if not _receivable(user).filter(code=code).exists():
        raise Http404(gettext("Thủ tục không được tiếp nhận tại đơn vị của bạn."))
    procedure = procedure_detail(code)
    if procedure is None:
        raise Http404(gettext("Không có thủ tục này."))
    return procedure


def _preview(user, procedure, channel):
    channel = channel if channel in (Channel.COUNTER, Channel.POST) else Channel.COUNTER
    now = timezone.now()
    version = version_in_force(procedure, timezone.localdate(now)) or procedure.current_version
    due, text, skipped = deadlines.preview_due(user.unit, version, now, channel)
    return {"due": due, "explanation": text, "skipped": skipped, "at": now}


@counter_officer_required
def intake_form(request, code):
    procedure = _procedure_for_intake(request.user, code)
    # The documents of the version a dossier received today falls under (services._intake picks the same).
    version = version_in_force(procedure, timezone.localdate()) or procedure.current_version
    documents = list(version.documents.all())
    intake_fields = list(version.intake_fields.all())
    file_fields = {f"doc_{doc.pk}_file": doc.pk for doc in documents} | {"other_file": None}
    missing = None
    error = None
    ticket = _queue_ticket(request)
    slip_form = IntakeSlipForm(request.POST or None, prefix="slip")
    if request.method == "POST":
        form = IntakeForm(request.POST, request.FILES, documents=documents, intake_fields=intake_fields)
        kept = staging.kept_uploads(request, file_fields)  # field → (token, file) from an earlier submission
        intent = request.POST.get("intent", "receive")
        if intent in SLIP_INTENTS:
            done = _issue_slip(request, procedure, form, slip_form, intent)
            if done is not None:
                staging.discard(request.user, [token for token, _ in kept.values()])
                return done
            error = getattr(form, "slip_error", None) or gettext("Vui lòng kiểm tra lại các trường được đánh dấu.")
        elif form.is_valid():
            try:
                result = services.receive_dossier(
                    actor=request.user, procedure_code=procedure.code, unit_code=request.user.unit.code,
                    channel=form.cleaned_data["channel"], applicant=form.applicant(), checklist=form.checklist(),
                    attachments=form.attachments() + [(file_fields[f], upload) for f, (_, upload) in kept.items()],
                    idempotency_key=form.cleaned_data.get("idempotency_key") or None, form_data=form.form_data(),
                )
            except services.IncompleteDossier as exc:
                missing = exc.missing
            except DomainError as exc:
                error = exc.detail
            else:
                staging.discard(request.user, [token for token, _ in kept.values()])
                d = result.dossier
                if ticket is not None:
                    from motcua.frontdesk.services import link_dossier

                    link_dossier(request.user, ticket.pk, d)
                if d.due_at:
                    done_text = gettext("Đã tiếp nhận hồ sơ %(code)s. Hạn giải quyết: %(due)s.") % {
                        "code": d.code, "due": f"{timezone.localtime(d.due_at):%H:%M %d/%m/%Y}"
                    }
                else:
                    done_text = gettext("Đã tiếp nhận hồ sơ %(code)s.") % {"code": d.code}
                if result.replayed:
                    done_text = gettext("Hồ sơ này đã được tiếp nhận trước đó (gửi lại cùng một biểu mẫu): %(text)s") % {
                        "text": done_text
                    }
                messages.success(request, done_text)
                return redirect(reverse("officer:dossier", args=[d.ref]) + "?moi=1")
        else:
            error = gettext("Vui lòng kiểm tra lại các trường được đánh dấu.")
        # Not received: keep every chosen scan for the next submission (nothing uploaded is lost).
        staging.keep_for_next_time(request, form, file_fields, kept)
    else:
        form = IntakeForm(documents=documents, intake_fields=intake_fields, initial={"idempotency_key": uuid.uuid4().hex})
    channel = form["channel"].value() or Channel.COUNTER
    context = {
        "procedure": procedure,
        "version": version,
        "form": form,
        "missing": missing,
        "error": error,
        "slip_form": slip_form,
        "preview": _preview(request.user, procedure, channel),
        "section": "intake",
        "ticket": ticket,
    }
    status = 422 if missing else (400 if error else 200)
    return render(request, "desk/intake_form.html", context, status=status)


# Not received at the counter: guidance to supplement (Mẫu 02) or refusal (Mẫu 03), Decree 61/2018 art. 15.
SLIP_INTENTS = {"guide": "supplement", "refuse": "refusal"}


def _issue_slip(request, procedure, form, slip_form, intent):
    """Record the slip and go to its page (to print it); None with `form.slip_error` set when it cannot."""
    from motcua.forms.services import issue_intake_slip

    if not (form.is_valid() and slip_form.is_valid()):
        return None
    key = form.cleaned_data.get("idempotency_key")
    try:
        slip, replayed = issue_intake_slip(
            actor=request.user, kind=SLIP_INTENTS[intent], procedure_code=procedure.code,
            unit_code=request.user.unit.code, channel=form.cleaned_data["channel"], applicant=form.applicant(),
            checklist=form.checklist() if intent == "guide" else None, reasons=slip_form.cleaned_data["reasons"],
            idempotency_key=f"{key}:{intent}" if key else None,
        )
    except DomainError as exc:
        form.slip_error = exc.detail
        return None
    messages.success(
        request,
        gettext("Đã lập %(slip)s số %(number)s. Hồ sơ chưa được tiếp nhận, không cấp mã hồ sơ.") % {
            "slip": slip.get_kind_display(), "number": slip.number
        },
    )
    return redirect("officer:intake_slip", slip.pk)


def _slip(request, pk):
    from motcua.forms.selectors import intake_slip_for

    slip = intake_slip_for(request.user, pk)
    if slip is None:
        raise Http404(gettext("Không tìm thấy phiếu hoặc bạn không có quyền xem phiếu này."))
    return slip


@require_GET
@officer_required
def intake_slip(request, pk):
    """A slip issued at the counter (nothing received): what it says, and the button to print it."""
    return render(request, "desk/intake_slip.html", {"slip": _slip(request, pk), "section": "intake"})


@require_GET
@officer_required
def intake_slip_pdf(request, pk):
    from motcua.forms.rendering import render_intake_slip

    slip = _slip(request, pk)
    response = HttpResponse(render_intake_slip(slip), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-mau-{slip.form_kind}-{slip.unit.code}-{slip.year}-{slip.sequence:04d}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@counter_officer_required
def intake_preview(request, code):
    procedure = _procedure_for_intake(request.user, code)
    context = {"preview": _preview(request.user, procedure, request.GET.get("channel", "")), "procedure": procedure}
    return render(request, "desk/_due_preview.html", context)
