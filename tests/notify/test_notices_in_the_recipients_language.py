"""The notices to an applicant are written in the language the citizen used on the site for the dossier
(English when they submitted it in English), whatever language the officer acting uses; Vietnamese when
the language is unknown (a dossier received at the counter) or the citizen used Vietnamese."""
import re

import time_machine
from django.utils import translation

from motcua.dossiers import services
from motcua.notify.models import Outbox, RecipientLanguage
from motcua.notify.services import remember_language

from .conftest import APPLICANT, act, local, receive

MARITAL = "1.004873.000.00.00.H49"  # ward, 3 working days
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]")


def submitted_online(city, language):
    with time_machine.travel(local(2026, 7, 1, 8, 30), tick=False), translation.override(language):
        d = services.create_draft(
            actor=city["congdan.demo"], procedure_code=MARITAL, unit_code="CP-CTR-MC", applicant=APPLICANT
        )
        return act(city, d, "congdan.demo", "submit")


def received_at_the_desk(city, d, officer_language="vi"):
    with time_machine.travel(local(2026, 7, 1, 9, 0), tick=False), translation.override(officer_language):
        return act(city, d, "tiepnhan.camtrung", "receive")


def rows(d):
    return {row.channel: row for row in Outbox.objects.filter(dossier=d, kind="received")}


def without_data(text, d):
    """The text without what comes from the data (names of units, procedure, applicant, officers)."""
    for value in (d.procedure_version.name, d.reception_unit.name, d.current_unit.name, APPLICANT["name"]):
        text = text.replace(value, "")
    for event in d.events.select_related("actor"):
        text = text.replace(event.actor.full_name or "", "")
    return text


def test_a_citizen_who_submitted_in_english_hears_in_english_even_from_a_vietnamese_officer(city):
    d = submitted_online(city, "en")
    assert RecipientLanguage.objects.get(dossier=d).language == "en"
    d = received_at_the_desk(city, d)
    email, sms = rows(d)["email"], rows(d)["sms"]
    assert email.subject == f"Dossier {d.code} has been received"
    assert email.body.startswith(f"Dear {APPLICANT['name']},\n\n")
    assert "Appointment for the result: " in email.body and "\n\nYours faithfully,\n" in email.body
    assert "Case handling information:" in email.body  # Decree 224/2026 block, in English too
    assert sms.body.startswith(f"Dossier {d.code} has been received.")
    assert not VIETNAMESE.search(without_data(email.subject + email.body + sms.body, d))


def test_the_default_is_vietnamese_even_when_the_officer_uses_english(city):
    d = submitted_online(city, "vi")
    assert not RecipientLanguage.objects.filter(dossier=d).exists()
    d = received_at_the_desk(city, d, officer_language="en")
    email = rows(d)["email"]
    assert email.subject == f"Hồ sơ {d.code} đã được tiếp nhận"
    assert "\n\nTrân trọng.\n" in email.body


def test_a_counter_dossier_is_notified_in_vietnamese_whatever_the_officers_language(city):
    with translation.override("en"):
        d = receive(city, applicant=APPLICANT, at=local(2026, 7, 1, 9, 0))
    assert rows(d)["email"].subject == f"Hồ sơ {d.code} đã được tiếp nhận"


def test_the_citizen_switching_back_to_vietnamese_gets_vietnamese_again(city):
    d = submitted_online(city, "en")
    with translation.override("vi"):  # any later action of the citizen on the dossier, in Vietnamese
        remember_language(d, d.events.latest("id"))
    assert not RecipientLanguage.objects.filter(dossier=d).exists()
    d = received_at_the_desk(city, d)
    assert rows(d)["email"].subject.startswith("Hồ sơ ")
