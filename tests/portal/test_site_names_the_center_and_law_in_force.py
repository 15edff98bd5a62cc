"""Every page names the center in force today and the law the one-stop system runs under today (issue 12):
Cẩm Phả's center and Decree 61/2018 until 30 June 2025; from 1 July 2025 the province's center, which took
over from it, and Decree 118/2025. An installation that sets MOTCUA_SITE_NAME keeps its own name."""
from datetime import date

import pytest
import time_machine

from motcua.units.models import UnitKind
from tests.dossiers.conftest import local
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def centers(settings):
    settings.DEFAULT_CENTER_UNIT = "OLD-HCC"
    province = UnitFactory(code="PROV", kind=UnitKind.PROVINCE, name="Tỉnh Quảng Ninh")
    new = UnitFactory(code="PROV-HCC", kind=UnitKind.ADMIN_CENTER, parent=province,
                      name="Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh")
    city = UnitFactory(code="OLD", kind=UnitKind.CITY, parent=province, valid_to=date(2025, 6, 30), successor=province)
    UnitFactory(code="OLD-HCC", kind=UnitKind.ADMIN_CENTER, parent=city, name="Trung tâm Hành chính công thành phố Cẩm Phả",
                valid_to=date(2025, 6, 30), successor=new)


def header_and_footer(client) -> tuple[str, str]:
    html = client.get("/").content.decode()
    title = html.split('<span class="site-title">', 1)[1].split("</span>", 1)[0]
    footer = html.split('<footer class="site-footer">', 1)[1]
    return title, " ".join(footer.split())


def test_until_30_june_2025_cam_pha_center_and_decree_61(client, centers):
    with time_machine.travel(local(2025, 6, 30, 16, 0), tick=False):
        title, footer = header_and_footer(client)
    assert title == "Trung tâm Hành chính công thành phố Cẩm Phả"
    assert "một cửa liên thông theo Nghị định 61/2018/NĐ-CP, Thông tư 01/2018/TT-VPCP." in footer


def test_from_1_july_2025_the_successor_center_and_decree_118(client, centers):
    with time_machine.travel(local(2025, 7, 1, 8, 0), tick=False):
        title, footer = header_and_footer(client)
        home = client.get("/").context
    assert title == "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh"
    assert "một cửa liên thông theo Nghị định 118/2025/NĐ-CP, Thông tư 03/2025/TT-VPCP." in footer
    assert home["center"].code == "PROV-HCC"  # the home page's center card too


def test_a_configured_site_name_wins(client, centers, settings):
    settings.SITE_NAME = "Cổng dịch vụ công thử nghiệm"
    title, _ = header_and_footer(client)
    assert title == "Cổng dịch vụ công thử nghiệm"


def test_the_footer_is_in_english_when_english_is_chosen(client, centers):
    from django.utils import translation

    with time_machine.travel(local(2025, 7, 1, 8, 0), tick=False), translation.override("vi"):
        # (the request activates English in this thread; the override puts Vietnamese back for later tests)
        client.cookies["django_language"] = "en"
        _, footer = header_and_footer(client)
    # The decree and circular in force are cited as English texts cite them (ND-CP, without diacritics).
    assert (
        "One-stop and inter-connected one-stop system under Decree No. 118/2025/ND-CP and Circular No. "
        "03/2025/TT-VPCP." in footer
    )
