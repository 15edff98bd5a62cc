"""Cameras: the server fetches each desk's snapshot with its credentials under a short timeout and keeps
it a few seconds for every wall; the page never carries a camera's address or password; a camera that
cannot be reached is a clear "Không kết nối được camera" on its tile."""
from datetime import timedelta

import pytest
import time_machine

from motcua.frontdesk import cameras
from motcua.frontdesk.models import Camera

from .conftest import CENTER, DOWN_DESK, WARD_DESK, local

pytestmark = pytest.mark.django_db

WALL = "/can-bo/man-hinh-giam-sat/"


def _record(code, url, username="van", password="b-mat-khau"):
    Camera.objects.filter(unit__code=code).update(snapshot_url=url, username=username, password=password)


def test_the_snapshot_comes_through_the_server_with_the_cameras_credentials(city, client_as, local_camera):
    base, served = local_camera
    _record(WARD_DESK, f"{base}/cgi-bin/snapshot.jpg")
    response = client_as(city["lanhdao.cp"]).get(f"{WALL}{WARD_DESK}/anh/?v=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response.content.startswith(b"\xff\xd8\xff")
    assert response["Cache-Control"] == "private, max-age=30"
    assert served == ["/cgi-bin/snapshot.jpg"]


def test_the_page_never_carries_a_cameras_address_or_password(city, client_as, local_camera):
    base, _ = local_camera
    _record(WARD_DESK, f"{base}/cgi-bin/snapshot.jpg")
    client = client_as(city["lanhdao.cp"])
    for url in (WALL, f"{WALL}o/", f"{WALL}{WARD_DESK}/"):
        html = client.get(url).content.decode()
        assert "b-mat-khau" not in html and base not in html and "cameras.test" not in html
    assert f"{WALL}{WARD_DESK}/anh/?v=" in client.get(WALL).content.decode()


def test_every_open_wall_shares_one_fetch_per_camera_while_it_is_fresh(city, client_as, local_camera):
    base, served = local_camera
    _record(WARD_DESK, f"{base}/snap.jpg")
    for username in ("lanhdao.cp", "giamdoc.hcc", "admin"):
        assert client_as(city[username]).get(f"{WALL}{WARD_DESK}/anh/?v=7").status_code == 200
    assert served == ["/snap.jpg"]


def test_an_unreachable_camera_answers_503_fast_and_its_tile_says_so(city, client_as, settings):
    client = client_as(city["lanhdao.cp"])
    response = client.get(f"{WALL}{DOWN_DESK}/anh/?v=1")  # the demo's camera on port 9: refused at once
    assert response.status_code == 503
    assert response.content.decode().startswith("Không kết nối được camera")
    tile = client.get(f"{WALL}o/").content.decode().split(f'data-unit="{DOWN_DESK}"', 1)[1].split("</li>", 1)[0]
    assert "Không kết nối được camera" in tile and "<img" not in tile


def test_a_camera_that_does_not_answer_in_time_is_down_after_the_timeout(city, monkeypatch):
    seen = {}

    def slow(url, username, password, timeout):
        seen["timeout"] = timeout
        raise TimeoutError("timed out")

    monkeypatch.setattr(cameras, "download", slow)
    snap = cameras.fetch(Camera.objects.get(unit__code=CENTER))
    assert not snap.ok and "Không kết nối được camera" in snap.error
    assert seen["timeout"] == cameras.TIMEOUT <= 3


def test_wrong_credentials_or_something_that_is_not_an_image_are_down_too(city, client_as, local_camera):
    base, _ = local_camera
    client = client_as(city["lanhdao.cp"])
    _record(WARD_DESK, f"{base}/snap.jpg", password="sai")
    assert client.get(f"{WALL}{WARD_DESK}/anh/?v=1").status_code == 503
    _record(CENTER, f"{base}/not-an-image")
    response = client.get(f"{WALL}{CENTER}/anh/?v=1")
    assert response.status_code == 503 and b"<script>" not in response.content


def test_a_desk_without_camera_says_so_and_has_no_image(city, client_as):
    Camera.objects.filter(unit__code=WARD_DESK).delete()
    client = client_as(city["lanhdao.cp"])
    tile = client.get(f"{WALL}o/").content.decode().split(f'data-unit="{WARD_DESK}"', 1)[1].split("</li>", 1)[0]
    assert "Chưa gắn camera" in tile and "<img" not in tile
    assert client.get(f"{WALL}{WARD_DESK}/anh/").status_code == 404


def test_the_demo_camera_is_an_image_the_app_draws_and_exists_only_in_the_demo(client, settings):
    settings.DEMO_MODE = True
    response = client.get(f"/trinh-dien/camera/{WARD_DESK}.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert cameras.image_type(response.content) == "image/png"
    settings.DEMO_MODE = False
    assert client.get(f"/trinh-dien/camera/{WARD_DESK}.png").status_code == 404


def test_the_demo_gives_every_reception_point_a_camera_and_one_that_is_down(city):
    from motcua.units.selectors import reception_units

    urls = dict(Camera.objects.values_list("unit__code", "snapshot_url"))
    assert set(urls) == set(reception_units().values_list("code", flat=True))
    assert urls[WARD_DESK] == f"http://cameras.test/trinh-dien/camera/{WARD_DESK}.png"
    assert urls[DOWN_DESK].startswith("http://127.0.0.1:9/")


def test_a_camera_back_up_shows_again_once_the_down_state_has_expired(city, client_as, local_camera):
    base, _ = local_camera
    client = client_as(city["lanhdao.cp"])
    with time_machine.travel(local(2024, 11, 27, 9, 0), tick=False) as travel:
        assert client.get(f"{WALL}{DOWN_DESK}/anh/?v=1").status_code == 503
        _record(DOWN_DESK, f"{base}/snap.jpg")  # repaired
        travel.shift(timedelta(seconds=cameras.DOWN_STATE_TTL - 1))
        assert "data-camera-down" in client.get(f"{WALL}o/").content.decode().split(f'data-unit="{DOWN_DESK}"', 1)[1].split("</li>", 1)[0]
        travel.shift(timedelta(seconds=2))
        tile = client.get(f"{WALL}o/").content.decode().split(f'data-unit="{DOWN_DESK}"', 1)[1].split("</li>", 1)[0]
        assert "<img" in tile
        assert client.get(f"{WALL}{DOWN_DESK}/anh/?v=2").status_code == 200


def test_a_camera_address_that_is_not_http_is_never_opened(city, tmp_path):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"\xff\xd8\xff" + b"not for the wall")
    Camera.objects.filter(unit__code=CENTER).update(snapshot_url=f"file://{secret}")
    snap = cameras.fetch(Camera.objects.get(unit__code=CENTER))
    assert not snap.ok and snap.body == b""
