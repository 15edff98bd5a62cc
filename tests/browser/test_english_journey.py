"""Issue 15: the whole journey in English — sign-in, the citizens' pages, the officers' desk and the public
lookup — shows no Vietnamese UI string. Data (unit and procedure names, the demo people) stays as the
administration wrote it and is left out of the check: whatever the database holds, and any element marked
lang="vi" (a Vietnamese fallback of a procedure's English name, the language switcher's own option)."""
import re

import pytest
from django.apps import apps
from django.db import models
from playwright.sync_api import expect

from motcua.catalog.models import Procedure
from motcua.dossiers.codes import lookup_check
from motcua.dossiers.models import Dossier

from .journeys import PASSWORD, PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARITAL = "1.004873.000.00.00.H49"  # ward, 3 working days, online
VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ]"
)
# The page's visible text and the labels a screen reader reads, with data-marked parts removed.
VISIBLE_UI_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('[lang="vi"], script, style, template, [hidden], [aria-hidden="true"]').forEach(e => e.remove());
  const parts = [body.innerText];
  body.querySelectorAll('[aria-label], [title], [placeholder], img[alt], input[type=submit], input[type=button]').forEach(e => {
    for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'value']) {
      if (e.hasAttribute(a) && (a !== 'value' || e.matches('input[type=submit], input[type=button]'))) parts.push(e.getAttribute(a));
    }
  });
  parts.push(document.title);
  return parts.join('\\n');
}"""
DATA_APPS = ("units", "catalog", "accounts", "dossiers", "workdays", "frontdesk", "news", "esign", "payments")


def data_strings() -> list[str]:
    """Every text the database holds for the pages of the journey: names of units, procedures, documents,
    people, addresses. Longest first, so that a name is removed whole before any of its parts."""
    found: set[str] = set()
    for label in DATA_APPS:
        for model in apps.get_app_config(label).get_models():
            fields = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
            if not fields:
                continue
            for row in model.objects.values_list(*fields):
                for value in row:
                    if isinstance(value, str) and VIETNAMESE.search(value):
                        found.add(value.strip())
                        found.update(line.strip() for line in value.splitlines() if line.strip())
    return sorted(found, key=len, reverse=True)


def vietnamese_ui_left(page) -> list[str]:
    text = page.evaluate(VISIBLE_UI_TEXT)
    for value in data_strings():
        text = text.replace(value, " ")
    return [line.strip() for line in text.splitlines() if VIETNAMESE.search(line)]


def assert_english(page, what):
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en", what
    left = vietnamese_ui_left(page)
    assert not left, f"{what} ({page.url}) still shows Vietnamese UI text: {left}"


def sign_in(page):
    page.locator("#id_username").fill(page._motcua_user)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form[action$='/dang-nhap/'] button[type=submit]").click()


def test_the_whole_journey_in_english(demo_city, browser, live_server, output_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/")
    # The language switcher, as a visitor uses it; the choice is kept (a cookie) for the whole visit.
    page.locator("#lang-select").select_option("en")
    page.locator("form.lang-switch button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_english(page, "portal home")

    # The citizen: sign in, submit online, follow the dossier.
    documents = list(Procedure.objects.get(code=MARITAL).current_version.documents.all())
    page.goto(f"{live_server.url}/ca-nhan/nop/{MARITAL}/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next="))
    assert_english(page, "sign-in page")
    page._motcua_user = "congdan.demo"
    sign_in(page)
    expect(page.locator("#online-form")).to_be_visible()
    assert_english(page, "online submission form")
    page.locator("#online-form select").first.select_option(label="Bộ phận Một cửa phường Cẩm Trung")  # data
    page.locator("input[name=applicant_name]").fill("Tran Thi Binh")
    page.locator("button[name=intent][value=submit]").click()  # without the scans: refused, in English
    expect(page.locator(".alert-error")).to_be_visible()
    assert_english(page, "online submission form with errors")
    assert Dossier.objects.count() == 0
    for doc in documents:
        page.locator(f"#id_doc_{doc.pk}_file").set_input_files(
            files=[{"name": f"scan-{doc.pk}.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
    page.locator("button[name=intent][value=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert_english(page, "citizen's dossier page")
    page.goto(f"{live_server.url}/ca-nhan/")
    assert_english(page, "citizen's dossiers")
    page.screenshot(path=str(output_dir / "english_citizen.png"), full_page=True)
    d = Dossier.objects.get()
    context.clear_cookies()

    # The ward desk receives it, in English.
    page.goto(live_server.url + "/")
    page.locator("#lang-select").select_option("en")
    page.locator("form.lang-switch button[type=submit]").click()
    page.goto(live_server.url + "/can-bo/")
    page._motcua_user = "tiepnhan.camtrung"
    sign_in(page)
    expect(page).to_have_url(re.compile(r"/can-bo/$"))
    assert_english(page, "officers' worklist")
    page.locator("[data-tab=cho-tiep-nhan]").click()
    page.locator("#worklist a[href*='/can-bo/ho-so/']").first.click()
    expect(page.locator(".dossier-code")).to_be_visible()
    assert_english(page, "officers' dossier page")
    if page.locator("#action-receive").get_attribute("open") is None:
        page.locator("#action-receive summary").click()
    page.locator("#action-receive button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert_english(page, "officers' dossier page after receipt")
    page.screenshot(path=str(output_dir / "english_officer_dossier.png"), full_page=True)
    d.refresh_from_db()
    assert d.status == "received"
    page.goto(live_server.url + "/can-bo/tiep-nhan/")
    assert_english(page, "intake search")
    page.goto(f"{live_server.url}/can-bo/tiep-nhan/{MARITAL}/")
    assert_english(page, "counter intake form")
    page.goto(live_server.url + "/can-bo/so-theo-doi/")
    assert_english(page, "tracking book")
    context.clear_cookies()

    # Anyone looks the dossier up by its code.
    page.goto(live_server.url + "/")
    page.locator("#lang-select").select_option("en")
    page.locator("form.lang-switch button[type=submit]").click()
    page.goto(live_server.url + "/tra-cuu/")
    assert_english(page, "public lookup")
    page.goto(f"{live_server.url}/tra-cuu/{d.code}/?k=WRONG1")  # a wrong check element: refused, in English
    assert_english(page, "public lookup, not found")
    page.goto(f"{live_server.url}/tra-cuu/{d.code}/?k={lookup_check(d.code)}")
    expect(page.locator("body")).to_contain_text(d.code)
    assert_english(page, "public lookup result")
    page.screenshot(path=str(output_dir / "english_lookup.png"), full_page=True)
    context.close()
