"""The public sees answered and published feedback only, never the filer's contact; the tracking page
(by its code) shows the filer the answer even unpublished."""
from motcua.feedback import services

from .conftest import DESK_OFFICER, file_one


def test_only_answered_and_published_feedback_is_public(client, city):
    published = file_one(subject="Công khai")
    hidden = file_one(subject="Không công khai")
    waiting = file_one(subject="Chưa trả lời")
    services.answer_feedback(city[DESK_OFFICER], published.code, "Trả lời công khai.", publish=True)
    services.answer_feedback(city[DESK_OFFICER], hidden.code, "Trả lời riêng.", publish=False)
    body = client.get("/phan-anh/").content.decode()
    assert "Công khai" in body and "Không công khai" not in body and "Chưa trả lời" not in body
    detail = client.get(f"/phan-anh/{published.pk}/").content.decode()
    assert "Trả lời công khai." in detail
    for text in ("0912 345 678", "Trần Thị Bình", "Tổ 5, khu 3", published.code):
        assert text not in detail and text not in body
    assert client.get(f"/phan-anh/{hidden.pk}/").status_code == 404
    assert client.get(f"/phan-anh/{waiting.pk}/").status_code == 404


def test_the_filer_reads_the_unpublished_answer_by_the_tracking_code(client, city):
    f = file_one()
    services.answer_feedback(city[DESK_OFFICER], f.code, "Trả lời riêng cho bạn.", publish=False)
    body = client.get(f"/phan-anh/theo-doi/{f.code.lower()}/").content.decode()
    assert "Trả lời riêng cho bạn." in body and "Đã trả lời" in body


def test_an_unknown_tracking_code_says_so(client, city):
    r = client.get("/phan-anh/theo-doi/PA-KHONGCOMA/")
    assert r.status_code == 404 and "Không tìm thấy phản ánh, kiến nghị có mã theo dõi này" in r.content.decode()


def test_the_lookup_form_goes_to_the_tracking_page(client, city):
    f = file_one()
    r = client.get("/phan-anh/theo-doi/", {"ma": f" {f.code.lower()} "})
    assert r.status_code == 302 and r["Location"] == f"/phan-anh/theo-doi/{f.code}/"
