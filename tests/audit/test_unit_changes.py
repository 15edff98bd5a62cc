"""Unit changes are journalled: each unit loaded or edited writes exactly one event with its diff, in the
transaction of the change; an unchanged reload and a refused form write nothing."""
import pytest
from django.db import transaction

from motcua.audit.models import ChangeEvent
from motcua.units.models import Unit
from motcua.units.services import load_units

pytestmark = pytest.mark.django_db

TREE = [
    {"code": "CP", "name": "Thành phố Cẩm Phả", "kind": "city", "parent": None},
    {"code": "CP-CTR", "name": "Phường Cẩm Trung", "kind": "ward", "parent": "CP"},
]


class Boom(Exception):
    pass


def unit_form(unit: Unit, **overrides) -> dict:
    data = {
        "code": unit.code, "name": unit.name, "kind": unit.kind, "parent": unit.parent_id or "",
        "address": unit.address, "phone": unit.phone, "email": unit.email, "working_hours": "",
        "is_active": "on", "sort_order": "0",
        "counters-TOTAL_FORMS": "0", "counters-INITIAL_FORMS": "0",
        "counters-MIN_NUM_FORMS": "0", "counters-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_loading_units_writes_one_import_event_per_new_unit(journal):
    load_units(TREE)
    events = journal.new()
    assert [(e.action, e.object_repr) for e in events] == [
        ("import", "Thành phố Cẩm Phả"), ("import", "Phường Cẩm Trung"),
    ]
    ward = events[1]
    assert ward.changes["code"] == [None, "CP-CTR"] and ward.changes["parent"] == [None, "Thành phố Cẩm Phả"]
    assert ward.app_label == "units" and ward.model == "unit" and ward.object_id == str(Unit.objects.get(code="CP-CTR").pk)


def test_reloading_changes_only_what_differs_and_an_identical_reload_writes_nothing(journal):
    load_units(TREE)
    journal.mark()
    load_units(TREE)
    assert journal.new() == []
    load_units([{**TREE[1], "name": "Phường Cẩm Trung mới", "phone": "0203 3862 000"}])
    (event,) = journal.new()
    assert event.changes == {
        "name": ["Phường Cẩm Trung", "Phường Cẩm Trung mới"], "phone": ["", "0203 3862 000"],
    }


def test_a_load_that_fails_later_leaves_neither_units_nor_events(journal):
    with pytest.raises(Boom), transaction.atomic():
        load_units(TREE)
        raise Boom
    assert Unit.objects.count() == 0 and ChangeEvent.objects.count() == 0


def test_an_admin_edit_writes_one_update_event_with_the_diff(admin_client, admin_user, journal):
    load_units(TREE)
    ward = Unit.objects.get(code="CP-CTR")
    journal.mark()
    response = admin_client.post(f"/quan-tri/units/unit/{ward.pk}/change/", unit_form(ward, name="Phường Cẩm Trung 2"))
    assert response.status_code == 302
    (event,) = journal.new()
    assert (event.action, event.actor_id, event.actor_name) == ("update", admin_user.pk, "quantri")
    assert event.changes == {"name": ["Phường Cẩm Trung", "Phường Cẩm Trung 2"]}


def test_an_admin_create_and_delete_are_journalled(admin_client, journal):
    load_units(TREE)
    city = Unit.objects.get(code="CP")
    journal.mark()
    new = Unit(code="CP-MD", name="Phường Mông Dương", kind="ward", parent=city)
    assert admin_client.post("/quan-tri/units/unit/add/", unit_form(new)).status_code == 302
    (created,) = journal.new()
    assert created.action == "create" and created.changes["name"] == [None, "Phường Mông Dương"]
    journal.mark()
    unit = Unit.objects.get(code="CP-MD")
    assert admin_client.post(f"/quan-tri/units/unit/{unit.pk}/delete/", {"post": "yes"}).status_code == 302
    (deleted,) = journal.new()
    assert deleted.action == "delete" and deleted.object_id == str(unit.pk)
    assert deleted.changes["name"] == ["Phường Mông Dương", None]


def test_a_refused_admin_form_writes_nothing(admin_client, journal):
    load_units(TREE)
    ward = Unit.objects.get(code="CP-CTR")
    journal.mark()
    response = admin_client.post(f"/quan-tri/units/unit/{ward.pk}/change/", unit_form(ward, code="bad code"))
    assert response.status_code == 200 and journal.new() == []
