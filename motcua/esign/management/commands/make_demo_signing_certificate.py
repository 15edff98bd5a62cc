"""`manage.py make_demo_signing_certificate`: a demo CA and the center's signing certificate (PEM, at the paths
of MOTCUA_ESIGN_KEY / _CERT / _CHAIN) when missing. Never for production: a unit signs with its own
certificate from a licensed CA (MOTCUA_ESIGN_PKCS12). `load_demo_city` calls it in demo mode."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.esign.services import ensure_demo_certificate


class Command(BaseCommand):
    help = "Tạo chứng thư số demo (CA thử nghiệm và chứng thư ký của trung tâm) để ký kết quả điện tử, nếu chưa có."

    def add_arguments(self, parser):
        parser.add_argument("--unit-name", default="Trung tâm Phục vụ hành chính công")

    def handle(self, *args, **options):
        if settings.MOTCUA_ESIGN_PKCS12:
            raise CommandError("Đã cấu hình chứng thư số PKCS#12 (MOTCUA_ESIGN_PKCS12): không tạo chứng thư demo.")
        if ensure_demo_certificate(options["unit_name"]):
            self.stdout.write(f"Đã tạo chứng thư số demo: {settings.MOTCUA_ESIGN_CERT}")
        else:
            self.stdout.write(f"Đã có chứng thư số: {settings.MOTCUA_ESIGN_CERT}")
