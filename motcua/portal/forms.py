"""Forms of the public site: the catalog's filters and the fee calculator."""
from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.localized import pick
from motcua.catalog.models import Field, Level, OnlineLevel
from motcua.catalog.selectors import ONLINE_ANY, ONLINE_NOT
from motcua.units.models import Unit, UnitKind

# Units a citizen picks from: where dossiers are received, and the offices that resolve them.
FILTER_UNIT_KINDS = [UnitKind.ADMIN_CENTER, UnitKind.ONE_STOP_DESK, UnitKind.DEPARTMENT]


class OnlineFilterField(forms.ChoiceField):
    """A level, or the short forms of links (`?online=1` any online submission, `?online=0` none).

    Without this, "1" was not a choice, the filter was dropped as a stale value and every procedure,
    online or not, was listed.
    """

    def to_python(self, value):
        value = super().to_python(value).strip().lower()
        if value in ONLINE_ANY:
            return ONLINE_ANY[0]
        if value in ONLINE_NOT:
            return OnlineLevel.NONE.value
        return value


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm thủ tục"), required=False, max_length=200)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    level = forms.ChoiceField(label=_("Cấp thực hiện"), required=False)
    unit = forms.ChoiceField(label=_("Đơn vị tiếp nhận, thực hiện"), required=False)
    online = OnlineFilterField(label=_("Mức độ trực tuyến"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = ("", _("Tất cả"))
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": _("Ví dụ: đăng ký khai sinh"), "autocomplete": "off"}
        )
        self.fields["field"].choices = [
            every, *((code, pick(name_en, name)[0]) for code, name, name_en in Field.objects.values_list("code", "name", "name_en"))
        ]
        self.fields["level"].choices = [every, *Level.choices]
        self.fields["unit"].choices = [
            every,
            *Unit.objects.filter(kind__in=FILTER_UNIT_KINDS, is_active=True)
            .order_by("path")
            .values_list("code", "name"),
        ]
        self.fields["online"].choices = [every, (ONLINE_ANY[0], _("Có nộp trực tuyến")), *OnlineLevel.choices]

    def cleaned_or_empty(self) -> dict:
        """The valid filters; an unknown choice (a stale link) is dropped rather than failing the page."""
        self.is_valid()
        data = {name: "" for name in self.fields}
        data.update({k: v for k, v in getattr(self, "cleaned_data", {}).items() if v})
        return data


class FeeCalculatorForm(forms.Form):
    fee = forms.IntegerField(widget=forms.HiddenInput)
    pages = forms.IntegerField(label=_("Số trang"), min_value=1, max_value=100000, initial=1)
    copies = forms.IntegerField(label=_("Số bản"), min_value=1, max_value=10000, initial=1)
