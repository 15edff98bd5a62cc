"""The OpenAPI schema documents every error response as problem+json, and nullable fields as nullable
(issue 11: it documented only 2xx and declared nullable fields as plain strings)."""
import pytest

pytestmark = pytest.mark.django_db

EVERY_OPERATION = {"400", "401", "403", "404", "413", "429", "503"}
WRITES = {"409", "415"}


@pytest.fixture
def schema(api):
    return api.get("/api/v1/openapi.json").json()


def test_every_operation_documents_the_problem_responses(schema):
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(operations) >= 11
    for path, method, operation in operations:
        expected = EVERY_OPERATION | (WRITES if method == "post" else set())
        assert expected <= set(operation["responses"]), (method, path, sorted(operation["responses"]))
        for status in expected:
            response = operation["responses"][status]
            if "$ref" in response:  # the shared component, unless the view describes its own error
                response = schema["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
            assert "application/problem+json" in response["content"], (method, path, status)
    assert "422" in schema["paths"]["/api/v1/dossiers"]["post"]["responses"]


def test_the_problem_schema_is_rfc_9457(schema):
    problem = schema["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    assert problem["properties"]["errors"]["items"]["properties"]["field"]["nullable"] is True


def test_fields_that_may_be_null_are_declared_nullable(schema):
    detail = schema["components"]["schemas"]["ProcedureDetail"]["properties"]
    assert detail["implementing_unit_name"]["nullable"] is True
    assert detail["same_day_cutoff"]["nullable"] is True
    assert schema["components"]["schemas"]["Unit"]["properties"]["parent"]["nullable"] is True


def test_free_text_limits_are_in_the_schema(schema):
    action = schema["components"]["schemas"]["ActionRequest"]["properties"]
    assert action["note"]["maxLength"] == 4000
    code = next(p for p in schema["paths"]["/api/v1/dossiers/{code}"]["get"]["parameters"] if p["name"] == "code")
    assert code["schema"]["maxLength"] == 64


def test_dossier_and_lookup_bodies_are_described_with_their_nullable_fields(schema):
    components = schema["components"]["schemas"]
    detail = components["DossierDetail"]["properties"]
    for name in ("code", "due_at", "received_at", "resolved_at", "timeliness", "assignee", "current_step"):
        assert detail[name]["nullable"] is True, name
    ok = schema["paths"]["/api/v1/dossiers/{code}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"] == {"$ref": "#/components/schemas/DossierDetail"}
    lookup = components["LookupStatus"]["properties"]
    for name in ("step", "unit", "due_at", "pause_reason"):
        assert lookup[name]["nullable"] is True, name
