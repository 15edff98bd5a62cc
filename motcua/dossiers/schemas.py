"""OpenAPI descriptions of the dossier responses (documentation only: the views build the bodies in
`api.dossier_body` and `public.PublicStatus.as_json`). Every field that can be null is declared
nullable (issue 11: the schema declared them as plain strings, or not at all)."""
from rest_framework import serializers

S = serializers


def _when(**kw):
    return S.DateTimeField(allow_null=True, **kw)


class CodeName(S.Serializer):
    code = S.CharField()
    name = S.CharField()


class LookupHolding(S.Serializer):
    unit = CodeName()
    to = _when(help_text="null while the unit still holds it")


LookupHolding._declared_fields["from"] = _when()  # "from" is a Python keyword


class LookupDetail(S.Serializer):
    holdings = LookupHolding(many=True, help_text="every unit that held the dossier, in order")
    current_unit = CodeName()
    due_at = _when()


class LookupStatus(S.Serializer):
    code = S.CharField()
    procedure = CodeName()
    status = S.CharField()
    status_label = S.CharField()
    step = S.CharField(allow_null=True)
    unit = CodeName(allow_null=True)
    received_at = _when()
    due_at = _when()
    new_appointment_at = _when()
    pause_reason = S.CharField(allow_null=True)
    resolved_at = _when()
    returned_at = _when()
    applicant = S.CharField(help_text="họ tên đã che: mỗi từ giữ chữ cái đầu")
    detail = LookupDetail(
        required=False,
        help_text="chỉ có khi người hỏi là chủ hồ sơ đã đăng nhập (Thông tư 01/2018, Điều 16): các đơn vị đã "
        "giữ hồ sơ với thời điểm nhận và chuyển đi, đơn vị đang giữ và hạn giải quyết",
    )


class DossierApplicant(S.Serializer):
    name = S.CharField()


class DossierSummary(S.Serializer):
    code = S.CharField(allow_null=True, help_text="null khi hồ sơ chưa được tiếp nhận (nháp, chờ kiểm tra)")
    id = S.IntegerField()
    procedure = S.CharField()
    procedure_name = S.CharField()
    status = S.CharField()
    status_label = S.CharField()
    unit = S.CharField()
    reception_unit = S.CharField()
    channel = S.CharField()
    version = S.IntegerField()
    applicant = DossierApplicant()
    submitted_at = _when()
    received_at = _when()
    due_at = _when()
    new_appointment_at = _when()
    resolved_at = _when()
    returned_at = _when()
    timeliness = S.CharField(allow_null=True)
    assignee = S.CharField(allow_null=True)


class PaginatedDossierSummary(S.Serializer):
    count = S.IntegerField(help_text="exact up to 1,000; past it 1,000 with count_capped (decision 0028)")
    count_capped = S.BooleanField()
    next = S.CharField(allow_null=True)
    previous = S.CharField(allow_null=True)
    results = DossierSummary(many=True)


class CurrentStep(S.Serializer):
    order = S.IntegerField()
    name = S.CharField()
    role = S.CharField()


class StepDeadline(S.Serializer):
    order = S.IntegerField()
    name = S.CharField()
    budget_minutes = S.IntegerField()
    due_at = _when()


class UnitHoldingBody(S.Serializer):
    unit = S.CharField()
    started_at = _when()
    ended_at = _when()
    budget_minutes = S.IntegerField(allow_null=True)
    due_at = _when()
    late = S.BooleanField(allow_null=True)


class Deadlines(S.Serializer):
    due_at = _when()
    steps = StepDeadline(many=True)
    units = UnitHoldingBody(many=True)


class OpinionBody(S.Serializer):
    unit = S.CharField()
    due_at = _when()
    answered_at = _when()
    answer = S.CharField(allow_null=True)


class HistoryEvent(S.Serializer):
    action = S.CharField()
    at = _when()
    actor = S.CharField(allow_null=True)
    actor_role = S.CharField(allow_null=True)
    from_status = S.CharField(allow_null=True)
    to_status = S.CharField(allow_null=True)
    from_unit = S.CharField(allow_null=True)
    to_unit = S.CharField(allow_null=True)
    to_user = S.CharField(allow_null=True)
    note = S.CharField(allow_null=True)
    data = S.DictField(allow_null=True)


class AttachmentBody(S.Serializer):
    name = S.CharField()
    content_type = S.CharField()
    size = S.IntegerField()
    sha256 = S.CharField()


class RegimeForm(S.Serializer):
    number = S.CharField(help_text="Số mẫu theo thông tư của chế độ (01, 02…; `tb`: thông báo của cơ quan giải quyết)")
    label = S.CharField()
    url = S.CharField(help_text="Bản PDF: GET, cùng quyền xem hồ sơ")


class RegimeBody(S.Serializer):
    key = S.CharField(help_text="`nd61-2018` (Nghị định 61/2018, Thông tư 01/2018) hoặc `nd118-2025` (từ 01/07/2025)")
    name = S.CharField()
    circular = S.CharField()
    forms = RegimeForm(many=True)


class DossierDetail(DossierSummary):
    regime = RegimeBody(help_text="Chế độ pháp lý của hồ sơ, theo thời điểm tiếp nhận — không bao giờ theo ngày hôm nay")
    allowed_actions = S.ListField(child=S.CharField())
    form_data = S.DictField(help_text="thông tin tờ khai riêng của thủ tục {mã trường: giá trị} (quyết định 0045)")
    current_step = CurrentStep(allow_null=True)
    deadlines = Deadlines()
    opinions = OpinionBody(many=True)
    history = HistoryEvent(many=True)
    attachments = AttachmentBody(many=True)
