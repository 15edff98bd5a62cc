"""Health and readiness of a serving process, for the proxy and the operator (no personal data)."""
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Liveness: the process answers. Touches nothing else, so a database outage does not get a
    healthy process restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness: the database answers, every migration is applied, the shared cache works."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = "ok" if not pending else f"{len(pending)} chưa áp dụng"
    except Exception as exc:  # any failure means "not ready", with its kind for the operator
        checks["database"] = f"lỗi: {type(exc).__name__}"
    try:
        cache.set("motcua:readyz", "1", 10)
        checks["cache"] = "ok" if cache.get("motcua:readyz") == "1" else "lỗi"
    except Exception as exc:
        checks["cache"] = f"lỗi: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    response = JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
    if not ready:
        response["Retry-After"] = "30"
    return response
