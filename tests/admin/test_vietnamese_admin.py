"""The Django admin speaks Vietnamese (issue 8 item 19): every list's columns and filters have Vietnamese
labels, coded values and JSON lists are shown in words, and the deadline list shows the dossiers' deadlines
(they live on the dossiers, not in workdays.Deadline, whose list showed 0)."""
import re

import pytest
import time_machine
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.urls import reverse

from motcua.catalog.models import Procedure
from motcua.workdays.models import Deadline
from tests.dossiers.conftest import BIRTH, BUILDING_PERMIT, local, receive
from tests.factories import load_demo_city

pytestmark = pytest.mark.django_db

# Labels Django makes from English field names when a model gives none.
ENGLISH = re.compile(r"^[a-z0-9 ]+$")


@pytest.fixture
def city(settings, tmp_path):
    return load_demo_city(settings, tmp_path)


def model_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if model.__module__.startswith("motcua.")]


def test_every_column_of_every_list_has_a_vietnamese_label():
    english = []
    for model, model_admin in model_admins():
        for name in model_admin.list_display:
            if callable(name) or name == "__str__":
                continue
            label = str(label_for_field(name, model, model_admin))
            if ENGLISH.match(label.lower()) and label.lower() not in {"email", "id"}:
                english.append(f"{model.__name__}.{name}: {label}")
    assert english == []


def test_every_field_and_model_has_a_vietnamese_name():
    english = []
    for model, _ in model_admins():
        meta = model._meta
        for name in (meta.verbose_name, meta.verbose_name_plural):
            if ENGLISH.match(str(name)) and " " not in str(name) and str(name) == meta.model_name:
                english.append(f"{model.__name__}: {name}")
        for field in meta.concrete_fields:
            if field.name != "id" and str(field.verbose_name) == field.name.replace("_", " ") and ENGLISH.match(
                str(field.verbose_name)
            ) and model.__module__ != "motcua.accounts.models":
                english.append(f"{model.__name__}.{field.name}")
    assert english == []


def test_coded_choices_read_in_words():
    field = Deadline._meta.get_field("timeliness")
    assert dict(field.choices) == {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}
    assert dict(Deadline._meta.get_field("time_unit").choices)["working_days"] == "ngày làm việc"


def test_every_changelist_renders(city, admin_client):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        receive(city)
    for model, _ in model_admins():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert admin_client.get(url).status_code == 200, url


def test_the_deadline_list_shows_the_dossiers_deadlines(city, admin_client):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        permit = receive(city)
        birth = receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC")
    html = admin_client.get(reverse("admin:dossiers_dossierdeadline_changelist")).content.decode()
    for d in (permit, birth):
        assert d.code in html
        assert f"{d.due_at.astimezone().day}" in html
    assert "Thời hạn hồ sơ" in html and "Quá hạn" in html  # received in 2024, still open
    assert "2 thời hạn hồ sơ" in html
    # The generic list says where the dossiers' deadlines are.
    generic = admin_client.get(reverse("admin:workdays_deadline_changelist"), follow=True).content.decode()
    assert reverse("admin:dossiers_dossierdeadline_changelist") in generic


def test_a_published_version_shows_units_and_lists_in_words(city, admin_client):
    version = Procedure.objects.get(code=BIRTH).current_version
    html = admin_client.get(reverse("admin:catalog_procedureversion_change", args=[version.pk])).content.decode()
    assert "UBND cấp xã / phường" in html and "ward_people_committee" not in html
    assert "Bộ phận Một cửa cấp xã" in html and "ward_one_stop_desk" not in html
    assert '["' not in html.split('id="content-main"', 1)[1]
    permit = Procedure.objects.get(code=BUILDING_PERMIT).current_version
    html = admin_client.get(reverse("admin:catalog_procedureversion_change", args=[permit.pk])).content.decode()
    assert "Phòng Quản lý đô thị" in html


def test_a_dossier_shows_its_checklist_and_clock_in_words(city, admin_client):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
    html = admin_client.get(reverse("admin:dossiers_dossier_change", args=[d.pk])).content.decode()
    main = html.split('id="content-main"', 1)[1]
    assert "Bắt đầu tính: 09:00 25/11/2024" in main
    assert d.procedure_version.documents.first().name in main
    assert '"present"' not in main and '"kind"' not in main
