"""`manage.py dissolve_unit CODE --into CODE --on YYYY-MM-DD [--as USERNAME]`: a unit and its subtree end
the day before `--on`; their open dossiers go to the successor (units.services.dissolve_into)."""
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.models import Role, User
from motcua.common.errors import DomainError
from motcua.units.models import Unit
from motcua.units.services import dissolve_into


class Command(BaseCommand):
    help = (
        "Chấm dứt hoạt động của một đơn vị (và các đơn vị cấp dưới) từ ngày --on; hồ sơ đang giải quyết được "
        "bàn giao cho đơn vị kế thừa --into, giữ nguyên mã, thời hạn và lịch sử."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="mã đơn vị chấm dứt hoạt động")
        parser.add_argument("--into", dest="successor", required=True, help="mã đơn vị kế thừa")
        parser.add_argument("--on", dest="on", required=True, help="ngày đơn vị kế thừa bắt đầu (YYYY-MM-DD)")
        parser.add_argument(
            "--as", dest="username", default=None,
            help="tài khoản quản trị thực hiện (mặc định: quản trị hệ thống đầu tiên)",
        )

    def handle(self, *args, code, successor, on, username, **options):
        try:
            day = date.fromisoformat(on)
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ: {on} (YYYY-MM-DD).") from exc
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị {code}.")
        target = Unit.objects.filter(code=successor).first()
        if target is None:
            raise CommandError(f"Không có đơn vị kế thừa {successor}.")
        admins = User.objects.filter(is_active=True, role=Role.ADMIN)
        actor = (admins.filter(username=username) if username else admins.filter(is_superuser=True)).order_by("id").first()
        if actor is None:
            raise CommandError("Cần một tài khoản quản trị hệ thống (--as).")
        try:
            result = dissolve_into(unit, target, day, actor=actor)
        except DomainError as exc:
            raise CommandError(f"Không thay đổi gì. {exc.detail}") from exc
        self.stdout.write(
            f"Đã chấm dứt {result['units']} đơn vị từ ngày {day:%d/%m/%Y}; "
            f"bàn giao {result['dossiers']} hồ sơ cho {target.name}."
        )
