"""The officers' desk in English (issue 15): with the language cookie set to English, the worklist, a dossier
page and the intake form carry no Vietnamese text of their own. What stays Vietnamese is data — the names of
units, procedures, documents, steps and people from the demo city, and the site's name — which the check
removes before looking for Vietnamese letters; the applicant of the test dossier is written in ASCII."""
import html as html_lib
import re

import pytest
from django.conf import settings

from motcua.accounts.models import User
from motcua.catalog.models import Field, Level, ProcedureVersion, ProcessStep, RequiredDocument, TimeUnit
from motcua.forms.regimes import REGIMES
from motcua.units.models import Unit

from .conftest import BUILDING_PERMIT, act, receive

pytestmark = pytest.mark.django_db

# Letters only Vietnamese uses (ă â đ ê ô ơ ư) and the tone-marked vowels (à á ả ã ạ … ỹ), either case.
VIETNAMESE = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]"
)
APPLICANT = {"name": "Tran Thi Binh", "id_number": "022190000123", "phone": "0912345678", "address": "12 Le Loi"}


def data_values(*dossiers) -> list[str]:
    """Everything that is data on these pages, longest first (a name inside another is removed after it)."""
    values = {settings.SITE_NAME} if getattr(settings, "SITE_NAME", "") else set()
    values |= set(Unit.objects.values_list("name", flat=True))
    values |= set(ProcedureVersion.objects.values_list("name", flat=True))
    values |= set(RequiredDocument.objects.values_list("name", flat=True))
    values |= set(ProcessStep.objects.values_list("name", flat=True))
    values |= set(Field.objects.values_list("name", flat=True))
    values |= set(User.objects.values_list("full_name", flat=True))
    values |= {e.note for d in dossiers for e in d.events.all()}
    # Not this desk's words: the catalog's levels and time units (motcua.catalog) and the names of the legal
    # forms of each regime on the print buttons (motcua.forms; the forms themselves print in Vietnamese).
    values |= {str(label) for _value, label in Level.choices + TimeUnit.choices}
    values |= {f.label for regime in REGIMES for f in regime.dossier_forms}
    return sorted((v for v in values if v), key=len, reverse=True)


def own_text(html: str, *dossiers) -> str:
    """The page's main content as text, without its data, tags, scripts and the parts other apps render:
    the time-limit explanations written by motcua.workdays (the due preview and the clock ledger)."""
    main = html[html.index('<main id="main"'):html.index("</main>")]
    main = re.sub(r'<p class="hint explanation">.*?</p>', "", main, flags=re.S)
    main = re.sub(r'<ul class="clock-ledger".*?</ul>', "", main, flags=re.S)
    main = html_lib.unescape(main)
    for value in data_values(*dossiers):
        main = main.replace(value, " ")
    return main


def vietnamese_left(text: str) -> list[str]:
    """The lines of `text` still holding Vietnamese letters (to show what was left untranslated)."""
    return [line.strip() for line in text.splitlines() if VIETNAMESE.search(line)]


@pytest.fixture
def english(client_as):
    def sign_in(username):
        client = client_as(username)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


@pytest.fixture
def dossier(city):
    """A building permit received at the city's center and handed on through its process (steps, holdings)."""
    d = receive(city, applicant=APPLICANT)
    return act(city, d, "tiepnhan.hcc", "transfer", note="Sent on")


def holder(dossier) -> User:
    """An officer of the unit holding the dossier now (its worklist shows it, its page has actions)."""
    return User.objects.filter(unit=dossier.current_unit, is_active=True).exclude(role="citizen").order_by("role").first()


def test_the_worklist_in_english(english, city, dossier):
    client = english(holder(dossier).username)
    response = client.get("/can-bo/?tab=dang-xu-ly")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert ">Unit's dossiers</a>" in html and ">Dossier tracking book</a>" in html and ">Sign out</button>" in html
    assert "<th>Dossier code</th>" in html and "<th>Processing deadline</th>" in html
    left = vietnamese_left(own_text(html, dossier))
    assert not left, "\n".join(left)


def test_every_worklist_tab_in_english(english, city, dossier):
    client = english("tiepnhan.hcc")
    from motcua.dossiers.selectors import TAB_SLUGS

    for slug in TAB_SLUGS:
        html = client.get(f"/can-bo/?tab={slug}").content.decode()
        left = vietnamese_left(own_text(html, dossier))
        assert not left, slug + ":\n" + "\n".join(left)


def test_a_dossier_page_in_english(english, city, dossier):
    client = english("tiepnhan.hcc")
    response = client.get(f"/can-bo/ho-so/{dossier.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2 id=\"s-deadline\">Deadlines</h2>" in html and "<h2 id=\"s-timeline\">Processing history</h2>" in html
    assert "Receive dossier" in html  # the action label of the first event
    left = vietnamese_left(own_text(html, dossier))
    assert not left, "\n".join(left)


def test_a_dossier_page_with_its_actions_in_english(english, city, dossier):
    """The page of the officer holding the dossier now, with its action forms (labels, choices, help)."""
    client = english(holder(dossier).username)
    html = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "<h2 id=\"s-actions\">Actions</h2>" in html
    left = vietnamese_left(own_text(html, dossier))
    assert not left, "\n".join(left)


def test_the_intake_search_and_form_in_english(english, city):
    client = english("tiepnhan.hcc")
    html = client.get("/can-bo/tiep-nhan/").content.decode()
    assert "<h1>Receive dossier</h1>" in html
    left = vietnamese_left(own_text(html))
    assert not left, "\n".join(left)
    response = client.get(f"/can-bo/tiep-nhan/{BUILDING_PERMIT}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Step 2: Check the dossier&#x27;s documents" in html or "Step 2: Check the dossier's documents" in html
    assert ">Receive dossier</button>" in html
    left = vietnamese_left(own_text(html))
    assert not left, "\n".join(left)


def test_an_incomplete_intake_in_english(english, city):
    """Nothing ticked: the supplement guidance of the refused submission is English too."""
    client = english("tiepnhan.hcc")
    response = client.post(
        f"/can-bo/tiep-nhan/{BUILDING_PERMIT}/",
        {"applicant_name": "Tran Thi Binh", "channel": "counter", "intent": "receive",
         # the building permit's required information (decision 0045)
         "fd_dia_chi_cong_trinh": "5 Tran Phu", "fd_thua_dat_sheet": "12", "fd_thua_dat_parcel": "345",
         "fd_dien_tich_xay_dung": "85.5", "fd_so_tang": "3"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Incomplete dossier — not received" in html
    left = vietnamese_left(own_text(html))
    assert not left, "\n".join(left)


def test_the_tracking_book_and_sign_in_in_english(english, city, client):
    html = english("tiepnhan.hcc").get("/can-bo/so-theo-doi/").content.decode()
    assert "<h1>Dossier tracking book</h1>" in html
    left = vietnamese_left(own_text(html))
    assert not left, "\n".join(left)


def test_the_sign_in_page_in_english(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/dang-nhap/").content.decode()
    assert "<h1>Sign in</h1>" in html and ">Username</label>" in html and ">Password</label>" in html
    left = vietnamese_left(own_text(html))
    assert not left, "\n".join(left)


def test_vietnamese_stays_the_default(client_as, city, dossier):
    html = client_as("tiepnhan.hcc").get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "<h2 id=\"s-deadline\">Thời hạn</h2>" in html and "Quá trình xử lý" in html
    left = vietnamese_left(own_text(html, dossier))  # the check does see the desk's own Vietnamese words
    assert any("Quá trình xử lý" in line for line in left) and any("Thời hạn" in line for line in left)


def test_the_legal_forms_stay_vietnamese_in_english(english, city, dossier):
    """The tracking book (Mẫu 06/07) downloaded from the English desk still speaks Vietnamese: its status
    and timeliness come from the translatable labels, and forms print in the default language."""
    import io

    from django.utils import timezone
    from openpyxl import load_workbook

    today = timezone.localdate()
    response = english("tiepnhan.hcc").get(
        "/can-bo/so-theo-doi/", {"date_from": today.replace(day=1).isoformat(), "date_to": today.isoformat(),
                                 "format": "xlsx"},
    )
    assert response.status_code == 200
    cells = [c for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True) for c in row]
    assert "Đang xử lý" in cells and "Being handled" not in cells
