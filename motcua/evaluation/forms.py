"""The evaluation form (shape only; the rules are in scoring/services): the overall satisfaction, the
per-dossier indicators of Circular 01/2018 Art. 13 (1, 2, 3, 4, 6, 7) and a free comment."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import scoring

RADIO = forms.RadioSelect(attrs={"class": "choice-list"})


def indicator_fields(required: bool) -> dict[str, forms.Field]:
    out: dict[str, forms.Field] = {}
    for number in scoring.PER_DOSSIER:
        i = scoring.BY_NUMBER[number]
        out[f"i{number}"] = forms.TypedChoiceField(
            label=f"{number}. {i.question}", coerce=int, required=required, widget=RADIO,
            choices=[(p, _("{answer} ({points} điểm)").format(answer=a, points=p)) for p, a in zip(scoring.POINTS, i.answers, strict=True)],
            error_messages={"required": _("Vui lòng chấm chỉ số {number}.").format(number=number)},
        )
    return out


def criteria_of(cleaned_data: dict) -> dict[str, int]:
    """The answered indicators as the rate action's `criteria` (`{"1": 2, …}`)."""
    return {str(n): cleaned_data[f"i{n}"] for n in scoring.PER_DOSSIER if cleaned_data.get(f"i{n}") not in (None, "")}


class EvaluationForm(forms.Form):
    level = forms.ChoiceField(
        label=gettext_lazy("Mức độ hài lòng chung"), choices=list(scoring.SATISFACTION_LEVELS.items()), widget=RADIO,
        error_messages={"required": gettext_lazy("Vui lòng chọn mức độ hài lòng.")},
    )
    comment = forms.CharField(label=gettext_lazy("Ý kiến khác (nếu có)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(indicator_fields(required=True))
        self.order_fields([f"i{n}" for n in scoring.PER_DOSSIER] + ["level", "comment"])

    def payload(self) -> dict:
        data = {"level": self.cleaned_data["level"], "criteria": criteria_of(self.cleaned_data)}
        if self.cleaned_data.get("comment"):
            data["comment"] = self.cleaned_data["comment"]
        return data


class KioskCheckForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Mã hồ sơ"), max_length=64, error_messages={"required": gettext_lazy("Vui lòng nhập mã hồ sơ.")})
    digits = forms.RegexField(
        label=gettext_lazy("4 số cuối điện thoại ghi trên hồ sơ"), regex=r"^\s*[0-9]{4}\s*$", max_length=8,
        error_messages={"required": gettext_lazy("Vui lòng nhập 4 số cuối điện thoại."), "invalid": gettext_lazy("Vui lòng nhập đúng 4 chữ số.")},
    )
