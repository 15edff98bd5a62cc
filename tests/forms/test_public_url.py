"""The public address printed in QR codes, e-mails and SMS follows the address served (issue 8 item 18:
`PORT=8101 make run` still printed :8000)."""
import subprocess
import sys
from pathlib import Path

import pytest

from motcua.forms.marks import lookup_url
from motcua.settings import public_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"MOTCUA_PORT": "8101"}, "http://127.0.0.1:8101"),
        ({"PORT": "8101"}, "http://127.0.0.1:8101"),
        ({"MOTCUA_HOST": "localhost", "MOTCUA_PORT": "8101"}, "http://localhost:8101"),
        ({"MOTCUA_HOST": "0.0.0.0", "MOTCUA_PORT": "8101"}, "http://127.0.0.1:8101"),
        ({"MOTCUA_PORT": "80"}, "http://127.0.0.1"),
        ({"MOTCUA_PUBLIC_URL": "https://motcua.campha.vn/", "MOTCUA_PORT": "8101"}, "https://motcua.campha.vn"),
    ],
)
def test_public_url_is_explicit_or_the_served_address(environ, expected):
    assert public_url(environ) == expected


def test_settings_take_the_port_from_the_environment(tmp_path):
    code = "import django; django.setup(); from django.conf import settings; print(settings.MOTCUA_PUBLIC_URL)"
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "motcua.settings", "MOTCUA_PORT": "8101",
           "MOTCUA_VAR_DIR": str(tmp_path), "MOTCUA_SECRET_KEY": "test"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "http://127.0.0.1:8101"


def test_make_run_passes_host_and_port_to_every_process():
    out = subprocess.run(
        ["make", "-n", "run", "PORT=8101", "HOST=localhost"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    commands = [line for line in out.splitlines() if "manage.py" in line]
    assert commands and all("MOTCUA_HOST=localhost MOTCUA_PORT=8101" in line for line in commands)


def test_qr_lookup_url_uses_the_setting(settings):
    settings.MOTCUA_PUBLIC_URL = "http://127.0.0.1:8101"
    assert lookup_url("000.00.01.H49-261201-0001") == "http://127.0.0.1:8101/tra-cuu/000.00.01.H49-261201-0001/"
