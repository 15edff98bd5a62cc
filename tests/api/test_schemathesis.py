"""Schemathesis over the whole OpenAPI schema (issue 11, items 3 and 8): no request, valid or not, gets a
5xx, and every response — errors included — conforms to the schema (status code, content type, headers,
body). Bounded and reproducible: a fixed number of examples per operation and mode, derandomized, no
example database; Django's WSGI application (as motcua.wsgi serves it, without its start-up checks) is called directly,
over the demo city.

Officer operations are called with a receiving officer's bearer token; public ones (whose security
allows anonymous calls) anonymously.
"""
import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import load_demo_city

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Per operation and generation mode: 11 operations × 2 modes × 25, and
# the operations that read one code also with a real code: about 600 requests at most.
EXAMPLES = 25


@pytest.fixture
def city(db, settings, tmp_path):
    return load_demo_city(settings, tmp_path)


PROCEDURE = "1.009994.000.00.00.H49"  # building permit: documents, fees, five steps


@pytest.fixture
def officer(city):
    """A receiving officer's token, and the code of one received dossier: reads of a real code (and
    actions on it) are exercised too, not only 404s."""
    from rest_framework.authtoken.models import Token

    from motcua.dossiers import services

    user = city["tiepnhan.hcc"]
    dossier = services.receive_dossier(
        actor=user, procedure_code=PROCEDURE, unit_code="CP-HCC", channel="counter",
        applicant={"name": "Trần Thị Bình", "id_number": "022190000123"},
    ).dossier
    return {"token": Token.objects.get_or_create(user=user)[0].key, "dossier": dossier.code}


@pytest.fixture
def connection_kept_open():
    """As Django's test client does: the WSGI handler must not close the test's database connection
    (and its transaction) at the start or the end of each request."""
    from django.core import signals
    from django.db import close_old_connections

    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


def _public(operation) -> bool:
    return {} in (operation.definition.raw.get("security") or [{}])


def _fuzz(operation, mode, headers, examples=EXAMPLES, **fixed) -> str | None:
    """Run the operation's examples of one generation mode; the failure, as text, or None."""

    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    @hypothesis_settings(
        max_examples=examples, derandomize=True, database=None, deadline=None,
        suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate],
    )
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        if mode is GenerationMode.NEGATIVE:
            return None  # an operation without inputs (DELETE /auth/token) has no invalid request to make
        raise
    except Exception as exc:  # every operation is fuzzed; all failures are reported together
        return f"{operation.label} ({mode.value}): {exc}"
    return None


def test_every_operation_conforms_to_the_schema_and_never_fails_with_5xx(officer, connection_kept_open, settings):
    settings.ALLOWED_HOSTS = ["*"]
    operations = _operations()
    assert len(operations) >= 11
    failures = []
    for operation in operations:
        headers = {} if _public(operation) else {"Authorization": f"Bearer {officer['token']}"}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failure = _fuzz(operation, mode, headers)
            if failure:
                failures.append(failure)
        if "{code}" in operation.path:
            code = PROCEDURE if operation.path.startswith("/api/v1/procedures") else officer["dossier"]
            failure = _fuzz(operation, GenerationMode.POSITIVE, headers, 20, path_parameters={"code": code})
            if failure:
                failures.append(failure)
    assert not failures, "\n\n".join(failures)
