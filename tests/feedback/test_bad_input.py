"""Bad input: a clear Vietnamese sentence naming what is wrong, and nothing stored (no feedback, no
journal entry)."""
import pytest

from motcua.audit.models import ChangeEvent
from motcua.common.errors import ValidationFailed
from motcua.feedback.models import Feedback

from .conftest import file_one


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"content": "   "}, "content", "Vui lòng nhập nội dung phản ánh, kiến nghị."),
        ({"subject": ""}, "subject", "Vui lòng nhập tiêu đề."),
        ({"name": ""}, "name", "Vui lòng nhập họ và tên."),
        ({"unit": ""}, "unit", "Vui lòng chọn đơn vị"),
        ({"unit": "KHONG-CO"}, "unit", "Không có đơn vị mã “KHONG-CO”"),
        ({"unit": "QN"}, "unit", "Không có đơn vị mã “QN”"),  # the province is not addressed directly
        ({"phone": "", "email": ""}, "phone", "số điện thoại hoặc thư điện tử"),
        ({"phone": "gọi tôi nhé"}, "phone", "Số điện thoại không hợp lệ"),
        ({"email": "khong-phai-email"}, "email", "Thư điện tử không hợp lệ."),
        ({"content": "x" * 4001}, "content", "tối đa 4000 ký tự"),
        ({"subject": "y" * 201}, "subject", "tối đa 200 ký tự"),
        ({"content": "có ký tự \x00 lạ"}, "content", "ký tự điều khiển"),
        ({"dossier_code": "CP-CTR-MC-241202-9999"}, "dossier_code", "Không tìm thấy hồ sơ có mã này"),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_sentence_and_nothing_stored(city, overrides, field, words):
    before = ChangeEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        file_one(**overrides)
    assert refused.value.field == field
    assert words in refused.value.detail
    assert Feedback.objects.count() == 0
    assert ChangeEvent.objects.count() == before


def test_the_portal_form_shows_the_error_by_the_field_and_stores_nothing(client, city):
    r = client.post("/phan-anh/gui/", {"unit": "CP-CTR-MC", "subject": "Hỏi", "content": "z" * 5000,
                                       "name": "An", "phone": "0912345678"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "Nội dung phản ánh, kiến nghị: Quá dài: tối đa 4000 ký tự (đã gửi 5000)." in body
    assert Feedback.objects.count() == 0
