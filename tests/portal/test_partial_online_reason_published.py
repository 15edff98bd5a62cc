"""Decree 224/2026, art. 14: a procedure offered online only in part publishes its legal reason on its page."""
import pytest

from motcua.catalog.models import Procedure
from tests.portal.catalog_data import BIRTH, BUILDING_PERMIT

pytestmark = pytest.mark.django_db

REASON = "Chủ đầu tư ký bản vẽ trước cán bộ thẩm định (Luật Xây dựng 2014, Điều 95)."


def test_the_procedure_page_shows_the_reason_for_partial_online(client, catalog):
    version = Procedure.objects.get(code=BUILDING_PERMIT).current_version
    type(version).objects.filter(pk=version.pk).update(partial_online_reason=REASON)
    html = client.get(f"/thu-tuc/{BUILDING_PERMIT}/").content.decode()
    assert f'<small class="online-reason">Căn cứ pháp lý: {REASON}</small>' in html


def test_a_procedure_without_a_reason_shows_none(client, catalog):
    html = client.get(f"/thu-tuc/{BIRTH}/").content.decode()
    assert 'class="online-reason"' not in html
