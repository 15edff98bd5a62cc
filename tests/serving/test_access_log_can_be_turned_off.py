"""gunicorn's settings (motcua/gunicorn_conf.py): the access log goes to stdout by default; an empty
MOTCUA_ACCESS_LOG turns it off (a proxy in front keeps one; the benchmarks run without it)."""
import importlib

import motcua.gunicorn_conf as conf


def test_the_access_log_is_on_by_default_and_off_when_emptied(monkeypatch):
    monkeypatch.delenv("MOTCUA_ACCESS_LOG", raising=False)
    assert importlib.reload(conf).accesslog == "-"
    monkeypatch.setenv("MOTCUA_ACCESS_LOG", "")
    assert importlib.reload(conf).accesslog is None
    monkeypatch.setenv("MOTCUA_ACCESS_LOG", "/var/log/motcua/access.log")
    assert importlib.reload(conf).accesslog == "/var/log/motcua/access.log"
    monkeypatch.delenv("MOTCUA_ACCESS_LOG")
    importlib.reload(conf)
