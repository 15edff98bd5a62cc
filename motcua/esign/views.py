"""The public check of an electronic result — by the token of its QR code, or by uploading a PDF — rate-limited
per IP with the public lookup (dossiers_web.throttles), and the download of a signed result by those allowed.
Views parse, call esign.services / selectors and render."""
from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from motcua.common.errors import NotFound
from motcua.dossiers.lookup import mask_name
from motcua.dossiers_web.throttles import lookup_allowed

from . import selectors, services
from .forms import CheckUploadForm


def _too_many(request):
    allowed, wait = lookup_allowed(request)
    if allowed:
        return None
    response = render(request, "lookup/429.html", {"wait": wait}, status=429)
    if wait:
        response["Retry-After"] = str(wait)
    return response


def _checked(request, context, template="esign/check.html"):
    """The upload of a POST checked, rendered in `template`."""
    form = CheckUploadForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        context["upload"] = services.check_upload(form.cleaned_data["file"])
        context["form"] = CheckUploadForm()
        status = 200
    else:
        context["form"] = form
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "POST"])
def check(request):
    """/xac-thuc-ket-qua/: upload a PDF to learn whether it is a result we issued and its signature holds."""
    if request.method == "POST":
        return _too_many(request) or _checked(request, {})
    return render(request, "esign/check.html", {"form": CheckUploadForm()})


@require_http_methods(["GET", "POST"])
def verify(request, token):
    """/xac-thuc-ket-qua/<token>/: the page the stamp's QR code opens."""
    refused = _too_many(request)  # the QR page and its upload count against the lookup's budget
    if refused is not None:
        return refused
    result = selectors.by_token(token)
    if result is None:
        return render(request, "esign/unknown.html", {"form": CheckUploadForm()}, status=404)
    context = {
        "r": result, "d": result.dossier, "applicant": mask_name(result.dossier.applicant_name),
        "intact": services.stored_file_intact(result),
    }
    if request.method == "POST":
        return _checked(request, context, "esign/verify.html")
    response = render(request, "esign/verify.html", {**context, "form": CheckUploadForm()})
    add_never_cache_headers(response)
    return response


@require_GET
def download(request, pk):
    """The signed result as a download: its applicant's account (once returned online) or an officer who sees
    the dossier; anyone else 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        result = selectors.for_download(request.user, pk)
    except NotFound:
        raise Http404(gettext("Không tìm thấy tệp.")) from None
    try:
        handle = result.file.open("rb")
    except OSError:
        raise Http404(gettext("Tệp không còn trên máy chủ.")) from None
    response = FileResponse(handle, as_attachment=True, filename=result.filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
