"""The center's news categories as data: the home page reads "Hoạt động của TTHCC" by its slug."""
from django.db import migrations

CATEGORIES = [
    ("tin-noi-bat", "Tin nổi bật", "Tin quan trọng của Trung tâm Hành chính công và của thành phố.", 1),
    ("hoat-dong-tthcc", "Hoạt động của TTHCC", "Hoạt động của Trung tâm Hành chính công.", 2),
    ("thong-bao", "Thông báo", "Thông báo về thủ tục, lịch làm việc, thay đổi địa điểm.", 3),
]


def create(apps, schema_editor):
    Category = apps.get_model("news", "Category")
    for slug, name, description, order in CATEGORIES:
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("news", "0001_news_articles_and_categories")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
