"""The POST of an action box, shared by the officers' and the citizens' dossier pages.

It checks the action and the version the page was built on, validates the action's form and calls the one
transition; stale pages and refusals come back as Vietnamese messages or the page with the error, never
as a half-done change."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.common.errors import Conflict, DomainError, NotFound, ValidationFailed
from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from .forms import ACTION_ORDER

UNKNOWN_ACTION = _("Thao tác không hợp lệ.")
NOT_NOW = _("Bạn không thể thực hiện thao tác này với hồ sơ ở trạng thái hiện tại.")
CHECK_INPUT = _("Vui lòng kiểm tra lại thông tin của thao tác.")


def action_forms(user, d: Dossier, make_form: Callable, bound_form=None) -> list:
    """One form per action the user may take now, the usual next step first; `bound_form` (a submitted
    form that failed) stands in for its own action's fresh form."""
    allowed = sorted(
        services.allowed_actions(user, d), key=lambda a: ACTION_ORDER.index(a) if a in ACTION_ORDER else 99
    )
    return [
        bound_form if bound_form is not None and bound_form.action == action else make_form(action, d, user)
        for action in allowed
    ]


@dataclass
class Outcome:
    dossier: Dossier | None = None  # after the transition, when it happened
    form: object = None
    response: HttpResponse | None = None  # what to answer instead, when it did not


def post_action(
    request,
    d: Dossier,
    *,
    make_form: Callable,
    render_page: Callable[[object, DomainError], HttpResponse],
    url: str,
    stale_message: str,
) -> Outcome:
    """`make_form(action, dossier, user, data, files)`; `render_page(bound_form, error)` reloads the dossier
    (a failed transaction changed nothing) and renders it with the error, with the error's status."""
    action = request.POST.get("action", "")
    if action not in services.PUBLIC_ACTIONS:
        messages.error(request, UNKNOWN_ACTION)
        return Outcome(response=redirect(url))
    seen = request.POST.get(f"{action}-version", "")
    if seen.isdigit() and int(seen) != d.version:
        messages.error(request, stale_message)  # checked first: the page acted on is out of date
        return Outcome(response=redirect(url))
    if not services.may_attempt(request.user, d, action):  # the guards speak through the transition
        messages.error(request, NOT_NOW)
        return Outcome(response=redirect(url))
    form = make_form(action, d, request.user, request.POST, request.FILES)
    if not form.is_valid():
        if form.errors.get("version"):
            messages.error(request, stale_message)
            return Outcome(response=redirect(url))
        return Outcome(form=form, response=render_page(form, ValidationFailed(str(CHECK_INPUT))))
    try:
        after = services.transition(d, action, actor=request.user, **form.service_kwargs())
    except NotFound:
        raise Http404(gettext("Không tìm thấy hồ sơ hoặc bạn không có quyền xem hồ sơ này.")) from None
    except DomainError as exc:
        if isinstance(exc, Conflict) and exc.detail == str(services.STALE_VERSION):
            messages.error(request, stale_message)
            return Outcome(response=redirect(url))
        return Outcome(form=form, response=render_page(form, exc))
    done = {"action": form.label, "status": after.status_label, "unit": after.current_unit.name}
    messages.success(request, (
        gettext("Đã thực hiện: %(action)s. Hồ sơ hiện “%(status)s” tại %(unit)s.") if request.user.is_officer
        else gettext("Đã thực hiện: %(action)s. Hồ sơ hiện “%(status)s”.")
    ) % done)
    return Outcome(dossier=after, form=form)
