"""The site's icon is served at /favicon.ico and linked from the pages (issue 8 item 18)."""
import pytest

pytestmark = pytest.mark.django_db


def test_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header


def test_pages_link_the_icon(client):
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/").content.decode()


def test_admin_pages_link_the_icon(client):
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/quan-tri/login/").content.decode()
