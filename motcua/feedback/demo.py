"""A few feedback items for the demo city (demo mode only: the filers are invented), filed through the
services so that due instants and the journal are real. Idempotent: an item whose subject exists is not
filed again.

Two kinds, so that the demo holds together across Cẩm Phả's change of 1 July 2025: items handled in
the demo year (December 2018, at the city's units then in force: they count in that year's Decision 766
figures), and items still open today at the first of their candidate units that exists and is in force
(the ward center formed in 2025 when it is loaded, else the 2018 ward desk)."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from . import services
from .models import Feedback

# Handled in the demo year: (unit, subject, content, name, phone, received, answered, answer, published,
# officer, rating).
HANDLED = [
    ("CP-HCC", "Thời gian chờ tại quầy đất đai quá lâu",
     "Sáng thứ Hai tôi chờ gần hai tiếng mới đến lượt nộp hồ sơ đất đai. Đề nghị Trung tâm bố trí thêm quầy.",
     "Nguyễn Văn Hùng", "0903 111 222", (2018, 12, 3, 9), (2018, 12, 6, 10),
     "Trung tâm đã bố trí thêm quầy số 8 cho lĩnh vực đất đai vào sáng thứ Hai và thứ Ba từ tuần này. "
     "Cảm ơn ông đã góp ý.", True, "tiepnhan.hcc", "satisfied"),
    ("CP-CTR-MC", "Đề nghị niêm yết rõ lệ phí chứng thực",
     "Bảng niêm yết tại bộ phận một cửa phường chưa ghi lệ phí chứng thực bản sao từ bản chính.",
     "Phạm Thị Lan", "0912 333 444", (2018, 12, 4, 14), (2018, 12, 7, 9),
     "Bộ phận một cửa đã niêm yết đầy đủ mức thu: 2.000 đồng/trang, từ trang thứ ba 1.000 đồng/trang, "
     "tối đa 200.000 đồng/bản.", True, "tiepnhan.camtrung", None),
    ("CP-QLDT", "Hồ sơ cấp giấy phép xây dựng trễ hẹn",
     "Hồ sơ của tôi đã quá ngày hẹn trả kết quả nhưng chưa nhận được thông báo nào.",
     "Lê Minh Tuấn", "0988 555 666", (2018, 11, 26, 8), (2018, 12, 14, 15),
     "Phòng Quản lý đô thị xin lỗi ông vì chậm trễ; hồ sơ đã có kết quả, mời ông nhận tại Trung tâm.",
     False, "truongphong.qldt", "late"),
]
# Open today: (candidate units, subject, content, name, phone, days ago received).
OPEN = [
    (("CAMPHA-TT", "CP-CTR-MC"), "Hỏi về thủ tục đăng ký khai sinh cho con",
     "Cho tôi hỏi đăng ký khai sinh cần mang theo những giấy tờ gì?", "Đỗ Thu Hà", "0977 777 888", 3),
    (("MONGDUONG-TT", "CP-MD-MC"), "Cán bộ một cửa không hướng dẫn đầy đủ",
     "Tôi phải đi lại ba lần để bổ sung hồ sơ vì mỗi lần chỉ được hướng dẫn một phần.",
     "Vũ Đức Thắng", "0966 999 000", 25),
]


def _at(parts: tuple[int, ...]) -> datetime:
    return timezone.make_aware(datetime(*parts))


def load_demo_feedback(now: datetime | None = None) -> int:
    """File (and answer, publish, rate) the demo items; returns how many were filed."""
    from motcua.accounts.models import User

    now = now or timezone.now()
    made = 0
    for unit, subject, content, name, phone, received, answered, answer, published, officer, rating in HANDLED:
        user = User.objects.filter(username=officer).first()
        if user is None or Feedback.objects.filter(subject=subject).exists():
            continue
        f = services.submit_feedback({"unit": unit, "subject": subject, "content": content, "name": name, "phone": phone},
                                     at=_at(received))
        services.answer_feedback(user, f.code, answer, publish=published, at=_at(answered))
        if rating:
            services.rate_feedback(f.code, rating, at=_at(answered) + timedelta(hours=3))
        made += 1
    today = timezone.localdate(now)
    units = services.addressable_units(today)
    for candidates, subject, content, name, phone, days_ago in OPEN:
        unit = next((u for u in (units.filter(code=c).first() for c in candidates) if u is not None), None)
        if unit is None or Feedback.objects.filter(subject=subject).exists():
            continue
        received = timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(9, 0)))
        services.submit_feedback({"unit": unit.code, "subject": subject, "content": content, "name": name, "phone": phone},
                                 at=received)
        made += 1
    return made
