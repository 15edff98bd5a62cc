"""The catalog admin: the import/export page with its job, versions read-only once published, publishing."""
import copy
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.catalog import importing, services
from motcua.catalog.models import ImportJob, Procedure, ProcedureVersion, ProcessStep, VersionStatus
from motcua.demo.services import DATA_DIR, load_demo_units
from tests.factories import UserFactory, make_procedure

pytestmark = pytest.mark.django_db

DEMO = json.loads((DATA_DIR / "procedures.json").read_text(encoding="utf-8"))["procedures"]


@pytest.fixture(autouse=True)
def synchronous_jobs(monkeypatch):
    monkeypatch.setattr(importing.jobs, "JOB_RUNNER", lambda fn: fn())


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, role="admin"))
    return client


@pytest.fixture
def units():
    load_demo_units()


def upload(client, name, data):
    url = reverse("admin:catalog_procedure_import_export")
    return client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_changelist_links_to_the_import_export_page(admin_client, units):
    response = admin_client.get(reverse("admin:catalog_procedure_changelist"))
    assert response.status_code == 200
    assert reverse("admin:catalog_procedure_import_export") in response.content.decode()
    page = admin_client.get(reverse("admin:catalog_procedure_import_export"))
    assert "Nhập/Xuất danh mục" in page.content.decode()


def test_good_file_is_imported_and_the_result_shown(admin_client, units):
    response = upload(admin_client, "danh-muc.json", (DATA_DIR / "procedures.json").read_bytes())
    html = response.content.decode()
    assert "Đã nhập xong 19 thủ tục" in html and "19 thủ tục mới" in html
    assert Procedure.objects.count() == 19
    job = ImportJob.objects.get()
    assert (job.status, job.done, job.total, job.report["created"]) == ("done", 19, 19, 19)


def test_bad_file_shows_every_error_and_imports_nothing(admin_client, units):
    records = copy.deepcopy(DEMO)
    records[1]["level"] = "district"
    records[4]["steps"] = [{"order": 1, "name": "Xử lý", "role": "specialist", "unit": "ward", "share": 0.4}]
    data = json.dumps({"procedures": records}, ensure_ascii=False).encode()
    html = upload(admin_client, "loi.json", data).content.decode()
    assert "2 lỗi" in html and "không có thủ tục nào được nhập" in html
    assert "<td>JSON</td><td>2</td><td>level</td>" in html
    assert "<td>JSON</td><td>5</td><td>steps[1].share</td>" in html
    assert Procedure.objects.count() == 0
    assert ImportJob.objects.get().status == "failed"


def test_a_file_that_is_not_a_workbook_shows_an_error(admin_client, units):
    html = upload(admin_client, "danh-muc.xlsx", b"hello").content.decode()
    assert "Excel (.xlsx)" in html
    assert Procedure.objects.count() == 0


def test_other_extensions_are_refused_by_the_form(admin_client):
    html = upload(admin_client, "danh-muc.csv", b"a,b").content.decode()
    assert "Chỉ nhận tệp .json hoặc .xlsx." in html
    assert ImportJob.objects.count() == 0


def test_running_job_is_polled_with_htmx_and_shows_progress(admin_client, monkeypatch):
    job = ImportJob.objects.create(file_name="lon.xlsx", status="running", total=500, done=0)
    monkeypatch.setattr(importing, "job_progress", lambda j: (120, 500))
    url = reverse("admin:catalog_procedure_import_job", args=[job.pk])
    page = admin_client.get(url).content.decode()
    assert "catalog/htmx.min.js" in page and 'hx-trigger="every 1s"' in page
    partial = admin_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Đang nhập 120/500" in partial and "<html" not in partial


@pytest.mark.parametrize(("fmt", "marker"), [("json", b'"procedures"'), ("xlsx", b"PK")])
def test_export_downloads(admin_client, units, fmt, marker):
    importing.import_procedures(copy.deepcopy(DEMO))
    response = admin_client.get(reverse("admin:catalog_procedure_export", args=[fmt]))
    assert response.status_code == 200
    assert f".{fmt}" in response["Content-Disposition"]
    assert marker in response.content[:200]


def test_published_version_is_read_only_and_draft_is_editable(admin_client):
    procedure = make_procedure()
    published = procedure.current_version
    page = admin_client.get(reverse("admin:catalog_procedureversion_change", args=[published.pk]))
    assert page.status_code == 200 and 'name="name"' not in page.content.decode()
    post = admin_client.post(reverse("admin:catalog_procedureversion_change", args=[published.pk]), {"name": "X"})
    assert post.status_code == 403
    draft = services.create_draft(procedure)
    page = admin_client.get(reverse("admin:catalog_procedureversion_change", args=[draft.pk]))
    assert 'name="name"' in page.content.decode()


def test_create_draft_action_then_publish_action_gives_version_2(admin_client):
    procedure = make_procedure()
    response = admin_client.post(
        reverse("admin:catalog_procedure_changelist"),
        {"action": "create_draft", "_selected_action": [procedure.pk]},
        follow=True,
    )
    assert "bản nháp phiên bản 2" in response.content.decode()
    draft = procedure.versions.get(number=2)
    assert draft.status == VersionStatus.DRAFT
    response = admin_client.post(
        reverse("admin:catalog_procedureversion_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "đã công bố phiên bản 2" in response.content.decode()
    procedure.refresh_from_db()
    assert procedure.current_version.number == 2
    assert procedure.versions.get(number=1).status == VersionStatus.ARCHIVED


def test_publish_action_with_bad_shares_shows_the_error_not_a_500(admin_client):
    procedure = make_procedure(steps=[("Tiếp nhận", "counter_officer", "one_stop_desk", "1")])
    draft = services.create_draft(procedure)
    ProcessStep.objects.filter(version=draft).update(share=Decimal("0.4"))
    response = admin_client.post(
        reverse("admin:catalog_procedureversion_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "phải bằng 1" in response.content.decode()
    assert ProcedureVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT


def test_changelist_filters_and_search_work(admin_client):
    make_procedure()
    url = reverse("admin:catalog_procedure_changelist")
    assert admin_client.get(url, {"q": "khai sinh", "current_version__level__exact": "ward"}).status_code == 200
    versions = reverse("admin:catalog_procedureversion_changelist")
    assert admin_client.get(versions, {"status__exact": "published", "online_level__exact": "full"}).status_code == 200
