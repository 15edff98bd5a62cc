"""Forms of the catalog's admin pages."""
from django import forms

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh mục (.json hoặc .xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".json", ".xlsx")):
            raise forms.ValidationError("Chỉ nhận tệp .json hoặc .xlsx.")
        if file.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("Tệp lớn quá 20 MB.")
        return file
