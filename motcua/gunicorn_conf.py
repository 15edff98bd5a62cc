"""Gunicorn settings of `make run` and of a production app server (docs/deployment.md).

Read by `gunicorn -c python:motcua.gunicorn_conf motcua.wsgi`. Everything comes from the environment,
like the Django settings: HOST/PORT (or MOTCUA_BIND), MOTCUA_WEB_WORKERS, MOTCUA_WEB_THREADS."""
import gc
import multiprocessing
import os

bind = os.environ.get("MOTCUA_BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# One worker per core: the app is CPU-bound Python with short database waits; more processes than
# cores only add memory (each worker is ~100 MB) without adding throughput on a 2-core machine.
workers = int(os.environ.get("MOTCUA_WEB_WORKERS") or multiprocessing.cpu_count())
# A few threads per worker hide the database and disk waits (uploads, PDF fonts) without more memory.
threads = int(os.environ.get("MOTCUA_WEB_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("MOTCUA_WEB_TIMEOUT", "60"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("MOTCUA_WEB_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# An empty MOTCUA_ACCESS_LOG turns the access log off (a proxy in front usually keeps one).
accesslog = os.environ.get("MOTCUA_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("MOTCUA_WEB_LOG_LEVEL", "info")
# Behind a reverse proxy (docs/deployment.md) the proxy's address must be listed to be trusted.
forwarded_allow_ips = os.environ.get("MOTCUA_TRUSTED_PROXIES", "")  # nobody by default
# The app is loaded once, in the master, and the workers are forked from it: its code, templates and
# catalogues (most of a worker's memory) stay shared between them until written to (decision 0051).
# MOTCUA_WEB_PRELOAD=0 loads the app in each worker instead.
preload_app = os.environ.get("MOTCUA_WEB_PRELOAD", "1") != "0"


def when_ready(server):
    """After loading, before the first fork: the URL patterns (and so every view module) are loaded;
    nothing opened while loading may be inherited by the workers (a database connection shared by two
    processes corrupts both); the loaded objects go to the collector's permanent generation, so that its
    passes do not write to (and so copy) the shared pages. Without preloading the master has loaded
    nothing of the app: nothing to do."""
    if not server.cfg.preload_app:
        return
    from django.db import connections
    from django.urls import get_resolver

    get_resolver()._populate()  # import every view module now, once for all workers
    connections.close_all()
    gc.collect()
    gc.freeze()


# Gunicorn 27's control socket (gunicornc) lives in one path per user: several servers on one machine
# (a province's app processes, the tests) would fight over it, and nothing here uses it.
control_socket_disable = True
