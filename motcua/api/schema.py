"""OpenAPI schema post-processing: every operation documents its error responses as problem+json.

drf-spectacular documents only what a view declares (2xx). A client — and schemathesis, which checks
every response against the schema — must also learn the shape of the errors (RFC 9457), which any
operation can give: 400 (bad input, a control character in the query), 401 (a bad or expired token),
413 (a body over the limit), 429 (throttles), 503 (the database unavailable), and so on.
"""
from motcua.api.problems import PROBLEM_CONTENT_TYPE

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details; `title` and `detail` in Vietnamese.",
    "properties": {
        "type": {"type": "string", "description": "URI of the kind of problem"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "one entry per invalid field (validation problems)",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string", "nullable": True, "description": "dotted name of the field"},
                    "message": {"type": "string"},
                },
                "required": ["message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}

# status → (component name, description)
RESPONSES = {
    "400": ("BadRequest", "Dữ liệu không hợp lệ (kể cả ký tự điều khiển, văn bản quá dài); `errors` nêu từng trường."),
    "401": ("Unauthenticated", "Chưa đăng nhập, hoặc mã truy cập không đúng / đã hết hạn."),
    "403": ("Forbidden", "Không có quyền."),
    "404": ("NotFound", "Không tìm thấy."),
    "409": ("Conflict", "Xung đột: phiên bản cũ, sai trạng thái, hoặc Idempotency-Key đã dùng cho yêu cầu khác."),
    "413": ("ContentTooLarge", "Nội dung gửi lên quá lớn."),
    "415": ("UnsupportedMediaType", "Kiểu dữ liệu gửi lên không được hỗ trợ."),
    "422": ("Unprocessable", "Hồ sơ chưa đủ giấy tờ; `errors` liệt kê mọi giấy tờ còn thiếu."),
    "429": ("TooManyRequests", "Quá nhiều yêu cầu; xem Retry-After."),
    "503": ("Unavailable", "Tạm thời không phục vụ được (cơ sở dữ liệu); xem Retry-After."),
}

# Every operation can answer these: the edge guard (400, 413), authentication on every view (401, 403),
# throttles (429) and an unavailable database (503).
ALWAYS = ("400", "401", "403", "404", "413", "429", "503")
# Operations that write can also conflict or get a body they cannot read.
WRITES = ("409", "415")
# Intake and actions check the dossier's documents (IncompleteDossier).
MAX_CODE = 64
INCOMPLETE = {"dossiers_create", "dossiers_actions_create"}


def add_problem_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    responses = components.setdefault("responses", {})
    for name, description in RESPONSES.values():
        responses[name] = {
            "description": description,
            "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = list(ALWAYS)
            if method in ("post", "put", "patch", "delete"):
                codes += WRITES
            if operation.get("operationId") in INCOMPLETE:
                codes.append("422")
            for parameter in operation.get("parameters", []):
                # Dossier and procedure codes are at most 64 characters (their model fields); a longer
                # one is simply not found (404).
                if parameter.get("in") == "path" and parameter.get("name") == "code":
                    parameter.setdefault("schema", {"type": "string"})["maxLength"] = MAX_CODE
            for status in sorted(codes):
                operation["responses"].setdefault(status, {"$ref": f"#/components/responses/{RESPONSES[status][0]}"})
            for status, response in operation["responses"].items():
                # An error a view describes in words only still has the problem+json body.
                if status in RESPONSES and "$ref" not in response and "content" not in response:
                    response["content"] = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return result
