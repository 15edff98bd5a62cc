"""The administrator records a desk's camera in the admin: the password is written, never shown back
(left empty, the recorded one stays), and addresses that would put credentials in a page are refused."""
import pytest

from motcua.frontdesk.models import Camera

from .conftest import WARD_DESK

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, city):
    from motcua.accounts.models import User

    user = User.objects.get(username="admin")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def _camera():
    return Camera.objects.get(unit__code=WARD_DESK)


def _post(client, camera, **changes):
    data = {"unit": camera.unit_id, "name": "Camera sảnh", "snapshot_url": "http://10.0.0.5/snapshot.jpg",
            "stream_url": "", "username": "van", "password": "", "is_active": "on", **changes}
    return client.post(f"/quan-tri/frontdesk/camera/{camera.pk}/change/", data)


def test_the_password_is_kept_on_the_server_and_never_shown_back(admin_client):
    camera = _camera()
    assert _post(admin_client, camera, password="b-mat-khau").status_code == 302
    assert _camera().password == "b-mat-khau"
    page = admin_client.get(f"/quan-tri/frontdesk/camera/{camera.pk}/change/").content.decode()
    assert "b-mat-khau" not in page
    assert _post(admin_client, camera).status_code == 302  # the password left empty: kept
    assert _camera().password == "b-mat-khau"
    assert _post(admin_client, camera, clear_password="on").status_code == 302
    assert _camera().password == ""


@pytest.mark.parametrize("field,value,message", [
    ("stream_url", "rtsp://admin:123@10.0.0.5/live", "Nhập đường dẫn trên chính trang này"),
    ("stream_url", "/relay/api/stream.mjpeg?src=cam1&password=123", "không được chứa tên đăng nhập hay mật khẩu"),
    ("snapshot_url", "http://admin:123@10.0.0.5/snapshot.jpg", "Không ghi tên đăng nhập, mật khẩu trong địa chỉ"),
    ("snapshot_url", "ftp://10.0.0.5/snapshot.jpg", "phải bắt đầu bằng http:// hoặc https://"),
])
def test_addresses_with_credentials_or_outside_the_site_are_refused_in_vietnamese(admin_client, field, value, message):
    camera = _camera()
    before = (camera.snapshot_url, camera.stream_url)
    response = _post(admin_client, camera, **{field: value})
    assert response.status_code == 200 and message in response.content.decode()
    camera.refresh_from_db()
    assert (camera.snapshot_url, camera.stream_url) == before


def test_a_relay_path_on_the_site_is_accepted_as_the_live_stream(admin_client):
    camera = _camera()
    assert _post(admin_client, camera, stream_url="/relay/api/stream.mjpeg?src=ctr").status_code == 302
    assert _camera().stream_url == "/relay/api/stream.mjpeg?src=ctr"
