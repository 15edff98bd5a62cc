"""Catalog changes are journalled: a draft, a publication, an import, an admin edit each write exactly one
event with what changed, in the transaction of the change."""
import copy
import json

import pytest
from django.db import transaction
from django.urls import reverse

from motcua.audit.models import ChangeEvent
from motcua.catalog import services
from motcua.catalog.importing import import_procedures
from motcua.catalog.models import Fee, Field, ProcedureVersion
from motcua.common.errors import ValidationFailed
from motcua.demo.services import DATA_DIR, load_demo_units
from tests.factories import make_procedure

from .admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

DEMO = json.loads((DATA_DIR / "procedures.json").read_text(encoding="utf-8"))["procedures"]


class Boom(Exception):
    pass


def test_publishing_a_version_writes_one_publish_event(journal, admin_user):
    procedure = make_procedure(publish=False)
    version = procedure.versions.get()
    journal.mark()
    services.publish_version(version, actor=admin_user)
    (event,) = journal.new()
    assert (event.action, event.model, event.object_id, event.actor_name) == (
        "publish", "procedureversion", str(version.pk), "quantri",
    )
    assert event.changes["status"] == ["draft", "published"] and event.changes["archived_version"] is None


def test_a_refused_publication_writes_nothing(journal):
    procedure = make_procedure(publish=False, documents=(("Tờ khai", 0, 0),))
    journal.mark()
    with pytest.raises(ValidationFailed):
        services.publish_version(procedure.versions.get())
    assert journal.new() == []


def test_a_new_draft_writes_one_create_event(journal, admin_user):
    procedure = make_procedure()
    journal.mark()
    draft = services.create_draft(procedure, actor=admin_user, change_note="Sửa phí theo Thông tư mới")
    (event,) = journal.new()
    assert event.action == "create" and event.object_id == str(draft.pk)
    assert event.changes == {"number": [None, 2], "copied_from": 1} and event.note == "Sửa phí theo Thông tư mới"


def test_an_import_writes_one_import_event_and_one_publish_event_per_procedure(journal, admin_user):
    load_demo_units()
    journal.mark()
    records = copy.deepcopy(DEMO[:2])
    import_procedures(records, actor=admin_user)
    # The demo's English names (decision 0037) are stored by the import too: "update" events of their own.
    english = journal.new(action="update")
    assert english and {e.note for e in english} == {"Tên tiếng Anh từ tệp nhập danh mục"}
    assert all(set(e.changes) <= {"name_en", "result_en"} for e in english)
    events = [e for e in journal.new() if e.action != "update"]
    assert [e.action for e in events] == ["import", "publish", "import", "publish"]
    assert events[0].changes["procedure"] == DEMO[0]["code"] and events[0].changes["version"] == [None, 1]
    assert {e.actor_name for e in events} == {"quantri"}
    journal.mark()
    import_procedures(copy.deepcopy(DEMO[:2]), actor=admin_user)  # unchanged: nothing to journal
    assert journal.new() == []


def test_a_publication_rolled_back_takes_its_event_with_it(journal):
    procedure = make_procedure(publish=False)
    journal.mark()
    with pytest.raises(Boom), transaction.atomic():
        services.publish_version(procedure.versions.get())
        raise Boom
    assert journal.new() == [] and ProcedureVersion.objects.get().status == "draft"
    assert ChangeEvent.objects.count() == 0


def test_an_admin_edit_of_a_draft_writes_one_event_with_the_diff_and_the_inlines(admin_client, journal):
    procedure = make_procedure()
    draft = services.create_draft(procedure)
    url = reverse("admin:catalog_procedureversion_change", args=[draft.pk])
    data = admin_form_data(admin_client.get(url))
    data["name"] = "Đăng ký khai sinh (sửa)"
    data["legal_basis"] = '["Luật Hộ tịch 2014"]'  # required on the form, empty in the factory
    data["fees-0-text"] = "Lệ phí 8.000 đồng"
    data["fees-0-amount"] = "8000"
    journal.mark()
    response = admin_client.post(url, data)
    assert response.status_code == 302
    (event,) = journal.new()
    assert event.action == "update" and event.changes["name"] == ["Đăng ký khai sinh", "Đăng ký khai sinh (sửa)"]
    fee_label = str(event.changes[str(Fee._meta.verbose_name_plural)]["sửa"])
    assert "Lệ phí 8.000 đồng" in fee_label and "amount" in fee_label and "text" in fee_label


def test_an_admin_field_create_writes_one_event(admin_client, journal):
    response = admin_client.post(reverse("admin:catalog_field_add"), {"name": "Đất đai", "code": "dat-dai"})
    assert response.status_code == 302
    (event,) = journal.new()
    assert event.action == "create" and event.changes == {"code": [None, "dat-dai"], "name": [None, "Đất đai"]}
    assert Field.objects.filter(code="dat-dai").exists()
