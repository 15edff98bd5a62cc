"""A script in the text is stored as the characters typed and every page shows it escaped: it is text,
never HTML (docs/decisions/0033)."""
from motcua.feedback import services
from motcua.feedback.models import Feedback

from .conftest import DESK_OFFICER, file_one

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def test_a_script_is_stored_verbatim_as_text(city):
    f = file_one(subject=f"Tiêu đề {SCRIPT}", content=f"Nội dung {SCRIPT}")
    f.refresh_from_db()
    assert f.content == f"Nội dung {SCRIPT}" and f.subject == f"Tiêu đề {SCRIPT}"


def _assert_escaped(body: str) -> None:
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in body


def test_every_page_shows_it_escaped(client, city):
    f = file_one(subject=f"Tiêu đề {SCRIPT}", content=f"Nội dung {SCRIPT}")
    _assert_escaped(client.get(f"/phan-anh/theo-doi/{f.code}/").content.decode())
    services.answer_feedback(city[DESK_OFFICER], f.code, f"Trả lời {SCRIPT}", publish=True)
    _assert_escaped(client.get(f"/phan-anh/theo-doi/{f.code}/").content.decode())
    _assert_escaped(client.get("/phan-anh/").content.decode())
    _assert_escaped(client.get(f"/phan-anh/{f.pk}/").content.decode())
    client.force_login(city[DESK_OFFICER])
    _assert_escaped(client.get(f"/can-bo/phan-anh/{f.code}/").content.decode())
    _assert_escaped(client.get("/can-bo/phan-anh/").content.decode())
    assert Feedback.objects.get().answer == f"Trả lời {SCRIPT}"
