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
    signing_certificate: bool = False  # a demo signing certificate was made (motcua.esign, ADR 0043)


def load_demo_units() -> dict:
    data = _read("units.json")
    return load_units(data["units"], default_working_hours=data.get("working_hours"))


def load_demo_units_2025() -> dict:
    """The units that start on 1 July 2025 (data/units-2025.json), without ending the old ones yet."""
    return load_units(_read("units-2025.json")["units"])


def load_demo_reorganisation_2025(actor=None, at=None) -> dict[str, int]:
    """Cẩm Phả's real change on 1 July 2025 (Resolution 1679/NQ-UBTVQH15; data/units-2025.json): the six
    new wards and communes with their service centers, then each old unit ended on 30 June 2025 into its
    successor (units.services.dissolve_into: open dossiers handed over). Idempotent: a unit already ended
    is left as it is. `manage.py load_demo_city` runs it after the demo year unless MOTCUA_DEMO_2025=0.

    `actor`: the administrator recorded on the hand-overs (default: the first active superuser); `at`: the
    instant of the hand-overs (default: the first morning of the change, 07:00 on 1 July 2025, or now if
    that is still to come), so that a demo loaded today carries the history a real center would have."""
    from datetime import date

    from motcua.accounts.models import Role
    from motcua.units.services import dissolve_into

    data = _read("units-2025.json")
    on = date.fromisoformat(data["on"])
    if at is None:
        from datetime import datetime, time

        from django.utils import timezone

        at = min(timezone.now(), timezone.make_aware(datetime.combine(on, time(7, 0))))
    actor = actor or User.objects.filter(is_active=True, is_superuser=True, role=Role.ADMIN).order_by("id").first()
    with transaction.atomic():
        loaded = load_demo_units_2025()
        ended = handed = 0
        for row in data["successors"]:
            unit = Unit.objects.get(code=row["unit"])
            if unit.valid_to is not None and unit.valid_to < on:
                continue  # already ended (a second load)
            result = dissolve_into(unit, Unit.objects.get(code=row["into"]), on, actor=actor, at=at)
            ended, handed = ended + result["units"], handed + result["dossiers"]
    return {**loaded, "ended": ended, "handed_over": handed}


def load_demo_procedures(progress=None):
    from motcua.catalog.importing import import_procedures
    from motcua.catalog.localized import apply_records

    records = _read("procedures.json")["procedures"]
    report = import_procedures(records, progress=progress)
    apply_records(records)  # the English names of some procedures (decision 0037)
    return report


def load_demo_accounts(*, reorganisation_2025: bool | None = None) -> tuple[int, int]:
    """Demo accounts share a published password: they exist only in demo mode (MOTCUA_DEMO=1).

    With the change of 1 July 2025 (`reorganisation_2025`, default settings.DEMO_REORGANISATION_2025) also the
    accounts of the new centers and wards (rows with "from"), and the rows' `unit_from_2025` where given (the
    administrator moves to the province); without it those rows are left out."""
    with_2025 = settings.DEMO_REORGANISATION_2025 if reorganisation_2025 is None else reorganisation_2025
    if not settings.DEMO_MODE:
        raise NotAllowed("Tài khoản demo chỉ được tạo ở chế độ demo (MOTCUA_DEMO=1).")
    data = _read("demo-accounts.json")
    units = {u.code: u for u in Unit.objects.all()}
    # One hash of the published password for every account: loading stays quick with many desks.
    hashed = make_password(data["password"])
    created = updated = 0
    for row in data["accounts"]:
        if row.get("from") and not with_2025:
            continue
        unit_code = row.get("unit_from_2025", row["unit"]) if with_2025 else row["unit"]
        user = User.objects.filter(username=row["username"]).first()
        values = {
            "full_name": row["name"],
            "role": row["role"],
            "unit": units.get(unit_code) if unit_code else None,
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
    # The centers of the wards and communes formed on 1 July 2025 (loaded with the change), likewise.
    for center in Unit.objects.filter(kind="admin_center", parent__kind__in=["ward", "commune"]):
        ServiceGroup.objects.get_or_create(unit=center, code="A", defaults={"name": "Tiếp nhận và trả kết quả"})
        counter(center, 1), counter(center, 2)
    return made


# The monitoring wall's demo cameras (decision 0032): every reception point of the demo shows an image the
# app draws itself (frontdesk:demo_camera), so the wall works offline; one desk's camera in each era (Dương
# Huy's desk until 30 June 2025, Hải Lạng's center after) answers nowhere (port 9, nothing listens) to
# show the "camera down" state.
DEMO_CAMERA_PATH = "/trinh-dien/camera/"
DEMO_CAMERAS_DOWN = {"CP-DH-MC", "HAILANG-TT"}
DEMO_CAMERA_DOWN_URL = "http://127.0.0.1:9/cgi-bin/snapshot.jpg"


def load_demo_cameras(base_url: str | None = None) -> int:
    """A camera per reception point (centers and one-stop desks); the demo's own addresses follow
    `base_url` (the public address, by default) when loaded again. Cameras an administrator recorded are
    left alone. Returns the number of cameras made."""
    from motcua.frontdesk.models import Camera

    base = (base_url or settings.MOTCUA_PUBLIC_URL).rstrip("/")
    made = 0
    for unit in Unit.objects.filter(kind__in=["admin_center", "one_stop_desk"]):
        url = DEMO_CAMERA_DOWN_URL if unit.code in DEMO_CAMERAS_DOWN else f"{base}{DEMO_CAMERA_PATH}{unit.code}.png"
        camera, created = Camera.objects.get_or_create(
            unit=unit, defaults={"name": f"Camera sảnh {unit.name}", "snapshot_url": url}
        )
        made += created
        if not created and DEMO_CAMERA_PATH in camera.snapshot_url and camera.snapshot_url != url:
            camera.snapshot_url = url
            camera.save(update_fields=["snapshot_url"])
    return made


@transaction.atomic
def load_demo_city(
    *, with_accounts: bool | None = None, progress=None, reorganisation_2025: bool | None = None
) -> DemoReport:
    """Load everything the demo city needs; running it twice changes nothing.

    `reorganisation_2025` (default settings.DEMO_REORGANISATION_2025): also the units formed on 1 July 2025
    and their accounts. Ending the old units (`load_demo_reorganisation_2025`) is a separate step, run by
    `manage.py load_demo_city` after the demo year so that the year's open dossiers are handed over too."""
    from motcua.workdays.services import seed_calendar

    with_2025 = settings.DEMO_REORGANISATION_2025 if reorganisation_2025 is None else reorganisation_2025
    report = DemoReport()
    report.units = load_demo_units()
    if with_2025:
        new = load_demo_units_2025()
        report.units = {k: report.units.get(k, 0) + new.get(k, 0) for k in {*report.units, *new}}
    seed_calendar()
    report.procedures = load_demo_procedures(progress=progress)
    load_demo_queue()
    from motcua.news.demo import load_demo_news

    load_demo_news()
    load_demo_cameras()
    if settings.DEMO_MODE if with_accounts is None else with_accounts:
        report.accounts_created, report.accounts_updated = load_demo_accounts(reorganisation_2025=with_2025)
        from motcua.feedback.demo import load_demo_feedback

        load_demo_feedback()  # invented filers: demo mode only
    if settings.DEMO_MODE and settings.MOTCUA_ESIGN_DEMO_CERTIFICATE:
        report.signing_certificate = load_demo_signing_certificate()
    return report


def load_demo_signing_certificate() -> bool:
    """A demo CA and the center's signing certificate for the electronic results, when none is there."""
    from motcua.esign.services import ensure_demo_certificate
    from motcua.units.models import Unit

    center = Unit.objects.filter(code=settings.DEFAULT_CENTER_UNIT).first()
    return ensure_demo_certificate(center.name if center else "Trung tâm Phục vụ hành chính công")
