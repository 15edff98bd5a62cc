"""Forms both audiences' dossier pages share (desk and citizen): one small form per dossier action, the
applicant form and the scans of a procedure's documents (decision 0035).

Forms only parse and check the shape of the input; every rule lives in `services`."""
from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role, User
from motcua.catalog import intake
from motcua.catalog.models import IntakeKind
from motcua.dossiers import services
from motcua.dossiers.models import ACTION_LABELS, ResultKind, Status
from motcua.dossiers.services import APPLICANT_FIELDS
from motcua.evaluation.forms import criteria_of, indicator_fields

# The order actions appear in on the dossier page: the usual next step first.
ACTION_ORDER = [
    "receive", "request_payment", "pay", "transfer", "assign", "approve", "resolve", "return_result", "give_opinion", "consult",
    "supplement", "request_supplement", "apologize", "refuse", "withdraw", "stop", "rate",
]
DANGEROUS = {"refuse", "withdraw", "stop"}

TEXTAREA = forms.Textarea(attrs={"rows": 2})


def document_scans(cleaned_data, documents) -> list:
    """(document id, file) of each document whose scan field (`doc_<id>_file`) holds a new file."""
    return [(doc.pk, cleaned_data[f"doc_{doc.pk}_file"]) for doc in documents if cleaned_data.get(f"doc_{doc.pk}_file")]


def _unit_choices(groups) -> list:
    """Grouped choices (optgroups) of unit codes, from `services.transfer_units` / `consult_units`."""
    return [(label, [(u.code, u.name) for u in units]) for label, units in groups]


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=TEXTAREA, max_length=4000)

    def __init__(self, *args, dossier, user, **kwargs):
        self.dossier, self.user = dossier, user
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("version", dossier.version)

    def service_kwargs(self) -> dict:
        """The keyword arguments of `services.transition` besides the dossier, action and actor."""
        return {"note": self.cleaned_data.get("note", ""), "expected_version": self.cleaned_data["version"]}


class NoteRequiredForm(ActionForm):
    note_label = _("Lý do")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = True
        self.fields["note"].label = self.note_label
        # One translatable sentence around the label ("Cần ghi lý do rút hồ sơ." / "Please give the reason …").
        self.fields["note"].error_messages["required"] = gettext("Cần ghi %(what)s.") % {
            "what": str(self.note_label).lower()
        }


class RefuseForm(NoteRequiredForm):
    note_label = _("Lý do từ chối")


class OpinionForm(NoteRequiredForm):
    note_label = _("Nội dung ý kiến")


class WithdrawForm(NoteRequiredForm):
    note_label = _("Lý do rút hồ sơ")


class PaymentRequestForm(ActionForm):
    amount = forms.IntegerField(label=_("Số tiền phí, lệ phí (đồng)"), min_value=1, max_value=10**12)

    def service_kwargs(self):
        return {**super().service_kwargs(), "data": {"amount": self.cleaned_data["amount"]}}


class PaymentForm(ActionForm):
    reference = forms.CharField(label=_("Mã giao dịch / số biên lai"), max_length=100)

    def service_kwargs(self):
        return {**super().service_kwargs(), "data": {"reference": self.cleaned_data["reference"]}}


class StopForm(NoteRequiredForm):
    note_label = _("Lý do và căn cứ dừng giải quyết")


class TransferForm(ActionForm):
    """Where the dossier goes: the next step by default, a unit of the process or of the liên thông, or
    the head or a leader of the unit holding it (the service accepts nothing else)."""

    to_unit = forms.ChoiceField(label=_("Chuyển đến đơn vị"), required=False)
    to_user = forms.ModelChoiceField(
        label=_("Hoặc chuyển cho lãnh đạo trong đơn vị"), queryset=User.objects.none(), required=False,
        to_field_name="username", empty_label="—",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].choices = [("", _("Theo quy trình (bước tiếp theo)"))] + _unit_choices(
            services.transfer_units(self.dossier)
        )
        self.fields["to_unit"].error_messages["invalid_choice"] = _("Đơn vị này không có trong danh sách được chuyển đến.")
        users = services.transfer_users(self.dossier, self.user)
        self.fields["to_user"].queryset = users
        self.fields["to_user"].label_from_instance = lambda u: f"{u.full_name or u.username} ({u.get_role_display()})"
        self.fields["to_user"].error_messages["invalid_choice"] = _("Người này không có trong danh sách được chuyển đến.")
        if not users.exists():
            del self.fields["to_user"]

    def clean(self):
        data = super().clean()
        if data.get("to_unit") and data.get("to_user"):
            raise forms.ValidationError(_("Chỉ chọn đơn vị nhận hoặc lãnh đạo trong đơn vị, không chọn cả hai."))
        return data

    def service_kwargs(self):
        return {
            **super().service_kwargs(), "to_unit": self.cleaned_data.get("to_unit") or None,
            "to_user": self.cleaned_data.get("to_user"),
        }


class AssignForm(ActionForm):
    to_user = forms.ModelChoiceField(label=_("Giao cho chuyên viên"), queryset=User.objects.none(), to_field_name="username")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = User.objects.filter(
            unit_id=self.dossier.current_unit_id, role=Role.SPECIALIST, is_active=True
        ).order_by("full_name", "username")
        self.fields["to_user"].label_from_instance = lambda u: u.full_name or u.username
        self.fields["to_user"].error_messages["required"] = _("Cần chọn chuyên viên được giao.")

    def service_kwargs(self):
        return {**super().service_kwargs(), "to_user": self.cleaned_data["to_user"]}


class SupplementRequestForm(ActionForm):
    missing = forms.MultipleChoiceField(
        label=_("Giấy tờ cần bổ sung"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = {str(doc.pk): doc for doc in self.dossier.procedure_version.documents.all()}
        self.fields["missing"].choices = [(pk, doc.name) for pk, doc in self.documents.items()]
        self.fields["note"].label = _("Nội dung cần bổ sung, hoàn thiện và lý do")
        from motcua.dossiers import deadlines

        limit = deadlines.supplement_request_due(self.dossier)
        if limit is not None and timezone.now() > limit:  # a warning, not a refusal (services, art. 19(4))
            self.fields["note"].help_text = gettext(
                "Đã quá hạn yêu cầu bổ sung (%(due)s, 3 ngày làm việc kể từ "
                "khi đơn vị nhận hồ sơ; NĐ 61/2018, Điều 19 khoản 4): yêu cầu vẫn được gửi và được ghi nhận là trễ."
            ) % {"due": f"{timezone.localtime(limit):%H:%M %d/%m/%Y}"}

    def clean(self):
        data = super().clean()
        if not data.get("missing") and not (data.get("note") or "").strip():
            raise forms.ValidationError(_("Cần chọn giấy tờ cần bổ sung hoặc ghi rõ nội dung cần bổ sung."))
        return data

    def service_kwargs(self):
        missing = [
            {"document": self.documents[pk].pk, "name": self.documents[pk].name,
             "originals": self.documents[pk].originals, "copies": self.documents[pk].copies}
            for pk in self.cleaned_data.get("missing") or []
        ]
        return {**super().service_kwargs(), "data": {"missing": missing}}


class SupplementForm(ActionForm):
    files = forms.FileField(label=_("Tệp bổ sung (PDF, JPEG, PNG)"), required=False)

    def service_kwargs(self):
        upload = self.cleaned_data.get("files")
        return {**super().service_kwargs(), "files": [(None, upload)] if upload else None}


class ConsultForm(ActionForm):
    units = forms.MultipleChoiceField(
        label=_("Đơn vị phối hợp"), widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={
            "required": _("Cần chọn ít nhất một đơn vị phối hợp."),
            "invalid_choice": _("Đơn vị %(value)s không có trong danh sách được lấy ý kiến."),
        },
    )
    due_days = forms.IntegerField(label=_("Thời hạn góp ý (ngày làm việc)"), min_value=1, max_value=60, initial=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = _unit_choices(services.consult_units(self.dossier))

    def service_kwargs(self):
        codes = list(self.cleaned_data["units"])
        return {**super().service_kwargs(), "data": {"units": codes, "due_days": self.cleaned_data["due_days"]}}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern): a list of uploads, possibly empty."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ReceiveForm(ActionForm):
    """Receiving a dossier submitted online: the officer ticks, against the scans, each document that is
    there (Decree 61/2018, art. 16(2): the officer checks the completeness of the dossier on receipt).
    Documents that came with a scan start ticked; an unticked required document is missing (Mẫu 02)."""

    documents = forms.MultipleChoiceField(
        label=_("Giấy tờ đã có (đối chiếu bản quét)"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.version_documents = list(self.dossier.procedure_version.documents.all())
        self.fields["documents"].choices = [
            (str(doc.pk), gettext("%(name)s (không bắt buộc)") % {"name": doc.name} if doc.is_optional else doc.name) for doc in self.version_documents
        ]
        if not self.is_bound:
            scanned = {str(pk) for pk in self.dossier.attachments.values_list("document_id", flat=True) if pk}
            ticked = {pk for pk, row in (self.dossier.checklist or {}).items() if row.get("present")}
            self.initial["documents"] = sorted(scanned | ticked)

    def service_kwargs(self):
        chosen = set(self.cleaned_data.get("documents") or [])
        checklist = {
            str(doc.pk): {"present": str(doc.pk) in chosen, "originals": doc.originals, "copies": doc.copies}
            for doc in self.version_documents
        }
        return {**super().service_kwargs(), "data": {"checklist": checklist}}


class ResolveForm(ActionForm):
    """The desk takes in the result: what it is, its number and date, and its scan or signed PDF."""

    result_kind = forms.ChoiceField(label=_("Kết quả"), choices=ResultKind.choices, initial=ResultKind.APPROVED)
    result_number = forms.CharField(
        label=_("Số kết quả (số giấy phép, giấy chứng nhận, văn bản)"), max_length=100,
        error_messages={"required": _("Cần số của kết quả.")},
    )
    result_date = forms.DateField(
        label=_("Ngày ký kết quả"), input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Cần ngày của kết quả."), "invalid": _("Ngày không hợp lệ.")},
    )
    result_files = MultipleFileField(label=_("Tệp kết quả (bản quét hoặc PDF ký số)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("result_date", timezone.localdate())

    def service_kwargs(self):
        data = {
            "result_kind": self.cleaned_data["result_kind"], "result_number": self.cleaned_data["result_number"],
            "result_date": self.cleaned_data["result_date"].isoformat(),
        }
        files = [(None, f) for f in self.cleaned_data.get("result_files") or []]
        return {**super().service_kwargs(), "data": data, "files": files or None}


class ApologizeForm(NoteRequiredForm):
    note_label = _("Lý do chậm trả kết quả")
    new_appointment_at = forms.DateTimeField(
        label=_("Ngày giờ hẹn trả kết quả mới"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Cần ngày giờ hẹn mới."), "invalid": _("Ngày giờ hẹn không hợp lệ.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from motcua.dossiers import deadlines
        from motcua.notify.selectors import apology_draft

        limit = deadlines.apology_due(self.dossier)
        if limit is not None:
            # Decree 61/2018, art. 19(9): no later than 1 working day before the due instant, once only.
            self.fields["note"].help_text = gettext(
                "Lập chậm nhất lúc %(due)s (trước hạn giải quyết 1 ngày "
                "làm việc); chỉ được hẹn lại một lần."
            ) % {"due": f"{timezone.localtime(limit):%H:%M %d/%m/%Y}"}
        self.draft = None if self.is_bound else apology_draft(self.dossier)
        if self.draft is not None:  # the deadline watch's draft: its reason and proposed appointment
            self.initial.setdefault("note", self.draft.reason)
            if self.draft.new_appointment_at:
                self.initial.setdefault("new_appointment_at", timezone.localtime(self.draft.new_appointment_at))

    def service_kwargs(self):
        at = self.cleaned_data["new_appointment_at"]
        if timezone.is_naive(at):
            at = timezone.make_aware(at)
        return {**super().service_kwargs(), "data": {"new_appointment_at": at.isoformat()}}


class ReturnResultForm(ActionForm):
    method = forms.ChoiceField(
        label=_("Hình thức trả"),
        choices=[("counter", _("Trực tiếp tại bộ phận một cửa")), ("post", _("Qua bưu chính")), ("online", _("Trực tuyến"))],
    )

    def service_kwargs(self):
        return {**super().service_kwargs(), "data": {"method": self.cleaned_data["method"]}}


class RateForm(ActionForm):
    level = forms.ChoiceField(
        label=_("Mức độ hài lòng"),
        choices=[
            ("very_satisfied", _("Rất hài lòng")), ("satisfied", _("Hài lòng")), ("not_satisfied", _("Không hài lòng")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The per-dossier indicators of Circular 01/2018 Art. 13 (optional here: a paper evaluation may
        # carry only the overall level).
        self.fields.update(indicator_fields(required=False))

    def service_kwargs(self):
        data = {"level": self.cleaned_data["level"]}
        criteria = criteria_of(self.cleaned_data)
        if criteria:
            data["criteria"] = criteria
        return {**super().service_kwargs(), "data": data}


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "receive": ReceiveForm,
    "transfer": TransferForm,
    "assign": AssignForm,
    "request_supplement": SupplementRequestForm,
    "supplement": SupplementForm,
    "refuse": RefuseForm,
    "consult": ConsultForm,
    "give_opinion": OpinionForm,
    "resolve": ResolveForm,
    "apologize": ApologizeForm,
    "return_result": ReturnResultForm,
    "withdraw": WithdrawForm,
    "stop": StopForm,
    "request_payment": PaymentRequestForm,
    "pay": PaymentForm,
    "rate": RateForm,
}


def action_form(action: str, dossier, user, data=None, files=None) -> ActionForm:
    cls = ACTION_FORMS.get(action, ActionForm)
    form = cls(data, files, dossier=dossier, user=user, prefix=action)
    form.action = action
    form.label = ACTION_LABELS.get(action, action)
    if action == "return_result" and dossier.status == Status.REFUSED:
        form.label = _("Trả văn bản từ chối cho người nộp")
    form.dangerous = action in DANGEROUS
    return form


# -- intake ----------------------------------------------------------------------------------------------
class ApplicantForm(forms.Form):
    """The applicant and their representative: the same fields at the counter and online."""

    applicant_name = forms.CharField(label=_("Họ và tên người nộp / tổ chức"), max_length=255)
    applicant_id_number = forms.RegexField(
        label=_("Số CCCD / định danh"), regex=r"^[0-9A-Za-z]{6,32}$", max_length=32, required=False,
        error_messages={"invalid": _("Số định danh chỉ gồm chữ số và chữ cái (6–32 ký tự).")},
    )
    applicant_phone = forms.RegexField(
        label=_("Điện thoại"), regex=r"^\+?[0-9 .]{8,20}$", max_length=32, required=False,
        error_messages={"invalid": _("Số điện thoại không hợp lệ.")},
    )
    applicant_email = forms.EmailField(
        label=_("Thư điện tử"), required=False, error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")}
    )
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    representative_name = forms.CharField(label=_("Người nộp thay (nếu có)"), max_length=255, required=False)
    representative_id_number = forms.CharField(label=_("Số định danh người nộp thay"), max_length=32, required=False)
    representative_relation = forms.CharField(label=_("Quan hệ với chủ hồ sơ"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_name"].error_messages["required"] = _("Cần họ tên chủ hồ sơ.")

    def applicant(self) -> dict:
        """The `applicant` of `services.receive_dossier`: its keys for the fields filled in (the form's
        fields are named as the dossier's)."""
        data = self.cleaned_data
        return {key: data[name] for key, name in APPLICANT_FIELDS.items() if data.get(name)}


class IntakeFieldsMixin:
    """The procedure-specific information a version's application form asks for (decision 0045): one form
    field per declared field (`fd_<key>`; a land parcel has two, its map sheet and parcel numbers), labelled
    in the page's language. The form checks the values with the domain's own function
    (`catalog.intake.form_data_errors`) only to put each message next to its field; `receive_dossier`
    checks them again with the same rules."""

    intake_declarations: list

    def add_intake_fields(self, declarations) -> None:
        self.intake_declarations = list(declarations)
        for f in self.intake_declarations:
            name = intake.form_field_name(f.key)
            label, help_text = intake.label_of(f), intake.help_of(f)
            attrs = {"aria-required": "true"} if f.required else {}
            if f.kind == IntakeKind.PARCEL:
                self.fields[f"{name}_sheet"] = forms.CharField(
                    label=gettext("%(label)s — số tờ bản đồ") % {"label": label}, required=False, max_length=16,
                    widget=forms.TextInput(attrs={**attrs, "inputmode": "numeric"}),
                )
                self.fields[f"{name}_parcel"] = forms.CharField(
                    label=gettext("%(label)s — số thửa") % {"label": label}, required=False, max_length=16,
                    help_text=help_text, widget=forms.TextInput(attrs={**attrs, "inputmode": "numeric"}),
                )
                continue
            if f.kind == IntakeKind.CHOICE:
                field = forms.ChoiceField(choices=[("", "—"), *((c, c) for c in f.choices or [])])
            elif f.kind == IntakeKind.LONG_TEXT:
                field = forms.CharField(widget=forms.Textarea(attrs={**attrs, "rows": 3}))
            elif f.kind == IntakeKind.DATE:
                field = forms.CharField(widget=forms.DateInput(attrs={**attrs, "type": "date"}))
            elif f.kind in (IntakeKind.INTEGER, IntakeKind.DECIMAL):
                mode = "numeric" if f.kind == IntakeKind.INTEGER else "decimal"
                field = forms.CharField(widget=forms.TextInput(attrs={**attrs, "inputmode": mode}))
            else:
                field = forms.CharField(widget=forms.TextInput(attrs=attrs))
            field.required = False  # the domain says what is missing, in its own words
            field.label, field.help_text = label, help_text
            field.widget.attrs.update(attrs)
            self.fields[name] = field

    def intake_field_groups(self) -> list:
        """(declaration, [its bound fields]) for the template."""
        groups = []
        for f in getattr(self, "intake_declarations", []):
            name = intake.form_field_name(f.key)
            names = [f"{name}_sheet", f"{name}_parcel"] if f.kind == IntakeKind.PARCEL else [name]
            groups.append((f, [self[n] for n in names]))
        return groups

    def form_data(self) -> dict:
        """The `form_data` of `services.receive_dossier`: {key: value} as typed (blank ones left out)."""
        data = getattr(self, "cleaned_data", {})
        out: dict = {}
        for f in getattr(self, "intake_declarations", []):
            name = intake.form_field_name(f.key)
            if f.kind == IntakeKind.PARCEL:
                value = {"sheet": data.get(f"{name}_sheet") or "", "parcel": data.get(f"{name}_parcel") or ""}
                if value["sheet"] or value["parcel"]:
                    out[f.key] = value
            elif data.get(name) not in (None, ""):
                out[f.key] = data[name]
        return out

    def check_form_data(self) -> None:
        """Each problem of the values next to its field (the domain's check, see the class)."""
        _values, errors = intake.form_data_errors(self.intake_declarations, self.form_data())
        for error in errors:
            name = intake.form_field_name(error["key"])
            if name not in self.fields:
                name = f"{name}_sheet" if f"{name}_sheet" in self.fields else None
            if name is not None and name in self.errors:
                continue  # the field's own check already said what is wrong (e.g. an unknown choice)
            self.add_error(name, error["message"])

    def wants_form_data(self) -> bool:
        """Whether this submission takes the information in (the counter's slips, Mẫu 02/03, do not)."""
        return True

    def clean(self):
        data = super().clean()
        if getattr(self, "intake_declarations", None) and self.wants_form_data():
            self.check_form_data()
        return data
