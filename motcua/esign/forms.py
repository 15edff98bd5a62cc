"""The public check's upload form: one PDF, at most 20 MB, recognised by its content."""
from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.attachments import MAX_BYTES


class CheckUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp PDF cần kiểm tra"),
        error_messages={"required": _("Chọn tệp PDF cần kiểm tra."), "empty": _("Tệp tải lên trống.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))
        content = upload.read(MAX_BYTES + 1)
        if len(content) > MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))
        if not content.startswith(b"%PDF-"):
            raise forms.ValidationError(_("Tệp không phải PDF."))
        return content
