"""The public site: the center's home page and catalog pages. Views parse, call selectors, render."""
from pathlib import Path
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.accounts.models import Role
from motcua.catalog import intake
from motcua.catalog.models import LienThongKind
from motcua.catalog.selectors import (
    common_procedures,
    field_counts,
    filter_procedures,
    procedure_detail,
    published_procedures,
)
from motcua.catalog.services import compute_fee
from motcua.units.models import Unit
from motcua.units.selectors import default_center

from . import presentation
from .forms import CatalogFilterForm, FeeCalculatorForm

PAGE_SIZE = 20
COMMON_PROCEDURES = 8


def _htmx_partial(request) -> bool:
    """An HTMX swap wants the fragment; a history restore (cache miss) wants the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


@require_GET
def home(request):
    center = default_center()  # the configured center, or its successor in force today (issue 12)
    center = center if center is not None and center.is_active else None
    context = {
        "fields": field_counts(),
        "common": common_procedures(COMMON_PROCEDURES),
        "center": center,
        "center_hours": presentation.working_hours_text(center) if center else [],
        "desks": presentation.desk_units(),
        "form": CatalogFilterForm(),
    }
    return render(request, "portal/home.html", context)


@require_GET
def catalog(request):
    form = CatalogFilterForm(request.GET or None)
    filters = form.cleaned_or_empty()
    unit = Unit.objects.filter(code=filters["unit"]).first() if filters["unit"] else None
    procedures = filter_procedures(
        published_procedures().prefetch_related(None),
        q=filters["q"],
        field=filters["field"],
        level=filters["level"],
        unit=unit,
        online=filters["online"],
    )
    page = Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "filters": filters,
        "is_filtered": any(filters.values()),
    }
    if not _htmx_partial(request):
        return render(request, "portal/catalog.html", context)
    response = render(request, "portal/_results.html", context)
    # The address bar gets the same short, shareable URL the full page would use: no empty filters.
    kept = [(k, v) for k, v in request.GET.items() if v and k in (*form.fields, "page")]
    response["HX-Push-Url"] = request.path + (f"?{urlencode(kept)}" if kept else "")
    patch_vary_headers(response, ["HX-Request"])
    return response


def _procedure_or_404(code: str):
    procedure = procedure_detail(code)
    if procedure is None:
        raise Http404(_("Không tìm thấy thủ tục."))
    return procedure


def _procedure_context(procedure, *, calculator=None, calculation=None) -> dict:
    version = procedure.current_version
    fees = list(version.fees.all())
    lienthong_units = [u for u in version.lienthong_units if isinstance(u, str)]
    known = presentation.units_by_code([version.implementing_unit_ref, *lienthong_units])
    implementing = (
        version.implementing_unit.name
        if version.implementing_unit_id
        else presentation.unit_ref_text(version.implementing_unit_ref, known)
    )
    variants = [
        {"variant": v, "time": presentation.variant_time_text(v, version)} for v in version.variants.all()
    ]
    calculators = {
        fee.pk: (
            calculator
            if calculator is not None and calculator.data.get("fee") == str(fee.pk)
            else FeeCalculatorForm(initial={"fee": fee.pk, "pages": 1, "copies": 1}, auto_id=f"fee{fee.pk}_%s")
        )
        for fee in fees
        if fee.formula
    }
    return {
        "procedure": procedure,
        "version": version,
        "implementing": implementing,
        "places": presentation.reception_places(version.received_at, version.procedure_id),
        "time_text": presentation.processing_time_text(version),
        "online_time_text": presentation.online_time_text(version),
        "fees": [{"fee": f, "name": presentation.fee_name(f.name), "calculator": calculators.get(f.pk)} for f in fees],
        "calculation": calculation,
        "documents": list(version.documents.all()),
        # The information the application form asks for (decision 0045), in the page's language.
        "intake_fields": [
            {"label": intake.label_of(f), "kind": f.get_kind_display(), "required": f.required,
             "help": intake.help_of(f), "choices": f.choices or []}
            for f in version.intake_fields.all()
        ],
        "variants": variants,
        "steps": presentation.step_rows(version, version.steps.all(), dict(Role.choices)),
        "legal_basis": presentation.legal_basis_items(version.legal_basis),
        "has_lienthong": version.lienthong_kind != LienThongKind.NONE,
        "lienthong_units": [presentation.unit_ref_text(u, known) for u in lienthong_units],
    }


@require_GET
def procedure(request, code):
    return render(request, "portal/procedure.html", _procedure_context(_procedure_or_404(code)))


@require_GET
def procedure_print(request, code):
    return render(request, "portal/procedure_print.html", _procedure_context(_procedure_or_404(code)))


@require_GET
def fee_calculator(request, code):
    """The amount for pages × copies by the fee's formula (catalog.services.compute_fee)."""
    procedure = _procedure_or_404(code)
    form = FeeCalculatorForm(request.GET, auto_id=f"fee{request.GET.get('fee', '')}_%s")
    calculation = {"fee_id": None, "amount": None, "text": ""}
    if form.is_valid():
        # The procedure's fees are already loaded; a fee of another procedure is not among them.
        fee = next((f for f in procedure.current_version.fees.all() if f.pk == form.cleaned_data["fee"]), None)
        if fee is None:
            raise Http404(_("Không tìm thấy mức phí."))
        amount = compute_fee(fee, pages=form.cleaned_data["pages"], copies=form.cleaned_data["copies"])
        calculation = {"fee_id": fee.pk, "amount": amount, "text": presentation.format_money(amount)}
    else:
        calculation["fee_id"] = form.data.get("fee")
    context = {"form": form, "calculation": calculation, "procedure": procedure}
    if _htmx_partial(request):
        response = render(request, "portal/_fee_result.html", context)
    else:
        response = render(
            request,
            "portal/procedure.html",
            _procedure_context(procedure, calculator=form, calculation=calculation),
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


def not_found(request, exception=None):
    return render(request, "portal/404.html", {}, status=404)


FAVICON = Path(__file__).resolve().parent / "static" / "portal" / "favicon.ico"


@require_GET
def favicon(request):
    """/favicon.ico: browsers (and the admin's pages, which link none) ask for it at the root."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
