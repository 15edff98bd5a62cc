"""The public lookup in English, by the language cookie (issue 15): the page's texts, the 404 and the 429
are translated; the dossier's data stays as recorded, and the procedure's English name is shown if any."""
import pytest
from django.conf import settings as django_settings

from motcua.catalog.models import Procedure
from motcua.forms.marks import lookup_check

from .conftest import act, local, receive

pytestmark = pytest.mark.django_db

APPLICANT = {"name": "Nguyễn Văn An", "phone": "0912345678", "id_number": "022190000123", "address": "Tổ 5"}


@pytest.fixture
def in_progress(city):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    return act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))


@pytest.fixture
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_form_page_in_english(english, city):
    html = english.get("/tra-cuu/").content.decode()
    assert '<html lang="en">' in html
    assert "Check code" in html and ">Look up</button>" in html and "For example: CP-HCC-241125-0042" in html
    assert "Mã kiểm tra" not in html and "Tra cứu hồ sơ" not in html


def test_result_page_in_english(english, in_progress):
    Procedure.objects.filter(pk=in_progress.procedure_id).update(name_en="Building permit for a new detached house")
    html = english.get(f"/tra-cuu/{in_progress.code}/", {"k": lookup_check(in_progress.code)}).content.decode()
    for text in (f"Dossier {in_progress.code}", "Unit handling it", "Appointment for the result",
                 "09:00 on 16/12/2024", "09:00 on 25/11/2024", "N***** V** A*", "Look up another dossier",
                 '<p class="lead">Building permit for a new detached house</p>'):
        assert text in html, text
    assert "Ngày hẹn trả kết quả" not in html and " ngày 16/12/2024" not in html


def test_result_page_marks_a_vietnamese_procedure_name(english, in_progress):
    Procedure.objects.filter(pk=in_progress.procedure_id).update(name_en="")  # the demo data names it
    html = english.get(f"/tra-cuu/{in_progress.code}/", {"k": lookup_check(in_progress.code)}).content.decode()
    assert '<p class="lead"><span lang="vi" class="lang-vi"' in html


def test_unknown_code_page_in_english(english, city):
    r = english.get("/tra-cuu/CP-HCC-000000-0000/")
    html = r.content.decode()
    assert r.status_code == 404 and "Dossier CP-HCC-000000-0000 not found." in html
    assert "No dossier has this code." in html


def test_429_in_english(english, settings, in_progress):
    settings.MOTCUA_LOOKUP_RATE = "1/minute"
    english.get(f"/tra-cuu/{in_progress.code}/", {"k": lookup_check(in_progress.code)})
    r = english.get(f"/tra-cuu/{in_progress.code}/", {"k": lookup_check(in_progress.code)})
    html = r.content.decode()
    assert r.status_code == 429 and "Too many lookups" in html and "Please try again in" in html
    assert "Quá nhiều lượt tra cứu" not in html
