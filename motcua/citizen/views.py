"""The citizens' web (dịch vụ công trực tuyến, domain.md §6): submit online, keep drafts, follow one's
dossiers, supplement, pay, withdraw and rate — each through the same services as the API and the desk.

Views parse, call the selectors and services, and render; domain errors become Vietnamese messages.
The page's own texts are translatable (English by the language cookie, as on the portal)."""
from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.decorators import role_required
from motcua.accounts.forms import ProfileForm
from motcua.accounts.models import Role
from motcua.accounts.services import applicant_initial, update_profile
from motcua.catalog.selectors import procedure_detail, reception_desks_for, version_in_force
from motcua.common.errors import DomainError, NotFound
from motcua.dossiers import selectors, services, staging
from motcua.dossiers.documents import file_response, receipt_pdf
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers_web.actions import action_forms, post_action
from motcua.dossiers_web.forms import RateForm
from motcua.esign.selectors import signed_results

from .forms import OnlineSubmissionForm, citizen_action_form
from .selectors import linked_dossiers

STALE = gettext_lazy("Hồ sơ vừa được cập nhật; trang đã được tải lại, vui lòng kiểm tra rồi thực hiện lại.")


citizen_required = role_required(
    lambda user: user.role == Role.CITIZEN,
    gettext_lazy("Trang này dành cho công dân, tổ chức nộp hồ sơ trực tuyến."),
    gettext_lazy("Cán bộ làm việc với hồ sơ tại trang “Công việc của cán bộ” (/can-bo/)."),
)


def _dossier(user, pk) -> Dossier:
    try:
        return selectors.citizen_dossier(user, pk)
    except NotFound:
        # A dossier under the account's verified identity number (read only: the actions are the owner's).
        linked = linked_dossiers(user).select_related("current_step").filter(pk=pk).first()
        if linked is None:
            raise Http404(gettext("Không tìm thấy hồ sơ.")) from None
        return linked


@require_GET
@citizen_required
def my_dossiers(request):
    # With the procedure: its English name, if any, on an English page (decision 0037).
    dossiers = selectors.citizen_dossiers(request.user).select_related("procedure")
    return render(request, "citizen/my_dossiers.html", {"dossiers": dossiers, "linked": linked_dossiers(request.user)})


def _online_procedure(code):
    procedure = procedure_detail(code)
    if procedure is None or procedure.current_version.online_level == "none":
        raise Http404(gettext("Thủ tục này chưa cung cấp dịch vụ công trực tuyến."))
    return procedure


@citizen_required
def submit_online(request, code):
    procedure = _online_procedure(code)
    # The version a submission today falls under (services._intake picks the same).
    version = version_in_force(procedure, timezone.localdate()) or procedure.current_version
    documents = list(version.documents.all())
    intake_fields = list(version.intake_fields.all())
    desks = reception_desks_for(version)
    file_fields = {f"doc_{doc.pk}_file": doc.pk for doc in documents}
    error = None
    if request.method == "POST":
        kept = staging.kept_uploads(request, file_fields)
        form = OnlineSubmissionForm(request.POST, request.FILES, documents=documents, desks=desks, kept=kept,
                                    intake_fields=intake_fields)
        if form.is_valid():
            draft = form.cleaned_data["intent"] == "draft"
            try:
                result = services.receive_dossier(
                    actor=request.user, procedure_code=procedure.code, unit_code=form.cleaned_data["unit"],
                    channel=Channel.ONLINE, applicant=form.applicant(), draft=draft,
                    attachments=form.attachments() + [(file_fields[f], upload) for f, (_, upload) in kept.items()],
                    idempotency_key=form.cleaned_data.get("idempotency_key") or None, form_data=form.form_data(),
                )
            except DomainError as exc:
                error = exc.detail
            else:
                staging.discard(request.user, [token for token, _ in kept.values()])
                d = result.dossier
                messages.success(request, (
                    gettext("Đã lưu nháp hồ sơ. Hồ sơ chưa được gửi: bấm “Nộp hồ sơ” khi đã đủ giấy tờ.") if draft else
                    gettext("Đã nộp hồ sơ trực tuyến. Bộ phận một cửa sẽ kiểm tra và thông báo kết quả tiếp nhận.")
                ))
                return redirect("citizen:dossier", d.pk)
        else:
            error = gettext("Vui lòng kiểm tra lại các trường được đánh dấu.")
        staging.keep_for_next_time(request, form, file_fields, kept)  # nothing uploaded is lost
    else:
        form = OnlineSubmissionForm(documents=documents, desks=desks, intake_fields=intake_fields, initial={
            "idempotency_key": uuid.uuid4().hex, **applicant_initial(request.user),  # from the profile
        })
    context = {"procedure": procedure, "version": version, "form": form, "error": error, "desks": desks}
    return render(request, "citizen/submit.html", context, status=400 if error else 200)


def _page(request, d, bound_form=None, error=None):
    from motcua.payments.selectors import payment_panel

    payment = payment_panel(request.user, d)
    forms = action_forms(request.user, d, citizen_action_form, bound_form)
    if payment["can_pay"]:  # online payment replaces typing a receipt's reference (decision 0042)
        forms = [f for f in forms if f.action != "pay"]
    # Returned online, the applicant downloads the signed copy of each result file that has one (ADR 0043).
    signed = list(signed_results(d)) if selectors.returned_online(d) else []
    context = {
        "d": d, "forms": forms, "payment": payment,
        "events": selectors.citizen_timeline(d), "error": error, "form_data_rows": selectors.form_data_rows(d),
        "attachments": [a for a in selectors.attachments_of(d) if a.event is None or a.event.action != "resolve"],
        "result_files": [
            a for a in selectors.result_files(d) if a.pk not in {s.source_id for s in signed}
        ] if selectors.returned_online(d) else [],
        "signed_results": signed,
        "rating_label": dict(RateForm.base_fields["level"].choices).get(d.rating, d.rating),
    }
    return render(request, "citizen/dossier.html", context, status=(error and getattr(error, "status", 400)) or 200)


@require_GET
@citizen_required
def my_dossier(request, pk):
    return _page(request, _dossier(request.user, pk))


@require_POST
@citizen_required
def my_dossier_action(request, pk):
    d = _dossier(request.user, pk)
    done = post_action(
        request, d, make_form=citizen_action_form,
        render_page=lambda form, exc: _page(request, _dossier(request.user, pk), bound_form=form, error=exc),
        url=reverse("citizen:dossier", args=[d.pk]), stale_message=STALE,
    )
    return done.response or redirect("citizen:dossier", d.pk)


# -- downloads: only the dossier's own applicant account reaches them (`_dossier` is its gate) ---------------
@require_GET
@citizen_required
def result_download(request, pk, file_pk):
    """A file of the result, once it was returned online (Decree 45/2020: the electronic result)."""
    d = _dossier(request.user, pk)
    if not selectors.returned_online(d):
        raise Http404(gettext("Kết quả chưa được trả trực tuyến."))
    return file_response(selectors.result_files(d).filter(pk=file_pk).first())


@require_GET
@citizen_required
def receipt_download(request, pk):
    """The receipt and appointment slip (Mẫu 01) of the applicant's received dossier."""
    return receipt_pdf(_dossier(request.user, pk))


@citizen_required
def profile(request):
    """/ca-nhan/tai-khoan/: the citizen's profile, which pre-fills the online submission form (decision 0044)."""
    user = request.user
    initial = {name: getattr(user, name) for name in ProfileForm.base_fields}
    form = ProfileForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        update_profile(user, form.cleaned_data)
        messages.success(request, gettext("Đã lưu thông tin cá nhân."))
        return redirect("citizen:profile")
    status = 400 if form.is_bound else 200
    return render(request, "citizen/profile.html", {"form": form, "u": user}, status=status)
