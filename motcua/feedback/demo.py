"""A few feedback items for the demo city (demo mode only: the filers are invented), dated relative to
today so the officers' list shows open, due and answered ones. Idempotent: an item whose subject exists
is not filed again."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from . import services
from .models import Feedback

# (unit, subject, content, filer name, phone, days ago received, days ago answered or None, answer,
#  published, officer, rating)
ITEMS = [
    ("CP-HCC", "Thời gian chờ tại quầy đất đai quá lâu",
     "Sáng thứ Hai tôi chờ gần hai tiếng mới đến lượt nộp hồ sơ đất đai. Đề nghị Trung tâm bố trí thêm quầy.",
     "Nguyễn Văn Hùng", "0903 111 222", 20, 17,
     "Trung tâm đã bố trí thêm quầy số 8 cho lĩnh vực đất đai vào sáng thứ Hai và thứ Ba từ tuần này. "
     "Cảm ơn ông đã góp ý.", True, "tiepnhan.hcc", "satisfied"),
    ("CP-CTR-MC", "Đề nghị niêm yết rõ lệ phí chứng thực",
     "Bảng niêm yết tại bộ phận một cửa phường chưa ghi lệ phí chứng thực bản sao từ bản chính.",
     "Phạm Thị Lan", "0912 333 444", 12, 9,
     "Bộ phận một cửa đã niêm yết đầy đủ mức thu: 2.000 đồng/trang, từ trang thứ ba 1.000 đồng/trang, "
     "tối đa 200.000 đồng/bản.", True, "tiepnhan.camtrung", None),
    ("CP-QLDT", "Hồ sơ cấp giấy phép xây dựng trễ hẹn",
     "Hồ sơ của tôi đã quá ngày hẹn trả kết quả nhưng chưa nhận được thông báo nào.",
     "Lê Minh Tuấn", "0988 555 666", 30, 2,
     "Phòng Quản lý đô thị xin lỗi ông vì chậm trễ; hồ sơ đã có kết quả, mời ông nhận tại Trung tâm.",
     False, "truongphong.qldt", "late"),
    ("CP-CTR-MC", "Hỏi về thủ tục đăng ký khai sinh cho con",
     "Cho tôi hỏi đăng ký khai sinh cần mang theo những giấy tờ gì?",
     "Đỗ Thu Hà", "0977 777 888", 3, None, "", False, "", None),
    ("CP-MD-MC", "Cán bộ một cửa không hướng dẫn đầy đủ",
     "Tôi phải đi lại ba lần để bổ sung hồ sơ vì mỗi lần chỉ được hướng dẫn một phần.",
     "Vũ Đức Thắng", "0966 999 000", 25, None, "", False, "", None),
]


def _morning(days_ago: int, now: datetime) -> datetime:
    day = timezone.localdate(now) - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def load_demo_feedback(now: datetime | None = None) -> int:
    """File (and answer, publish, rate) the demo items through the services; returns how many were filed."""
    from motcua.accounts.models import User
    from motcua.units.models import Unit

    now = now or timezone.now()
    made = 0
    for unit, subject, content, name, phone, received, answered, answer, published, officer, rating in ITEMS:
        if Feedback.objects.filter(subject=subject).exists() or not Unit.objects.filter(code=unit).exists():
            continue
        f = services.submit_feedback(
            {"unit": unit, "subject": subject, "content": content, "name": name, "phone": phone},
            at=_morning(received, now),
        )
        made += 1
        user = User.objects.filter(username=officer).first() if officer else None
        if answered is not None and user is not None:
            services.answer_feedback(user, f.code, answer, publish=published, at=_morning(answered, now) + timedelta(hours=2))
            if rating:
                services.rate_feedback(f.code, rating, at=_morning(answered, now) + timedelta(hours=5))
    return made
