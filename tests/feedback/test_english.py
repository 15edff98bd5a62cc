"""Vietnamese by default; English on the public feedback pages when the visitor chooses it."""
from django.conf import settings

from motcua.feedback import services

from .conftest import DESK_OFFICER, file_one


def test_vietnamese_by_default_english_when_chosen(client, city):
    assert "Gửi phản ánh, kiến nghị" in client.get("/phan-anh/gui/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/phan-anh/gui/").content.decode()
    assert "Send feedback or a complaint" in body and "within 10 working days" in body
    assert "Feedback and complaints" in client.get("/phan-anh/").content.decode()


def test_the_tracking_page_in_english(client, city):
    f = file_one()
    services.answer_feedback(city[DESK_OFFICER], f.code, "Đã xử lý.", publish=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(f"/phan-anh/theo-doi/{f.code}/").content.decode()
    assert "Are you satisfied with how this feedback was handled?" in body and "Answered" in body
    assert "Not satisfied: handled too slowly" in body
