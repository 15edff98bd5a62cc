"""Issue 15: the screens of the operations apps — the leaders' dashboard, its drill-down and reports, the
public figures, the counter panel, the hall display and kiosk, the monitoring wall, the evaluation pages
and the officers' feedback pages — speak English when English is chosen: no Vietnamese interface text is
left in the page's main content once the data (names of units, people, procedures, stored labels) is
taken out. The officer bar and the site's frame belong to the layout's catalogue and are not checked
here. Vietnamese stays the default."""
import html
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from motcua.demo.services import load_demo_cameras, load_demo_queue
from motcua.evaluation import services as evaluation
from motcua.feedback import services as feedback
from tests.dossiers.conftest import MARITAL, act, receive
from tests.factories import load_demo_city

# Letters English never uses: ă â đ ê ô ơ ư and the vowels with a Vietnamese tone mark.
VIETNAMESE = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯ"
    "áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    "ÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
)
# Proper names kept in English: the system's name and the numbers of legal documents.
PROPER_NAMES = ("Một Cửa", "QĐ-TTg", "NĐ-CP")
OWN_APPS = {"stats", "frontdesk", "evaluation", "feedback", "news", "notify"}
DESK = "tiepnhan.camtrung"
APPLICANT = {"name": "Tran Thi Binh", "id_number": "022190000123", "phone": "0912345678"}
FORM = {"evaluate": "1", "level": "very_satisfied", **{f"i{k}": "2" for k in (1, 2, 3, 4, 6, 7)}}


@pytest.fixture
def city(db, settings, tmp_path):
    users = load_demo_city(settings, tmp_path)
    load_demo_queue()
    load_demo_cameras("http://cameras.test")
    return users


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def returned_dossier(city, hours_ago=2):
    """A marital-status dossier of Cẩm Trung's desk, received, processed and returned in the last hours."""
    start = timezone.now() - timedelta(hours=hours_ago)
    d = receive(city, DESK, MARITAL, "CP-CTR-MC", at=start, applicant=APPLICANT)
    for i, (user, action) in enumerate(
        [(DESK, "transfer"), ("lanhdao.camtrung", "approve"), (DESK, "resolve"), (DESK, "return_result")], 1
    ):
        d = act(city, d, user, action, at=start + timedelta(minutes=10 * i))
    return d


def data_strings() -> list[str]:
    """What pages show as data: every text stored in the database, the site's name, and the choice labels
    of the other apps' models (their own catalogues translate those, on other branches of issue 15)."""
    found = {settings.SITE_NAME}
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        if fields:
            for row in model.objects.values_list(*fields):
                found.update(value for value in row if value)
        if model._meta.app_label not in OWN_APPS:
            with translation.override("vi"):
                for field in model._meta.fields:
                    found.update(str(label) for _value, label in field.flatchoices)
    found |= {text.lower() for text in found}
    return sorted((s for s in found if VIETNAMESE.search(s)), key=len, reverse=True)


def vietnamese_left(page: str) -> list[str]:
    """The Vietnamese words in the main content of `page` once the data is taken out (with some context)."""
    main = re.search(r"<main\b[^>]*>(.*)</main>", page, re.S)
    text = main.group(1) if main else page
    text = re.sub(r'<div class="officer-bar">.*?<div class="officer-who">.*?</form>\s*</div>\s*</div>', "", text,
                  flags=re.S)
    for value in (*data_strings(), *PROPER_NAMES):
        text = text.replace(html.escape(value), " ").replace(value, " ")
    return [text[max(m.start() - 60, 0):m.end() + 60].replace("\n", " ") for m in VIETNAMESE.finditer(text)][:5]


def assert_english(response, *expected):
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert not vietnamese_left(page), vietnamese_left(page)
    for text in expected:
        assert text in page, text


def test_the_leaders_desk_in_english(city, english):
    d = returned_dossier(city)
    evaluation.rate(d, "counter", {"level": "satisfied", "criteria": {"1": 2, "2": 1, "3": 2, "4": 2, "6": 0, "7": 2}})
    receive(city, "tiepnhan.hcc", at=timezone.now() - timedelta(days=30), applicant=APPLICANT)  # overdue by now
    english.force_login(city["giamdoc.hcc"])
    assert_english(english.get(reverse("stats:dashboard")),
                   "Administrative procedure statistics", "Overdue and nearly due dossiers (now)",
                   "Rating of administrative procedure handling", "Decision 766/QĐ-TTg indicators")
    today = timezone.localdate()
    period = {"unit": "CP", "date_from": f"{today.year}-01-01", "date_to": today.isoformat()}
    assert_english(english.get(reverse("stats:dossiers"), {**period, "figure": "received.total"}), "Place of receipt")
    assert_english(english.get(reverse("stats:reports")), "Prepare report")
    # The public page caches its figures: a Vietnamese visitor first must not make it Vietnamese for the next.
    assert "Kết quả giải quyết thủ tục hành chính" in Client().get("/thong-ke/").content.decode()
    public = english.get("/thong-ke/")
    assert_english(public, "Results of administrative procedure handling")
    assert "Cookie" in public["Vary"]


def test_the_counter_panel_the_hall_display_and_the_kiosk_in_english(city, english):
    english.force_login(city["tiepnhan.hcc"])
    counter = english.get(reverse("frontdesk:counter")).context["counters"][0]
    english.post(reverse("frontdesk:counter"), {"counter": counter.pk, "action": "open"})
    english.post(reverse("frontdesk:counter"), {"counter": counter.pk, "action": "call"})
    assert_english(english.get(reverse("frontdesk:counter"), {"quay": counter.pk}, follow=True),
                   "Call queue numbers", "Today's queue")
    assert_english(english.get(reverse("frontdesk:display", args=["CP-HCC"])), "Now calling number")
    assert_english(english.get(reverse("frontdesk:kiosk", args=["CP-HCC"])), "Please choose a service")
    slip = english.post(reverse("frontdesk:kiosk", args=["CP-HCC"]), {"service_group": "A"}, follow=True)
    assert_english(slip, "Queue number", "People waiting ahead:")
    ticket = slip.context["ticket"]
    assert_english(english.get(reverse("frontdesk:ticket", args=[ticket.token])), "Reception point", "Waiting")


def test_the_monitoring_wall_in_english(city, english):
    english.force_login(city["giamdoc.hcc"])
    assert_english(english.get(reverse("frontdesk:wall")), "Monitoring wall of the reception points")
    assert_english(english.get(reverse("frontdesk:wall_desk", args=["CP-HCC"])), "Counters", "Dossiers in progress")


def test_the_evaluation_pages_in_english(city, english):
    d = returned_dossier(city)
    url = evaluation.link_url(d).split("://", 1)[-1]
    url = url[url.index("/"):]
    assert_english(english.get(url), "Rate the handling of dossier", "Overall satisfaction")
    assert_english(english.post(url, FORM), "Thank you for your rating", "Excellent")
    assert_english(english.get(reverse("evaluation:kiosk", args=["CP-CTR-MC"])), "Continue")


def test_the_officers_feedback_pages_in_english(city, english):
    f = feedback.submit_feedback({
        "unit": "CP-CTR-MC", "subject": "Late result", "content": "The result was promised but not returned.",
        "name": "Tran Thi Binh", "phone": "0912 345 678", "email": "", "address": "", "dossier_code": "",
    })
    english.force_login(city[DESK])
    assert_english(english.get(reverse("feedback:officer_list")), "Being handled", "Status")
    assert_english(english.get(reverse("feedback:officer_detail", args=[f.code])), "Send answer")
    answered = english.post(reverse("feedback:officer_detail", args=[f.code]),
                            {"action": "answer", "answer": "Returned today.", "publish": "on"}, follow=True)
    assert_english(answered, "Published on the portal.")


def test_vietnamese_stays_the_default(city, client):
    client.force_login(city["giamdoc.hcc"])
    assert "Thống kê giải quyết thủ tục hành chính" in client.get(reverse("stats:dashboard")).content.decode()
