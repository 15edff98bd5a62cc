"""Forms of the citizens' web: the online submission (nộp hồ sơ trực tuyến). Shape only; rules in `services`."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext, gettext_lazy

from motcua.dossiers_web.forms import (
    ActionForm,
    ApplicantForm,
    IntakeFieldsMixin,
    action_form,
    document_scans,
)

SCAN_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class OnlineSubmissionForm(IntakeFieldsMixin, ApplicantForm):
    """Where to submit, who applies, and one scan per document of the procedure.

    "Nộp hồ sơ" needs a scan of every required document; "Lưu nháp" keeps whatever is there so far."""

    unit = forms.ChoiceField(label=gettext_lazy("Nơi nộp hồ sơ"))
    intent = forms.ChoiceField(
        choices=[("submit", gettext_lazy("Nộp hồ sơ")), ("draft", gettext_lazy("Lưu nháp"))], initial="submit"
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    field_order = ["unit"]

    def __init__(self, *args, documents=(), desks=(), kept=(), intake_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_intake_fields(intake_fields)  # the procedure's own information (decision 0045)
        self.documents = list(documents)
        self.kept = set(kept)  # file fields that already hold a scan from an earlier submission
        self.fields["unit"].choices = [(u.code, u.name) for u in desks]
        self.fields["unit"].error_messages["invalid_choice"] = gettext("Nơi nộp không hợp lệ cho thủ tục này.")
        if len(desks) == 1:
            self.fields["unit"].initial = desks[0].code
        self.fields["intent"].widget = forms.HiddenInput()
        for doc in self.documents:
            self.fields[f"doc_{doc.pk}_file"] = forms.FileField(
                label=doc.name, required=False, widget=forms.ClearableFileInput(attrs={"accept": SCAN_ACCEPT})
            )

    def document_fields(self):
        return [(doc, self[f"doc_{doc.pk}_file"]) for doc in self.documents]

    def clean(self):
        data = super().clean()
        if data.get("intent") == "submit":
            for doc in self.documents:
                name = f"doc_{doc.pk}_file"
                if not doc.is_optional and not data.get(name) and name not in self.kept:
                    self.add_error(name, gettext("Cần tải lên bản quét của giấy tờ này để nộp hồ sơ."))
        return data

    def attachments(self) -> list:
        return document_scans(self.cleaned_data, self.documents)


class SubmitDraftForm(ActionForm):
    """Send a draft: a scan for every required document that has none yet."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].widget = forms.HiddenInput()
        attached = set(self.dossier.attachments.exclude(document=None).values_list("document_id", flat=True))
        self.documents = [doc for doc in self.dossier.procedure_version.documents.all() if doc.pk not in attached]
        for doc in self.documents:
            self.fields[f"doc_{doc.pk}_file"] = forms.FileField(
                label=doc.name, required=not doc.is_optional,
                widget=forms.ClearableFileInput(attrs={"accept": SCAN_ACCEPT}),
                error_messages={"required": gettext("Cần tải lên bản quét của giấy tờ này để nộp hồ sơ.")},
            )

    def service_kwargs(self):
        return {**super().service_kwargs(), "files": document_scans(self.cleaned_data, self.documents) or None}


CITIZEN_FORMS: dict[str, type[ActionForm]] = {"submit": SubmitDraftForm}


def citizen_action_form(action: str, dossier, user, data=None, files=None) -> ActionForm:
    """The officers' action forms, with the citizen's own ones where they differ."""
    form = action_form(action, dossier, user, data, files)
    cls = CITIZEN_FORMS.get(action)
    if cls is not None:
        replacement = cls(data, files, dossier=dossier, user=user, prefix=action)
        for attr in ("action", "label", "dangerous"):
            setattr(replacement, attr, getattr(form, attr))
        form = replacement
    return form
