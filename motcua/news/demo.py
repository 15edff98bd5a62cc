"""A few articles for the demo city (loaded by motcua.demo's load_demo_city); running it twice adds none."""
import io
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from . import services
from .models import Article, Category


def _picture(colour: tuple[int, int, int], label: str) -> SimpleUploadedFile:
    """A plain generated picture (the demo ships no photographs): coloured bands; `label` is its alt text."""
    img = Image.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 520, 1200, 675), fill=(255, 255, 255))
    for i in range(6):
        draw.ellipse((80 + i * 180, 160, 220 + i * 180, 300), fill=(255, 255, 255, 160), outline=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, "PNG")
    return SimpleUploadedFile("demo.png", out.getvalue(), content_type="image/png")


ARTICLES = [
    # slug, category, title, summary, body, featured, days before now (negative: scheduled), picture
    (
        "khai-truong-quay-tiep-nhan-so-20",
        "tin-noi-bat",
        "Trung tâm Hành chính công Cẩm Phả đưa vào hoạt động 20 quầy tiếp nhận",
        "Từ tháng này, người dân lấy số thứ tự tại máy xếp hàng và được gọi tới 20 quầy theo nhóm thủ tục.",
        "<p>Trung tâm Hành chính công thành phố Cẩm Phả bố trí <strong>20 quầy</strong> tiếp nhận và trả "
        "kết quả, chia thành bốn nhóm:</p><ul><li><p>Đất đai, xây dựng, tài nguyên môi trường (quầy 1–8);</p></li>"
        "<li><p>Tư pháp, hộ tịch, chứng thực (quầy 9–12);</p></li><li><p>Kinh doanh, đầu tư, lao động (quầy 13–17);"
        "</p></li><li><p>Trả kết quả (quầy 18–20).</p></li></ul><p>Màn hình tại sảnh hiển thị và đọc số đang được gọi.</p>",
        True,
        3,
        ((0, 84, 147), "20 quầy tiếp nhận"),
    ),
    (
        "tiep-nhan-ho-so-truc-tuyen-toan-trinh",
        "tin-noi-bat",
        "Nộp hồ sơ trực tuyến toàn trình: không phải đến Trung tâm",
        "Nhiều thủ tục đã nhận hồ sơ trực tuyến toàn trình theo Nghị định 45/2020/NĐ-CP.",
        "<p>Người dân có thể nộp hồ sơ, theo dõi tiến độ và nhận kết quả mà không phải đến Trung tâm. "
        "Tra cứu hồ sơ bằng mã trên giấy tiếp nhận tại mục <a href=\"/tra-cuu/\">Tra cứu hồ sơ</a>.</p>",
        True,
        8,
        None,
    ),
    (
        "hoi-nghi-danh-gia-6-thang",
        "hoat-dong-tthcc",
        "Hội nghị đánh giá kết quả giải quyết thủ tục hành chính 6 tháng",
        "Trung tâm tổng kết tỷ lệ hồ sơ đúng hạn và mức độ hài lòng của người dân.",
        "<p>Hội nghị đánh giá tỷ lệ hồ sơ giải quyết đúng hạn, các trường hợp xin lỗi do trễ hạn và "
        "kết quả đánh giá của người dân theo Thông tư 01/2018/TT-VPCP.</p>",
        False,
        5,
        ((11, 107, 47), "Hội nghị 6 tháng"),
    ),
    (
        "tap-huan-can-bo-mot-cua",
        "hoat-dong-tthcc",
        "Tập huấn kỹ năng giao tiếp cho cán bộ Bộ phận Một cửa phường, xã",
        "Cán bộ tiếp nhận của các phường, xã được tập huấn về giao tiếp và hướng dẫn hồ sơ.",
        "<p>Khóa tập huấn gồm hai nội dung: kỹ năng giao tiếp với người dân và hướng dẫn hồ sơ đầy đủ "
        "ngay lần đầu.</p>",
        False,
        12,
        None,
    ),
    (
        "lich-lam-viec-dip-tet",
        "thong-bao",
        "Lịch tiếp nhận hồ sơ dịp nghỉ Tết Nguyên đán",
        "Trung tâm thông báo lịch nghỉ và ngày tiếp nhận hồ sơ trở lại.",
        "<p>Thời gian nghỉ Tết không tính vào thời hạn giải quyết hồ sơ. Ngày làm việc đầu tiên sau Tết, "
        "Trung tâm tiếp nhận hồ sơ từ 7 giờ 30.</p>",
        False,
        -7,  # scheduled: appears a week after loading
        None,
    ),
]


def load_demo_news(now: datetime | None = None) -> int:
    """Create the demo articles that do not exist yet; returns how many were created."""
    now = now or timezone.now()
    made = 0
    for slug, category, title, summary, body, featured, days, picture in ARTICLES:
        if Article.objects.filter(slug=slug).exists():
            continue
        article = Article(
            slug=slug,
            category=Category.objects.get(slug=category),
            title=title,
            summary=summary,
            body=body,
            is_featured=featured,
            published_at=(now - timedelta(days=days)).replace(hour=8, minute=0, second=0, microsecond=0),
            image_alt=picture[1] if picture else "",
        )
        services.save_article(article, image_upload=_picture(*picture) if picture else None)
        made += 1
    return made
