"""The admin page "Nhập/Xuất danh mục": upload a file to import (in the background), download exports.

Mounted by ProcedureAdmin.get_urls behind admin_view; views only parse, call and render.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import importing, selectors
from .exporting import export_json, export_xlsx
from .forms import ImportForm
from .models import ImportJob, Procedure

IMPORT_PERMS = ("catalog.add_procedure", "catalog.add_procedureversion")
EXPORT_CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _context(admin_site, request, **extra):
    return {
        **admin_site.each_context(request),
        "opts": Procedure._meta,
        "can_import": request.user.has_perms(IMPORT_PERMS),
        **extra,
    }


def import_export(request, admin_site):
    if request.method == "POST":
        if not request.user.has_perms(IMPORT_PERMS):
            raise PermissionDenied
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            job = importing.start_import_job(upload.name, upload.read(), actor=request.user)
            return redirect("admin:catalog_procedure_import_job", job.pk)
    else:
        form = ImportForm()
    jobs = ImportJob.objects.select_related("created_by")[:10]
    count = selectors.current_procedures().count()
    return render(
        request,
        "catalog/admin/import_export.html",
        _context(admin_site, request, title=_("Nhập/Xuất danh mục thủ tục"), form=form, jobs=jobs, count=count),
    )


def _job_context(job):
    done, total = importing.job_progress(job)
    return {"job": job, "done": done, "total": total, "report": job.report or {}}


def import_job(request, admin_site, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    template = "catalog/admin/_job_status.html" if request.htmx else "catalog/admin/import_job.html"
    return render(
        request, template, _context(admin_site, request, title=_("Nhập danh mục: {name}").format(name=job.file_name), **_job_context(job))
    )


def export(request, admin_site, fmt):
    if fmt not in EXPORT_CONTENT_TYPES:
        messages.error(request, _("Chỉ xuất được .json hoặc .xlsx."))
        return redirect("admin:catalog_procedure_import_export")
    procedures = selectors.current_procedures()
    with translation.override("vi"):  # the file is Vietnamese data (choice labels too), whatever the page's language
        data = export_json(procedures) if fmt == "json" else export_xlsx(procedures)
    response = HttpResponse(data, content_type=EXPORT_CONTENT_TYPES[fmt])
    name = f"danh-muc-thu-tuc-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
