"""The portal down (connection refused, then 503): nothing is lost, a dossier's later notice never overtakes
an earlier one, the notices wait with exponential backoff however long the outage lasts, and once the
portal is back everything pending goes out in order, none twice."""
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from motcua.nationalportal import services
from motcua.nationalportal.models import PortalPush

from .conftest import act, life, local, receive


def test_an_outage_then_recovery_sends_everything_in_order_once(city, portal, django_capture_on_commit_callbacks):
    portal.stop()  # connection refused
    with django_capture_on_commit_callbacks(execute=True):  # the hook's push fails: the changes stand
        a = life(city, receive(city, at=local(2024, 11, 25, 9, 0)))
        b = receive(city, at=local(2024, 11, 25, 9, 30))
    rows = PortalPush.objects.order_by("id")
    assert rows.count() == 5 and set(rows.values_list("status", flat=True)) == {"pending"}
    # Only each dossier's first notice was tried: its later ones wait behind it.
    assert sorted(rows.filter(attempts__gt=0).values_list("sequence", flat=True)) == [1, 1]
    assert "Connection refused" in rows.filter(attempts__gt=0).first().last_error

    portal.start()
    portal.mode = "503"  # up, but unavailable
    t = timezone.now() + timedelta(minutes=1)
    waits = []
    for _ in range(9):  # the outage lasts: the backoff doubles up to an hour, the rows are never failed
        report = services.send_pending(now=t)
        assert (report.sent, report.failed, report.retried) == (0, 0, 1)  # one try per run while it is down
        head = PortalPush.objects.get(dossier=a, sequence=1)
        waits.append(head.next_attempt_at - t)
        t = head.next_attempt_at
    assert waits == [timedelta(minutes=m) for m in (2, 4, 8, 16, 32, 60, 60, 60, 60)]
    assert "HTTP 503" in head.last_error and portal.notices == []
    assert PortalPush.objects.filter(status="pending").count() == 5

    portal.mode = "ok"
    call_command("push_national_portal")  # nothing is due yet: the backoff holds
    assert portal.notices == []
    report = services.send_pending(now=t)
    assert (report.sent, report.retried, report.failed) == (5, 0, 0)
    assert portal.statuses(a.code) == ["2", "4", "5", "4"]
    assert portal.statuses(b.code) == ["2"]
    assert [n["SoThuTu"] for n in portal.notices if n["MaHoSo"] == a.code] == [1, 2, 3, 4]
    assert len({n["MaDongBo"] for n in portal.notices}) == 5
    assert services.send_pending(now=t + timedelta(days=1)).sent == 0  # nothing is pushed twice
    assert PortalPush.objects.filter(status="sent").count() == 5


def test_a_notice_that_cannot_go_stops_its_dossier_and_the_run(city, portal):
    """The dossier's later notice waits behind it; the other dossiers wait for the next run rather than
    spend a timeout each against a portal that is down."""
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    other = receive(city, at=local(2024, 11, 25, 11, 0))
    portal.mode = "503"
    report = services.send_pending()
    assert (report.retried, report.sent) == (1, 0)
    assert list(PortalPush.objects.filter(dossier=d).order_by("sequence").values_list("attempts", flat=True)) == [1, 0]
    assert PortalPush.objects.get(dossier=other).attempts == 0
    assert "HTTP 503" in PortalPush.objects.get(dossier=d, sequence=1).last_error
    portal.mode = "ok"
    PortalPush.objects.update(next_attempt_at=timezone.now())
    assert services.send_pending().sent == 3
    assert portal.statuses(d.code) == ["2", "4"] and portal.statuses(other.code) == ["2"]


def test_a_notice_lost_after_the_portal_took_it_is_recorded_once(city, portal):
    """At least once on our side, once on the portal's: a crash after the portal's answer pushes again,
    under the same key, and the portal keeps one notice."""
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    services.send_pending()
    PortalPush.objects.filter(dossier=d).update(status="pending", sent_at=None)  # as if the update was lost
    assert services.send_pending().sent == 1
    assert len(portal.requests) == 2 and portal.statuses(d.code) == ["2"]
