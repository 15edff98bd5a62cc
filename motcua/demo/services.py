"""The demo city (Cẩm Phả, 2018): units, working calendar, procedures and demo accounts. Idempotent."""
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from motcua.accounts.models import User
from motcua.common.errors import NotAllowed
from motcua.units.models import Unit
from motcua.units.services import load_units

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@dataclass
class DemoReport:
    units: dict = field(default_factory=dict)
    procedures: object = None
    accounts_created: int = 0
    accounts_updated: int = 0


def load_demo_units() -> dict:
    data = _read("units.json")
    return load_units(data["units"], default_working_hours=data.get("working_hours"))


def load_demo_reorganisation_2025(actor=None) -> dict[str, int]:
    """Cẩm Phả's real change on 1 July 2025 (Resolution 1679/NQ-UBTVQH15; data/units-2025.json): the six
    new wards and communes with their service centers, then each old unit ended on 30 June 2025 into its
    successor (units.services.dissolve_into: open dossiers handed over). Idempotent: a unit already ended
    is left as it is. Not part of `load_demo_city` yet (docs/wip-issue12-item3.md).

    `actor`: the administrator recorded on the hand-overs (default: the first active superuser)."""
    from datetime import date

    from motcua.accounts.models import Role
    from motcua.units.services import dissolve_into

    data = _read("units-2025.json")
    on = date.fromisoformat(data["on"])
    actor = actor or User.objects.filter(is_active=True, is_superuser=True, role=Role.ADMIN).order_by("id").first()
    with transaction.atomic():
        loaded = load_units(data["units"])
        ended = handed = 0
        for row in data["successors"]:
            unit = Unit.objects.get(code=row["unit"])
            if unit.valid_to is not None and unit.valid_to < on:
                continue  # already ended (a second load)
            result = dissolve_into(unit, Unit.objects.get(code=row["into"]), on, actor=actor)
            ended, handed = ended + result["units"], handed + result["dossiers"]
    return {**loaded, "ended": ended, "handed_over": handed}


def load_demo_procedures(progress=None):
    from motcua.catalog.importing import import_procedures

    return import_procedures(_read("procedures.json")["procedures"], progress=progress)


def load_demo_accounts() -> tuple[int, int]:
    """Demo accounts share a published password: they exist only in demo mode (MOTCUA_DEMO=1)."""
    if not settings.DEMO_MODE:
        raise NotAllowed("Tài khoản demo chỉ được tạo ở chế độ demo (MOTCUA_DEMO=1).")
    data = _read("demo-accounts.json")
    units = {u.code: u for u in Unit.objects.all()}
    # One hash of the published password for every account: loading stays quick with many desks.
    hashed = make_password(data["password"])
    created = updated = 0
    for row in data["accounts"]:
        user = User.objects.filter(username=row["username"]).first()
        values = {
            "full_name": row["name"],
            "role": row["role"],
            "unit": units.get(row["unit"]) if row["unit"] else None,
            "is_demo": True,
            "is_active": True,  # switched off by accounts.services.enforce_demo_mode outside demo mode
            "is_staff": row["role"] == "admin",
            "is_superuser": row["role"] == "admin",
        }
        if user is None:
            user = User(username=row["username"], password=hashed, **values)
            user.save()
            created += 1
        elif any(getattr(user, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(user, k, v)
            user.save()
            updated += 1
    return created, updated


# The center's queue: service groups by field, 20 counters (issue 13); each ward desk one group, 2 counters.
CENTER_GROUPS = [
    ("A", "Đất đai, xây dựng, tài nguyên môi trường", range(1, 9)),
    ("B", "Tư pháp, hộ tịch, chứng thực", range(9, 13)),
    ("C", "Kinh doanh, đầu tư, lao động", range(13, 18)),
    ("D", "Trả kết quả", range(18, 21)),
]


def load_demo_queue() -> int:
    """Counters (open, so that the demo can call at once) and service groups of the center CP-HCC and of
    the city's ward desks. Returns the number of counters made; running it twice makes none."""
    from motcua.frontdesk.models import ServiceGroup
    from motcua.units.models import Counter

    made = 0

    def counter(unit, number):
        nonlocal made
        c, created = Counter.objects.get_or_create(unit=unit, number=number, defaults={"is_open": True})
        made += created
        return c

    center = Unit.objects.filter(code="CP-HCC").first()
    if center is not None:
        for i, (code, name, numbers) in enumerate(CENTER_GROUPS):
            group, _ = ServiceGroup.objects.get_or_create(unit=center, code=code, defaults={"name": name, "sort_order": i})
            group.counters.add(*[counter(center, n) for n in numbers])
    for desk in Unit.objects.filter(kind="one_stop_desk", path__startswith="QN/CP/"):
        ServiceGroup.objects.get_or_create(unit=desk, code="A", defaults={"name": "Tiếp nhận và trả kết quả"})
        counter(desk, 1), counter(desk, 2)
    return made


# The monitoring wall's demo cameras (decision 0032): every reception point of the city shows an image the
# app draws itself (frontdesk:demo_camera), so the wall works offline; one desk's camera answers nowhere
# (port 9, nothing listens) to show the "camera down" state.
DEMO_CAMERA_PATH = "/trinh-dien/camera/"
DEMO_CAMERA_DOWN = ("CP-DH-MC", "http://127.0.0.1:9/cgi-bin/snapshot.jpg")


def load_demo_cameras(base_url: str | None = None) -> int:
    """A camera per reception point of Cẩm Phả; the demo's own addresses follow `base_url` (the public
    address, by default) when loaded again. Cameras an administrator recorded are left alone. Returns
    the number of cameras made."""
    from motcua.frontdesk.models import Camera

    base = (base_url or settings.MOTCUA_PUBLIC_URL).rstrip("/")
    made = 0
    for unit in Unit.objects.filter(kind__in=["admin_center", "one_stop_desk"], path__startswith="QN/CP/"):
        url = DEMO_CAMERA_DOWN[1] if unit.code == DEMO_CAMERA_DOWN[0] else f"{base}{DEMO_CAMERA_PATH}{unit.code}.png"
        camera, created = Camera.objects.get_or_create(
            unit=unit, defaults={"name": f"Camera sảnh {unit.name}", "snapshot_url": url}
        )
        made += created
        if not created and DEMO_CAMERA_PATH in camera.snapshot_url and camera.snapshot_url != url:
            camera.snapshot_url = url
            camera.save(update_fields=["snapshot_url"])
    return made


@transaction.atomic
def load_demo_city(*, with_accounts: bool | None = None, progress=None) -> DemoReport:
    """Load everything the demo city needs; running it twice changes nothing."""
    from motcua.workdays.services import seed_calendar

    report = DemoReport()
    report.units = load_demo_units()
    seed_calendar()
    report.procedures = load_demo_procedures(progress=progress)
    load_demo_queue()
    load_demo_cameras()
    if settings.DEMO_MODE if with_accounts is None else with_accounts:
        report.accounts_created, report.accounts_updated = load_demo_accounts()
    return report
