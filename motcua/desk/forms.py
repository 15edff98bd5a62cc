"""Forms of the officers' web only: intake at the counter, the slip written when the counter does not
receive, the period of the tracking book. The action forms both dossier pages share are in
`motcua.dossiers_web.forms`.

Forms only parse and check the shape of the input; every rule lives in `services`."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Channel
from motcua.dossiers_web.forms import ApplicantForm, IntakeFieldsMixin, document_scans


class IntakeForm(IntakeFieldsMixin, ApplicantForm):
    """The applicant, representative and channel, the information the procedure's application form asks for
    (decision 0045), plus one row of the checklist per required document."""

    channel = forms.ChoiceField(
        label=_("Hình thức nộp"), choices=[(Channel.COUNTER, _("Trực tiếp tại quầy")), (Channel.POST, _("Qua bưu chính"))],
        initial=Channel.COUNTER,
    )
    other_file = forms.FileField(label=_("Tệp quét khác (không bắt buộc)"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    field_order = ["channel"]

    def __init__(self, *args, documents=(), intake_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_intake_fields(intake_fields)
        self.documents = list(documents)
        for doc in self.documents:
            p = f"doc_{doc.pk}"
            self.fields[f"{p}_present"] = forms.BooleanField(label=_("Có"), required=False)
            self.fields[f"{p}_originals"] = forms.IntegerField(
                label=_("Bản chính"), min_value=0, max_value=99, initial=doc.originals, required=False
            )
            self.fields[f"{p}_copies"] = forms.IntegerField(
                label=_("Bản sao"), min_value=0, max_value=99, initial=doc.copies, required=False
            )
            self.fields[f"{p}_file"] = forms.FileField(label=_("Bản quét"), required=False)

    def wants_form_data(self) -> bool:
        # A slip (guidance to complete, Mẫu 02, or refusal, Mẫu 03) receives nothing: no information to check.
        return self.data.get("intent", "receive") not in ("guide", "refuse")

    def checklist_rows(self):
        """(document, present field, originals field, copies field, file field) for the template."""
        return [
            (doc, self[f"doc_{doc.pk}_present"], self[f"doc_{doc.pk}_originals"], self[f"doc_{doc.pk}_copies"],
             self[f"doc_{doc.pk}_file"])
            for doc in self.documents
        ]

    def checklist(self) -> dict:
        data = self.cleaned_data
        out = {}
        for doc in self.documents:
            p = f"doc_{doc.pk}"
            originals, copies = data.get(f"{p}_originals"), data.get(f"{p}_copies")
            out[str(doc.pk)] = {
                "present": bool(data.get(f"{p}_present")),
                "originals": doc.originals if originals is None else originals,
                "copies": doc.copies if copies is None else copies,
            }
        return out

    def attachments(self) -> list:
        files = document_scans(self.cleaned_data, self.documents)
        if self.cleaned_data.get("other_file"):
            files.append((None, self.cleaned_data["other_file"]))
        return files


class TrackingBookForm(forms.Form):
    """The period of the dossier tracking book (Mẫu 06)."""

    date_from = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(
        label=_("Định dạng"), choices=[("pdf", _("PDF (in)")), ("xlsx", "Excel (.xlsx)")], initial="pdf"
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("“Từ ngày” phải trước hoặc bằng “Đến ngày”."))
            if (end - start).days > 366:
                raise forms.ValidationError(_("Mỗi lần in sổ tối đa một năm."))
        return data


class IntakeSlipForm(forms.Form):
    """What the counter writes on a slip when it does not receive: Mẫu 02's reason or what to complete
    (the missing documents come from the checklist), Mẫu 03's reasons — one a line."""

    reasons = forms.CharField(
        label=_("Lý do, nội dung cần hoàn thiện (mỗi dòng một ý)"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
