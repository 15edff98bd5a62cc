"""A notice the portal rejects (400) is set aside as failed with the portal's answer, visible in the admin's
portal outbox, and does not hold the dossier's later notices; the admin's retry action queues it again."""
from django.urls import reverse

from motcua.nationalportal import services
from motcua.nationalportal.models import PortalPush

from .conftest import act, local, receive


def test_a_rejected_notice_is_failed_and_the_later_ones_go_on(city, portal):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    portal.reject = lambda notice: notice["TrangThaiHoSo"] == "2"
    report = services.send_pending()
    assert (report.failed, report.sent, report.retried) == (1, 1, 0)
    failed = PortalPush.objects.get(dossier=d, sequence=1)
    assert failed.status == "failed" and failed.attempts == 1
    assert "HTTP 400" in failed.last_error and "Mã thủ tục không có trong CSDL quốc gia" in failed.last_error
    assert portal.statuses(d.code) == ["4"]
    assert services.send_pending().failed == 0  # a failed notice is not tried again by itself
    assert services.counts() == {"pending": 0, "sent": 1, "failed": 1}


def test_the_admin_lists_the_outbox_in_vietnamese_and_retries_a_failed_notice(city, portal, client):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    portal.reject = lambda notice: True
    services.send_pending()
    admin = city["admin"]
    client.force_login(admin)
    url = reverse("admin:nationalportal_portalpush_changelist")
    page = client.get(url).content.decode()
    assert "Hộp thư đi Cổng DVC quốc gia" in page and "Cổng từ chối" in page and d.code in page
    assert "2 — Được tiếp nhận" in page
    assert "Đẩy lại các thông báo bị Cổng từ chối đã chọn" in page

    portal.reject = lambda notice: False  # the cause fixed (e.g. the procedure's code corrected)
    row = PortalPush.objects.get(dossier=d)
    response = client.post(url, {"action": "retry", "_selected_action": [row.pk]}, follow=True)
    assert "Đã đưa 1 thông báo trở lại hàng chờ." in response.content.decode()
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("pending", 0, "")
    assert services.send_pending().sent == 1
    assert portal.statuses(d.code) == ["2"]
