"""Web forms of feedback: they render the fields and carry the browser-side limits; the rules (what is
required, lengths, control characters, contact) are the services', so the API and the page agree."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Satisfaction
from .services import MAX_ANSWER, MAX_CONTENT, MAX_SUBJECT


class FeedbackForm(forms.Form):
    # A plain field with a select: an unknown unit gets the services' sentence, not a generic one.
    unit = forms.CharField(label=_("Đơn vị được phản ánh, kiến nghị"), required=False, widget=forms.Select)
    dossier_code = forms.CharField(label=_("Mã hồ sơ liên quan (nếu có)"), required=False, max_length=64)
    subject = forms.CharField(label=_("Tiêu đề"), required=False, max_length=MAX_SUBJECT)
    content = forms.CharField(
        label=_("Nội dung phản ánh, kiến nghị"), required=False, max_length=MAX_CONTENT,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    name = forms.CharField(label=_("Họ và tên"), required=False, max_length=255)
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=20)
    email = forms.CharField(label=_("Thư điện tử"), required=False, max_length=254)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=500)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget.choices = [("", _("— Chọn đơn vị —"))] + [(u.code, u.name) for u in units]
        # Server-side limits are the services'; the browser's maxlength only spares a round trip.
        for name in ("subject", "content", "name", "phone", "email", "address", "dossier_code"):
            self.fields[name].validators = []


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Nội dung trả lời"), max_length=MAX_ANSWER, required=False,
                             widget=forms.Textarea(attrs={"rows": 8}))
    publish = forms.BooleanField(label=_("Công khai câu hỏi và trả lời trên cổng thông tin"), required=False, initial=True)


class RatingForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("Mức độ hài lòng"), choices=Satisfaction.choices, widget=forms.RadioSelect)
