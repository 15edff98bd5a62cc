"""A dossier is received under the procedure version in force on its receipt date, not the latest one
(issue 8 item 15); the demo versions are in force from 2018-01-01, not from the day the demo was loaded."""
from datetime import date

import pytest
from django.utils import timezone

from motcua.catalog import services as catalog_services
from motcua.catalog.models import Procedure
from motcua.common.errors import ValidationFailed
from tests.dossiers.conftest import BUILDING_PERMIT, local, receive

pytestmark = pytest.mark.django_db


def publish_new_version(effective_from: date):
    procedure = Procedure.objects.get(code=BUILDING_PERMIT)
    draft = catalog_services.create_draft(procedure, change_note="Quy định mới")
    # The permit is offered online in part: from 1 July 2026 with its legal reason (Decree 224/2026, art. 14).
    draft.partial_online_reason = "Chủ đầu tư ký bản vẽ trước cán bộ thẩm định"
    draft.save()
    return catalog_services.publish_version(draft, effective_from=effective_from)


def test_demo_versions_are_in_force_from_2018(city):
    assert set(Procedure.objects.values_list("current_version__effective_from", flat=True)) == {date(2018, 1, 1)}


def test_a_dossier_received_before_a_new_version_takes_effect_keeps_the_older_one(city):
    first = Procedure.objects.get(code=BUILDING_PERMIT).current_version
    second = publish_new_version(date(2025, 1, 1))
    assert receive(city, at=local(2024, 11, 25, 9, 0)).procedure_version == first
    assert receive(city, at=local(2025, 1, 2, 9, 0)).procedure_version == second


def test_a_version_published_ahead_of_its_date_does_not_apply_yet(city):
    first = Procedure.objects.get(code=BUILDING_PERMIT).current_version
    publish_new_version(timezone.localdate() + timezone.timedelta(days=30))
    assert receive(city).procedure_version == first


def test_no_version_in_force_on_the_receipt_date_is_refused(city):
    Procedure.objects.get(code=BUILDING_PERMIT).versions.update(effective_from=date(2025, 1, 1))
    with pytest.raises(ValidationFailed, match="chưa có phiên bản áp dụng vào ngày 25/11/2024"):
        receive(city, at=local(2024, 11, 25, 9, 0))


def test_the_counter_form_lists_the_documents_of_the_version_in_force(city, client):
    from motcua.catalog.models import RequiredDocument

    first = Procedure.objects.get(code=BUILDING_PERMIT).current_version
    ahead = publish_new_version(timezone.localdate() + timezone.timedelta(days=30))
    RequiredDocument.objects.create(version=ahead, order=99, name="Giấy tờ theo quy định mới", originals=1, copies=0)
    client.force_login(city["tiepnhan.hcc"])
    html = client.get(f"/can-bo/tiep-nhan/{BUILDING_PERMIT}/").content.decode()
    assert "Giấy tờ theo quy định mới" not in html
    assert first.documents.first().name in html
