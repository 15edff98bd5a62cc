"""`manage.py check --deploy`: no account may keep the demo city's published password."""
import json
from pathlib import Path

from django.core import checks
from django.db import DatabaseError
from django.db.models import Q

DEMO_ACCOUNTS = Path(__file__).resolve().parent.parent / "demo" / "data" / "demo-accounts.json"


@checks.register(checks.Tags.security, deploy=True)
def published_demo_password(app_configs=None, **kwargs):
    """Checks the demo accounts, the names of the demo file and every staff or superuser account
    (checking every citizen's password hash would take minutes on a province's accounts)."""
    from motcua.accounts.models import User

    data = json.loads(DEMO_ACCOUNTS.read_text(encoding="utf-8"))
    password = data["password"]
    names = [row["username"] for row in data["accounts"]]
    try:
        suspects = list(User.objects.filter(Q(is_demo=True) | Q(username__in=names) | Q(is_staff=True) | Q(is_superuser=True)))
    except DatabaseError:
        return []  # no database yet: nothing to check
    found = sorted(u.username for u in suspects if u.has_usable_password() and u.check_password(password))
    if not found:
        return []
    return [
        checks.Error(
            f"{len(found)} tài khoản còn dùng mật khẩu demo công khai: {', '.join(found)}.",
            hint="Đổi mật khẩu hoặc xóa các tài khoản này; chỉ dùng tài khoản demo khi MOTCUA_DEMO=1 trên máy thử.",
            id="motcua.E001",
        )
    ]
