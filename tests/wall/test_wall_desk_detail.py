"""A desk opened from the wall: its live picture (the relay's stream when recorded, else a snapshot
refreshed every few seconds), its counters with the number each called last, and its open dossiers."""
from datetime import timedelta

import pytest
import time_machine

from motcua.dossiers import services as dossier_services
from motcua.frontdesk import services as queue
from motcua.frontdesk.models import Camera
from motcua.units.models import Counter

from .conftest import CENTER, WARD_DESK, local
from .test_wall_figures_per_desk import APPLICANT, BIRTH

pytestmark = pytest.mark.django_db


def test_the_desk_shows_its_counters_and_the_number_each_called(city, client_as):
    queue.issue_ticket(CENTER, "B")
    counter = Counter.objects.get(unit__code=CENTER, number=9)
    queue.call_next(city["tiepnhan.hcc"], counter.pk)
    html = client_as(city["lanhdao.cp"]).get(f"/can-bo/man-hinh-giam-sat/{CENTER}/").content.decode()
    assert html.count("<td>Quầy ") == 20
    assert "<td>Quầy 9</td><td>Đang mở</td><td>B001</td>" in html


def test_without_a_stream_the_picture_is_a_snapshot_refreshed_every_few_seconds(city, client_as):
    html = client_as(city["lanhdao.cp"]).get(f"/can-bo/man-hinh-giam-sat/{WARD_DESK}/").content.decode()
    assert f"/can-bo/man-hinh-giam-sat/{WARD_DESK}/anh/?v=" in html and "&amp;live=1" in html
    assert 'data-live="2"' in html


def test_with_a_relay_stream_the_desk_shows_it_live(city, client_as):
    Camera.objects.filter(unit__code=WARD_DESK).update(stream_url="/relay/api/stream.mjpeg?src=ctr")
    html = client_as(city["lanhdao.cp"]).get(f"/can-bo/man-hinh-giam-sat/{WARD_DESK}/").content.decode()
    assert 'class="wall-camera wall-stream" src="/relay/api/stream.mjpeg?src=ctr"' in html


def test_the_live_snapshot_is_at_most_two_seconds_old(city, client_as, local_camera):
    base, served = local_camera
    Camera.objects.filter(unit__code=WARD_DESK).update(snapshot_url=f"{base}/s.jpg", username="van", password="b-mat-khau")
    client = client_as(city["lanhdao.cp"])
    with time_machine.travel(local(2024, 11, 27, 9, 0), tick=False) as travel:
        client.get(f"/can-bo/man-hinh-giam-sat/{WARD_DESK}/anh/?v=1")
        travel.shift(timedelta(seconds=3))
        client.get(f"/can-bo/man-hinh-giam-sat/{WARD_DESK}/anh/?v=2")  # the wall's 20 s: still fresh
        response = client.get(f"/can-bo/man-hinh-giam-sat/{WARD_DESK}/anh/?v=3&live=1")
    assert response["Cache-Control"] == "private, max-age=2"
    assert len(served) == 2


def test_the_desk_lists_its_open_dossiers_most_urgent_first(full_city, client_as):
    def receive(at):
        return dossier_services.receive_dossier(
            actor=full_city["tiepnhan.camtrung"], procedure_code=BIRTH, unit_code=WARD_DESK, channel="counter",
            applicant=APPLICANT, received_at=at,
        ).dossier

    later, earlier = receive(local(2024, 11, 27, 8, 0)), receive(local(2024, 11, 26, 8, 0))
    html = client_as(full_city["lanhdao.cp"]).get(f"/can-bo/man-hinh-giam-sat/{WARD_DESK}/").content.decode()
    assert "Hồ sơ đang giải quyết (2)" in html
    assert html.index(earlier.code) < html.index(later.code)
    assert 'class="is-bad"' in html  # past its deadline: marked
