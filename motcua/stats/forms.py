"""The period and unit of the leaders' desk and of the reports, with clear errors (in the active language)."""
from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import desk
from .models import ExportJob

OUT_OF_SCOPE = gettext_lazy("Đơn vị không tồn tại hoặc nằm ngoài phạm vi bạn được xem.")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    unit = forms.ChoiceField(label=gettext_lazy("Đơn vị"), required=False, error_messages={"invalid_choice": OUT_OF_SCOPE})
    date_from = forms.DateField(
        label=gettext_lazy("Từ ngày"), required=False, widget=DATE_WIDGET, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": gettext_lazy("Ngày bắt đầu không hợp lệ (dạng ngày/tháng/năm).")},
    )
    date_to = forms.DateField(
        label=gettext_lazy("Đến ngày"), required=False, widget=DATE_WIDGET, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": gettext_lazy("Ngày kết thúc không hợp lệ (dạng ngày/tháng/năm).")},
    )
    pick = forms.RegexField(
        label=gettext_lazy("Chọn nhanh"), required=False, regex=r"^(thang-nay|quy-nay|nam-nay|nam-truoc|nam-(19|20)\d\d)$",
        error_messages={"invalid": gettext_lazy("Kỳ chọn nhanh không hợp lệ.")},
    )

    def __init__(self, data, *, root, today: date, **kwargs):
        super().__init__(data, **kwargs)
        self.root, self.today = root, today
        self.units = list(desk.selectable_units(root))
        self.fields["unit"].choices = [(u.code, _unit_label(u, root)) for u in self.units]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        code = data.get("unit") or self.root.code
        unit = next((u for u in self.units if u.code == code), None)
        if unit is None:
            raise forms.ValidationError(OUT_OF_SCOPE)
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if data.get("pick") or not (date_from or date_to):
            date_from, date_to = desk.quick_period(data.get("pick") or "nam-nay", self.today)
        elif date_from is None or date_to is None:
            raise forms.ValidationError(_("Vui lòng chọn cả ngày bắt đầu và ngày kết thúc của kỳ thống kê."))
        if date_from > date_to:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
        if (date_to - date_from).days > desk.MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("Kỳ thống kê dài quá 10 năm; vui lòng chọn kỳ ngắn hơn."))
        data.update(unit_obj=unit, date_from=date_from, date_to=date_to)
        return data

    def period(self):
        """(unit, first day, last day) of a valid form."""
        d = self.cleaned_data
        return d["unit_obj"], d["date_from"], d["date_to"]


class ExportForm(PeriodForm):
    kind = forms.ChoiceField(label=gettext_lazy("Báo cáo"), choices=ExportJob.Kind.choices)
    format = forms.ChoiceField(label=gettext_lazy("Định dạng"), choices=ExportJob.Format.choices, widget=forms.RadioSelect)


def _unit_label(unit, root) -> str:
    """Indented under the root; a unit that ended (a predecessor) says until when."""
    if unit.path.startswith(root.path):
        return "\u2003" * (unit.depth - root.depth) + unit.name
    return _("{name} (đến {end})").format(name=unit.name, end=f"{unit.valid_to:%d/%m/%Y}") if unit.valid_to else unit.name
