"""A script or other markup in what a citizen files is refused with a clear Vietnamese error and nothing
is stored (issue 13, bad input); plain text with "<" stays. Whatever reaches a page anyway (an officer's
answer, a row written before this rule) is shown escaped: text, never HTML (docs/decisions/0033)."""
import pytest

from motcua.audit.models import ChangeEvent
from motcua.common.errors import ValidationFailed
from motcua.feedback import services
from motcua.feedback.models import Feedback

from .conftest import DESK_OFFICER, file_one

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("field", ["subject", "content", "name", "address"])
@pytest.mark.parametrize("markup", [SCRIPT, "<img src=x onerror=alert(1)>", "<a href='x'>bấm</a>", "javascript:alert(1)"])
def test_markup_in_a_filing_is_refused_and_nothing_is_stored(city, field, markup):
    journaled = ChangeEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        file_one(**{field: f"Nội dung {markup}"})
    assert refused.value.field == field
    assert "không được chứa mã HTML hay mã script (như <script>)" in refused.value.detail
    assert not Feedback.objects.exists() and ChangeEvent.objects.count() == journaled


def test_a_less_than_sign_in_plain_text_is_kept(city):
    f = file_one(content="Thời gian chờ < 30 phút là hợp lý, a<b vẫn là chữ.")
    assert f.content == "Thời gian chờ < 30 phút là hợp lý, a<b vẫn là chữ."


def _assert_escaped(body: str) -> None:
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in body


def test_every_page_shows_markup_escaped(client, city):
    f = file_one(subject="Tiêu đề", content="Nội dung")
    # A row written before the rule (or by another path) carries markup: every page escapes it.
    Feedback.objects.filter(pk=f.pk).update(subject=f"Tiêu đề {SCRIPT}", content=f"Nội dung {SCRIPT}")
    _assert_escaped(client.get(f"/phan-anh/theo-doi/{f.code}/").content.decode())
    services.answer_feedback(city[DESK_OFFICER], f.code, f"Trả lời {SCRIPT}", publish=True)
    _assert_escaped(client.get(f"/phan-anh/theo-doi/{f.code}/").content.decode())
    _assert_escaped(client.get("/phan-anh/").content.decode())
    _assert_escaped(client.get(f"/phan-anh/{f.pk}/").content.decode())
    client.force_login(city[DESK_OFFICER])
    _assert_escaped(client.get(f"/can-bo/phan-anh/{f.code}/").content.decode())
    _assert_escaped(client.get("/can-bo/phan-anh/").content.decode())
    assert Feedback.objects.get().answer == f"Trả lời {SCRIPT}"
