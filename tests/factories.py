"""Factories for tests: units, users, fields and published procedures."""
from datetime import date
from decimal import Decimal

import factory

from motcua.accounts.models import Role, User
from motcua.catalog import services as catalog_services
from motcua.catalog.models import Fee, Field, Procedure, ProcedureVersion, ProcessStep, RequiredDocument
from motcua.units import services as unit_services
from motcua.units.models import Unit, UnitKind


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = UnitKind.DEPARTMENT
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return unit_services.save_unit(model_class(*args, **kwargs))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    role = Role.CITIZEN
    password = factory.django.Password("Mat-khau-2026")


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = "ho-tich"
    name = "Hộ tịch"


def make_procedure(
    code="1.001193.000.00.00.H49",
    name="Đăng ký khai sinh",
    *,
    field=None,
    level="ward",
    time_unit="working_days",
    amount=Decimal(3),
    online_level="full",
    received_at=("ward_one_stop_desk",),
    implementing_unit=None,
    documents=(("Tờ khai", 1, 0),),
    fee=("Miễn lệ phí", 0),
    steps=(),
    publish=True,
) -> Procedure:
    """A procedure with one version (published unless `publish=False`)."""
    field = field or FieldFactory()
    procedure = Procedure.objects.create(code=code)
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        name=name,
        field=field,
        level=level,
        implementing_unit_ref=implementing_unit.code if implementing_unit else "ward_people_committee",
        implementing_unit=implementing_unit,
        received_at=list(received_at),
        processing_amount=amount,
        time_unit=time_unit,
        online_level=online_level,
    )
    for i, (doc_name, originals, copies) in enumerate(documents, 1):
        RequiredDocument.objects.create(version=version, order=i, name=doc_name, originals=originals, copies=copies)
    if fee:
        Fee.objects.create(version=version, text=fee[0], amount=fee[1])
    for i, (step_name, role, unit_ref, share) in enumerate(steps, 1):
        ProcessStep.objects.create(
            version=version, order=i, name=step_name, role=role, unit_ref=unit_ref, share=Decimal(str(share))
        )
    if publish:
        # In force from the start of the demo era, like the demo catalog: tests receive dossiers on past dates.
        catalog_services.publish_version(version, effective_from=date(2018, 1, 1))
        procedure.refresh_from_db()
    return procedure


def load_demo_city(settings, tmp_path) -> dict:
    """The demo city (units, calendar, accounts, procedures) with fast passwords and media under tmp_path;
    the users by username."""
    from motcua.demo.services import load_demo_accounts, load_demo_procedures, load_demo_units
    from motcua.workdays.services import seed_calendar

    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo_units()
    seed_calendar()
    load_demo_accounts()
    load_demo_procedures()
    return {u.username: u for u in User.objects.select_related("unit")}
