"""A production start (DEBUG off, a secret key set, no demo mode) passes `check --deploy` with no
warning: HTTPS only, HSTS, Secure cookies — plain HTTP only when asked for."""
import subprocess
import sys
from pathlib import Path

from tests.processes import installation_env

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path, *args, **env):
    base = installation_env(
        DJANGO_SETTINGS_MODULE="motcua.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        MOTCUA_VAR_DIR=str(tmp_path / "var"),
        MOTCUA_SECRET_KEY="p" * 20 + "-a-long-random-production-key-of-sufficient-entropy-xyz",
        MOTCUA_ALLOWED_HOSTS="motcua.example.vn",
    )
    base.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True)


def test_a_production_start_passes_check_deploy_with_no_warning(tmp_path):
    assert _run(tmp_path, "migrate", "--noinput", "-v0").returncode == 0
    r = _run(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout


def test_plain_http_is_only_what_is_asked_for(tmp_path):
    code = "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    assert _run(tmp_path, "shell", "-v", "0", "-c", code).stdout.split() == ["True", "True", "True", "True"]
    assert _run(tmp_path, "shell", "-v", "0", "-c", code, MOTCUA_PLAIN_HTTP="1").stdout.split() == ["False", "False", "False", "False"]


def test_check_deploy_fails_while_an_account_has_the_demo_password(tmp_path):
    assert _run(tmp_path, "migrate", "--noinput", "-v0").returncode == 0
    make = "from motcua.accounts.models import User; User.objects.create_superuser('admin', password='MotCua@2018')"
    assert _run(tmp_path, "shell", "-v", "0", "-c", make).returncode == 0
    r = _run(tmp_path, "check", "--deploy")
    assert r.returncode != 0
    assert "motcua.E001" in r.stderr + r.stdout
