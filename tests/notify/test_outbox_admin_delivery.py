"""The outbox list in the admin shows what the receipts said, and filters on it."""
import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.notify.models import Outbox
from motcua.notify.services import record_receipt, send_pending
from tests.factories import UserFactory

from .conftest import local, receive


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, role="admin"))
    return client


def test_the_outbox_list_shows_delivery(admin_client, city, sms_gateway):
    d = receive(city, applicant={"name": "Lê Văn Cường", "phone": "0988000111"}, at=local(2024, 11, 25, 9, 0))
    send_pending(now=timezone.now())
    row = Outbox.objects.get(dossier=d, channel="sms")
    record_receipt("sms", row.provider_message_id, True, local(2024, 11, 25, 9, 0, 7))
    url = reverse("admin:notify_outbox_changelist")
    page = admin_client.get(url).content.decode()
    assert "Tình trạng nhận tin" in page and "Đến người nhận lúc" in page
    assert "Đã đến người nhận" in page
    filtered = admin_client.get(url, {"delivery_status__exact": "delivered"}).content.decode()
    assert f'href="/quan-tri/notify/outbox/{row.pk}/change/' in filtered
    assert admin_client.get(url, {"q": "SMS-0001"}).status_code == 200
