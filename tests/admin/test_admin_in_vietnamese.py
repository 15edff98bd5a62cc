"""The admin in Vietnamese mode shows no English (issue 15 part 2): every registered model's list and add
page, signed in as a superuser, with the demo city and a dossier in the database.

What is read: the column headers, the filter titles and choices, the cells of the lists, the labels,
help texts and fieldset titles of the add forms, the action menu. What must not be there: English words
Django or a model falls back to (a field without a Vietnamese verbose_name, a custom column without a
description, a boolean shown as True/False), and raw choice codes (`on_time` instead of "Đúng hạn").
In English mode the pages of the translated apps read English (the catalogues are wired in)."""
import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from motcua.accounts.models import Role
from motcua.catalog.models import Procedure
from tests.dossiers.conftest import local, receive
from tests.factories import load_demo_city

pytestmark = pytest.mark.django_db

# English words that appear when a label is missing (Django's fallbacks, untranslated columns).
ENGLISH_WORDS = {
    "status", "created", "updated", "name", "yes", "no", "true", "false", "kind", "key", "type", "date", "title",
    "code", "action", "user", "unit", "active", "description", "value", "number", "time", "at", "by", "count",
    "loaded", "label", "slug", "body", "note", "reason", "amount", "channel", "procedure", "dossier", "event",
    "events", "sequence", "seq", "subject", "data", "payload", "state", "source", "year", "period", "email",
    "phone", "address", "none", "unknown", "id", "username", "password", "enabled", "disabled", "authentication",
    "permissions", "groups", "group", "staff", "superuser", "login", "joined", "first", "last", "whether",
    "select", "change", "add", "delete", "history", "filter", "search", "all", "save",
}
# Allowed as they are in Vietnamese too (abbreviations, brand names).
ALLOWED = {"id", "email", "sms", "zalo", "otp", "pdf", "url", "api", "json", "qr"}
WORD = re.compile(r"[^\W\d_]+")  # whole words, Vietnamese letters included ("Theo kind" → Theo, kind)


class _Texts(HTMLParser):
    """Visible texts of the interesting parts of an admin page, by kind."""

    WATCH = {"th": "header", "label": "label", "h2": "heading", "h3": "filter", "td": "cell", "option": "option",
             "a": "link"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str]] = []  # (tag, kind)
        self.help = 0
        self.texts: list[tuple[str, str]] = []
        self.main = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") == "content-main" or attrs.get("id") == "changelist-filter":
            self.main = True
        classes = (attrs.get("class") or "").split()
        if attrs.get("id") == "changelist-filter":
            self.stack.append((tag, "filters"))
        elif tag == "a" and any(k == "filters" for _t, k in self.stack):
            self.stack.append((tag, "choice"))  # a filter's choice: what a code is shown as
        elif tag in ("div", "p") and ("help" in classes or "helptext" in classes):
            self.stack.append((tag, "help"))
        elif tag in self.WATCH:
            self.stack.append((tag, self.WATCH[tag]))
        elif tag not in ("br", "input", "img", "hr", "meta", "link"):
            self.stack.append((tag, ""))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _kind = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        text = data.strip()
        if not text or not self.main:
            return
        kinds = [k for _t, k in self.stack if k]
        if kinds:
            self.texts.append((kinds[-1], text))


def _texts(html: str) -> list[tuple[str, str]]:
    parser = _Texts()
    parser.feed(html)
    return parser.texts


def _choice_codes() -> set[str]:
    """Every coded value of a choice field of the project whose label differs from the code."""
    codes = set()
    for model in admin.site._registry:
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and value != str(label) and re.fullmatch(r"[a-z0-9_]+", value) and (
                    "_" in value or len(value) > 3
                ):
                    codes.add(value)
    return codes


def _urls():
    for model in admin.site._registry:
        if not model.__module__.startswith(("motcua.", "django.contrib.auth")):
            continue
        info = (model._meta.app_label, model._meta.model_name)
        yield f"admin:{info[0]}_{info[1]}_changelist"
        yield f"admin:{info[0]}_{info[1]}_add"


def _leftovers(texts: list[tuple[str, str]], codes: set[str]) -> list[str]:
    found = []
    for kind, text in texts:
        if kind in ("cell", "option", "choice") and text in codes:
            found.append(f"raw code in a {kind}: {text!r}")
            continue
        if kind in ("cell", "link", "choice"):  # data: only the values Django prints for booleans and codes
            if text in ("True", "False"):
                found.append(f"boolean shown as {text!r}")
            continue
        if kind == "option":
            continue  # options list data (units, users…); codes are checked above
        words = WORD.findall(text)
        english = [w for w in words if w.lower() in ENGLISH_WORDS and w.lower() not in ALLOWED]
        if english:
            found.append(f"English in a {kind}: {text!r}")
    return found


@pytest.fixture
def superuser_client(client, django_user_model):
    """A superuser whose username is no choice code (pytest-django's `admin` is also a role's code)."""
    user = django_user_model.objects.create_superuser("quantri.kiemtra", "kiemtra@example.com", "x-Mat-khau-9")
    client.force_login(user)
    return client


@pytest.fixture
def city(settings, tmp_path):
    city = load_demo_city(settings, tmp_path)
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        receive(city)
    return city


def test_every_list_and_add_page_reads_vietnamese(city, superuser_client):
    codes = _choice_codes()
    problems = []
    for name in _urls():
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        response = superuser_client.get(url)
        if response.status_code == 403 or (response.status_code == 302 and name.endswith("_add")):
            continue  # no adding here (read-only models)
        assert response.status_code == 200, (url, response.status_code)
        html = response.content.decode()
        problems += [f"{url}: {p}" for p in _leftovers(_texts(html), codes)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name, english", [
    ("admin:units_unit_changelist", "Unit name"),
    ("admin:workdays_calendaryear_changelist", "Days off"),
    ("admin:audit_changeevent_changelist", "Action"),
    ("admin:units_unit_add", "Electronic identifier"),
])
def test_english_mode_reads_english(city, superuser_client, name, english):
    superuser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        html = superuser_client.get(reverse(name)).content.decode()
    finally:  # the middleware leaves the request's language active in this thread: back to the default
        translation.activate(settings.LANGUAGE_CODE)
    assert english in html


@pytest.fixture
def online_rows(city):
    """One row of each model the online services added (issue 14), as the lists and the read-only change pages
    show them: a paid order with its gateway's call and a refund, a signed result, a notice for the national
    portal the portal refused, an SMS with its delivery receipt."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from motcua.dossiers.models import Attachment, Dossier, DossierEvent
    from motcua.esign.models import SignedResult
    from motcua.nationalportal.models import PortalPush, PushStatus
    from motcua.notify.models import DeliveryStatus, Outbox
    from motcua.payments.models import (
        CallbackLog,
        CallbackVerdict,
        OrderStatus,
        PaymentOrder,
        Refund,
        RefundStatus,
    )

    now = timezone.now()
    d = Dossier.objects.first()
    order = PaymentOrder.objects.create(dossier=d, amount=75000, order_ref="HS-QT-0001", gateway="vnpay",
                                        status=OrderStatus.REFUNDED, transaction_no="14000001", bank_code="NCB",
                                        response_code="00", paid_at=now)
    log = CallbackLog.objects.create(order=order, params={"vnp_TxnRef": "HS-QT-0001"}, verdict=CallbackVerdict.CONFIRMED,
                                     note="Đã ghi nhận", remote_addr="127.0.0.1")
    refund = Refund.objects.create(order=order, amount=75000, reason="Nộp trùng", status=RefundStatus.DONE,
                                   request_id="R-QT-0001", response_code="00", done_at=now)
    source = Attachment.objects.create(dossier=d, file=ContentFile(b"%PDF-1.7\n", name="kq.pdf"), original_name="kq.pdf",
                                       content_type="application/pdf", size=9, sha256="0" * 64, uploaded_at=now)
    signed = SignedResult.objects.create(
        dossier=d, source=source, file=ContentFile(b"%PDF-1.7\n", name="kq-ky-so.pdf"), filename="kq-ky-so.pdf", size=9,
        sha256="1" * 64, token="ma-xac-thuc-quan-tri", unit=d.reception_unit, unit_name=d.reception_unit.name,
        signer_subject="Trung tâm Phục vụ hành chính công", signer_serial="01AB", signed_at=now)
    event = DossierEvent.objects.filter(dossier=d).first()
    push = PortalPush.objects.create(dossier=d, event=event, sequence=1, key=f"{d.code}-1", status_code="2",
                                     payload={"MaHoSo": d.code}, status=PushStatus.FAILED, attempts=3,
                                     next_attempt_at=now, last_error="Cổng trả lời 400", created_at=now)
    sms = Outbox.objects.filter(channel="sms").first() or Outbox.objects.first()
    Outbox.objects.filter(pk=sms.pk).update(provider_message_id="SMS-1", delivery_status=DeliveryStatus.DELIVERED,
                                            delivered_at=now, receipt_at=now)
    return [order, log, refund, signed, push, sms]


def test_the_online_services_rows_read_vietnamese(online_rows, superuser_client):
    """The lists and the change pages (read-only ones included) of payments, esign, nationalportal and notify's
    delivery receipts, with a row each: no English label, no raw code."""
    codes = _choice_codes()
    problems = []
    for row in online_rows:
        info = (row._meta.app_label, row._meta.model_name)
        for url in (reverse(f"admin:{info[0]}_{info[1]}_changelist"), reverse(f"admin:{info[0]}_{info[1]}_change", args=[row.pk])):
            response = superuser_client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            problems += [f"{url}: {p}" for p in _leftovers(_texts(response.content.decode()), codes)]
    # The procedure's own application fields (decision 0045) and its steps, read only on its published version.
    version = Procedure.objects.get(code="1.009994.000.00.00.H49").current_version
    assert version.intake_fields.exists()
    url = reverse("admin:catalog_procedureversion_change", args=[version.pk])
    response = superuser_client.get(url)
    assert response.status_code == 200 and "Diện tích xây dựng" in response.content.decode()
    assert str(Role("counter_officer").label) in response.content.decode()  # a step's role in words
    problems += [f"{url}: {p}" for p in _leftovers(_texts(response.content.decode()), codes)]
    assert not problems, "\n".join(problems)


def test_a_citizens_user_page_reads_vietnamese(city, superuser_client, django_user_model):
    """The user page, where a citizen's profile and verification show (issue 14): Django's own words on the
    password and the superuser's flag are ours in Vietnamese."""
    codes = _choice_codes()
    citizen = django_user_model.objects.create_user(
        "hoa@example.vn", email="hoa@example.vn", password="Ho-so-cong-dan-2026!", role="citizen", full_name="Lê Thị Hoa",
        identity_number="001190000456", email_verified=True)
    no_password = django_user_model.objects.create_user("khong.mat.khau", role="citizen")
    for user in (citizen, no_password):
        url = reverse("admin:accounts_user_change", args=[user.pk])
        html = superuser_client.get(url).content.decode()
        problems = [f"{url}: {p}" for p in _leftovers(_texts(html), codes)]
        assert not problems, "\n".join(problems)
        assert "Raw passwords" not in html and "Enable password-based" not in html
        assert "Quản trị viên toàn quyền" in html and "Trạng thái superuser" not in html
