"""Forms of the catalog's admin pages."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from . import services
from .models import ProcedureVersion

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp danh mục (.json hoặc .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".json", ".xlsx")):
            raise forms.ValidationError(gettext("Chỉ nhận tệp .json hoặc .xlsx."))
        if file.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(gettext("Tệp lớn quá 20 MB."))
        return file


class ProcedureVersionAdminForm(forms.ModelForm):
    """A draft in the admin: refuses a version not full online without its legal reason when it would be
    in force from 1 July 2026 (Decree 224/2026, art. 14) — by its own date, else from the day it is
    edited, which is the earliest day publishing would give it."""

    class Meta:
        model = ProcedureVersion
        fields = "__all__"  # noqa: DJ007  (the admin passes the fields it shows)

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("online_level", self.instance.online_level)
        reason = cleaned.get("partial_online_reason", self.instance.partial_online_reason)
        if level:
            message = services.online_level_error(
                level, reason, self.instance.effective_from or timezone.localdate()
            )
            if message:
                self.add_error("partial_online_reason" if "partial_online_reason" in self.fields else None, message)
        return cleaned
