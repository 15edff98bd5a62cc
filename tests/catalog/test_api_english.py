"""The catalog API's messages and the root URLs' (admin titles, problem details of 404/400/500) are
translated: Vietnamese by default, English for whoever chose it (the language cookie)."""
import json

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils import translation

from motcua import urls

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_catalog_api_problems_are_vietnamese_by_default_and_english_when_chosen(client):
    vi = client.get("/api/v1/procedures/KHONG-CO").json()
    assert vi["detail"] == "Không có thủ tục mã “KHONG-CO”."
    english(client)
    assert client.get("/api/v1/procedures/KHONG-CO").json()["detail"] == "There is no procedure with code “KHONG-CO”."
    details = {
        "unit": "There is no unit with code “NOPE”.",
        "level": "The level of government “moon” is not valid.",
        "online": "The online parameter must be full, partial, none, true or false.",
    }
    values = {"unit": "NOPE", "level": "moon", "online": "maybe"}
    for param, detail in details.items():
        response = client.get("/api/v1/procedures", {param: values[param]})
        assert response.status_code == 400
        assert response.json()["detail"] == detail
        assert response.json()["errors"] == [{"field": param, "message": detail}]


def test_an_unknown_api_address_is_a_problem_in_the_chosen_language(client):
    assert client.get("/api/v1/khong-co-dau").json()["detail"] == "Không tìm thấy địa chỉ yêu cầu."
    assert english(client).get("/api/v1/khong-co-dau").json()["detail"] == "The requested address was not found."


def test_handlers_400_and_500_translate_their_problem_details():
    request = RequestFactory().get("/api/v1/procedures")

    def detail(response):
        return json.loads(response.content)["detail"]

    with translation.override("en"):
        assert detail(urls.handler400(request)) == "The request is not valid."
        assert detail(urls.handler500(request)) == "Server error; please try again later."
    with translation.override("vi"):
        assert detail(urls.handler400(request)) == "Yêu cầu không hợp lệ."
        assert detail(urls.handler500(request)) == "Lỗi hệ thống; vui lòng thử lại sau."


def test_admin_titles_are_translated(admin_client):
    page = admin_client.get("/quan-tri/").content.decode()
    assert "Một Cửa — Quản trị" in page and "Quản trị hệ thống" in page
    page = english(admin_client).get("/quan-tri/").content.decode()
    assert "Một Cửa — Administration" in page and "System administration" in page
    assert "System administrator" not in page
