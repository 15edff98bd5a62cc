"""A new ward's leader reads the figures of the wards it took over (issue 12): phường Cẩm Phả's chairman
can select phường Cẩm Trung (until 30/06/2025) on the desk and through the API, its figures by the desk
that received each dossier; a ward that did not end into it stays out of reach."""
import time_machine

from motcua.demo.services import load_demo_accounts, load_demo_reorganisation_2025, load_demo_units_2025
from tests.dossiers.conftest import MARITAL, act, local, receive, token_client


def _after_the_change(city, settings):
    settings.DEMO_REORGANISATION_2025 = True
    load_demo_units_2025()
    load_demo_accounts()
    d = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2025, 6, 2, 9, 0))
    act(city, d, "tiepnhan.camtrung", "transfer", at=local(2025, 6, 2, 10, 0))
    with time_machine.travel(local(2025, 7, 1, 7, 0), tick=False):
        load_demo_reorganisation_2025()
    from motcua.accounts.models import User

    return {u.username: u for u in User.objects.select_related("unit")}


def test_the_new_wards_chairman_selects_a_predecessor_and_reads_its_figures(client, city, settings):
    users = _after_the_change(city, settings)
    client.force_login(users["lanhdao.phuongcampha"])
    with time_machine.travel(local(2025, 8, 1, 9, 0), tick=False):
        page = client.get("/can-bo/thong-ke/", {"unit": "CP-CTR", "date_from": "2025-01-01", "date_to": "2025-06-30"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Phường Cẩm Trung (đến 30/06/2025)" in html  # offered among the units, saying until when
    assert "Phường Cửa Ông" not in html.split('name="unit"', 1)[1].split("</select>", 1)[0]  # not its past
    assert page.context["body"]["received"]["total"] == 1


def test_through_the_api_a_predecessor_is_readable_and_another_ward_is_not(city, settings):
    users = _after_the_change(city, settings)
    api = token_client(users, "lanhdao.phuongcampha")
    with time_machine.travel(local(2025, 8, 1, 9, 0), tick=False):
        mine = api.get("/api/v1/stats", {"unit": "CP-CTR", "from": "2025-01-01", "to": "2025-06-30"})
        other = api.get("/api/v1/stats", {"unit": "CP-CPH", "from": "2025-01-01", "to": "2025-06-30"})
    assert mine.status_code == 200, mine.content
    assert mine.json()["received"]["total"] == 1
    assert other.status_code == 403
