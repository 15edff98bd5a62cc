"""The queue's pages: the kiosk and its 80 mm slip with a QR code, the ticket's page, the hall display
and its feed (304 when unchanged), the officer's counter panel; scripts only from static files (CSP)."""
import re
from pathlib import Path

from motcua.frontdesk import services
from motcua.frontdesk.models import Ticket, TicketStatus

from .conftest import CENTER, counter


def no_inline_script(html: str) -> bool:
    return all("src=" in tag for tag in re.findall(r"<script[^>]*>", html)) and " on" + "click=" not in html


def test_kiosk_lists_the_groups_and_issues_a_ticket(client, city):
    page = client.get(f"/kiosk/{CENTER}/")
    html = page.content.decode()
    assert page.status_code == 200 and "Đất đai, xây dựng" in html and 'value="D"' in html
    r = client.post(f"/kiosk/{CENTER}/", {"service_group": "B"})
    ticket = Ticket.objects.get()
    assert (ticket.label, r.status_code, r["Location"]) == ("B001", 302, f"/kiosk/ve/{ticket.token}/in/")


def test_kiosk_of_an_unknown_point_is_404(client, city):
    assert client.get("/kiosk/KHONG-CO/").status_code == 404


def test_kiosk_with_an_unknown_group_says_so_and_issues_nothing(client, city):
    r = client.post(f"/kiosk/{CENTER}/", {"service_group": "Z"})
    assert r.status_code == 400 and "không có nhóm dịch vụ “Z”" in r.content.decode()
    assert not Ticket.objects.exists()


def test_the_slip_prints_on_80mm_with_a_qr_code_to_the_tickets_page(client, city, settings):
    services.issue_ticket(CENTER, "A")
    ticket = services.issue_ticket(CENTER, "A")
    r = client.get(f"/kiosk/ve/{ticket.token}/in/")
    html = r.content.decode()
    assert r.status_code == 200 and "A002" in html and "<svg" in html
    assert re.search(r"Số người đang chờ trước: <strong>1</strong>", html)
    assert "frontdesk/frontdesk.css" in html and "frontdesk/kiosk.js" in html and no_inline_script(html)
    from django.contrib.staticfiles import finders

    assert "size: 80mm auto" in Path(finders.find("frontdesk/frontdesk.css")).read_text(encoding="utf-8")
    page = client.get(f"/hang-doi/ve/{ticket.token}/")
    assert page.status_code == 200 and "Đang chờ" in page.content.decode()


def test_a_ticket_page_needs_its_unguessable_token(client, city):
    assert client.get("/hang-doi/ve/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_the_display_shows_and_feeds_the_last_calls(client, city):
    services.issue_ticket(CENTER, "A")
    services.call_next(city["tiepnhan.hcc"], counter(CENTER, 4).pk)
    page = client.get(f"/man-hinh/{CENTER}/")
    html = page.content.decode()
    assert page.status_code == 200 and "A001" in html and 'data-feed="/man-hinh/CP-HCC/trang-thai.json"' in html
    assert "frontdesk/display.js" in html and no_inline_script(html)
    feed = client.get(f"/man-hinh/{CENTER}/trang-thai.json")
    state = feed.json()
    assert state["calls"][0]["ticket"] == "A001" and state["calls"][0]["counter"] == 4
    assert next(c for c in state["counters"] if c["number"] == 4)["ticket"] == "A001"
    assert len(state["counters"]) == 20
    unchanged = client.get(f"/man-hinh/{CENTER}/trang-thai.json", HTTP_IF_NONE_MATCH=feed["ETag"])
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    services.recall(city["tiepnhan.hcc"], counter(CENTER, 4).pk)
    changed = client.get(f"/man-hinh/{CENTER}/trang-thai.json", HTTP_IF_NONE_MATCH=feed["ETag"])
    assert changed.status_code == 200 and changed.json()["calls"][0]["recalls"] == 1


def test_the_display_feed_costs_a_few_queries(client, city, django_assert_max_num_queries):
    for _ in range(5):
        services.issue_ticket(CENTER, "A")
    services.call_next(city["tiepnhan.hcc"], counter(CENTER, 1).pk)
    with django_assert_max_num_queries(5):
        client.get(f"/man-hinh/{CENTER}/trang-thai.json")


def test_the_display_script_announces_in_vietnamese_with_a_chime(city):
    from django.contrib.staticfiles import finders

    js = Path(finders.find("frontdesk/display.js")).read_text(encoding="utf-8")
    assert 'lang = "vi-VN"' in js and "speechSynthesis" in js and "createOscillator" in js and "If-None-Match" in js


def test_the_officer_opens_calls_and_serves_from_the_panel(client, city):
    services.issue_ticket(CENTER, "A")
    client.force_login(city["tiepnhan.hcc"])
    c = counter(CENTER, 2)
    page = client.get(f"/can-bo/quay/?quay={c.pk}")
    assert page.status_code == 200 and "Gọi số tiếp theo" in page.content.decode()
    r = client.post("/can-bo/quay/", {"counter": c.pk, "action": "call"}, follow=True)
    html = r.content.decode()
    assert "Đã gọi số A001 đến quầy 2." in html and 'id="current-ticket">A001<' in html
    ticket = Ticket.objects.get()
    assert f"/can-bo/tiep-nhan/?ticket={ticket.pk}" in html
    client.post("/can-bo/quay/", {"counter": c.pk, "action": "serve"})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.SERVED


def test_the_panel_says_clearly_when_the_counter_is_closed(client, city):
    services.issue_ticket(CENTER, "A")
    client.force_login(city["tiepnhan.hcc"])
    c = counter(CENTER, 2)
    client.post("/can-bo/quay/", {"counter": c.pk, "action": "close"})
    r = client.post("/can-bo/quay/", {"counter": c.pk, "action": "call"}, follow=True)
    assert "Quầy 2 đang đóng; hãy mở quầy trước khi gọi số." in r.content.decode()
    assert Ticket.objects.get().status == TicketStatus.WAITING


def test_the_panel_is_for_officers(client, city):
    assert client.get("/can-bo/quay/").status_code == 302
    client.force_login(city["congdan.demo"])
    assert client.get("/can-bo/quay/").status_code == 403
