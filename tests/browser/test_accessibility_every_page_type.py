"""Issue 15: every page type passes axe-core's WCAG 2.1 A/AA rules with no serious or critical violation —
the portal, the citizen's pages, the officers' desk, the leaders' statistics, the front desk's screens, the
evaluation and feedback pages, the news, the 404 page and the admin, in Vietnamese and some in English.
Each test visits its pages and fails once, listing every page's violations (rule, impact, elements)."""
import os
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from motcua.catalog.models import Fee
from motcua.demo.services import load_demo_cameras, load_demo_queue
from motcua.dossiers import services
from motcua.evaluation import services as evaluation
from motcua.feedback import services as feedback
from motcua.forms.marks import lookup_check
from motcua.forms.models import IntakeSlip
from motcua.frontdesk import services as services_queue
from motcua.frontdesk.models import Ticket
from motcua.units.models import Counter
from tests.esign.conftest import resolved
from tests.factories import UserFactory
from tests.stats_web.builders import a_year

from .axe import WIDER_TAGS, axe_violations, blocking_violations, report
from .conftest import OUTPUT_DIR
from .journeys import code_in, fill_building_permit_fields, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUILDING_PERMIT = "1.009994.000.00.00.H49"
MARITAL = "1.004873.000.00.00.H49"  # ward, 3 working days, online
CERTIFY_COPY = "2.000815.000.00.00.H49"  # its fee has a per-page formula: the calculator
APPLICANT = {"name": "Trần Thị Bình", "id_number": "022190000123", "phone": "0912345678"}
VIEWPORT = {"width": 1280, "height": 900}


class Audit:
    """Visits pages and keeps every page's serious and critical violations; `done()` fails with them all."""

    def __init__(self, page, base_url):
        self.page, self.base_url, self.found = page, base_url, []

    def visit(self, path: str, name: str, *, status: int = 200):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == status, f"{name}: {path} answered {response and response.status}"
        self.check(name)

    def check(self, name: str):
        """The page as it is now: its serious and critical violations join the findings (no page has exceptions)."""
        self.page.wait_for_load_state("networkidle")
        violations = blocking_violations(self.page)
        if os.environ.get("MOTCUA_AXE_ALL"):  # every finding of every impact, WCAG 2.2 AA and best practice too
            every = axe_violations(self.page, WIDER_TAGS)
            OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
            with (OUTPUT_DIR / "accessibility-all.txt").open("a") as out:
                out.write((report(name, self.page.url, every) if every else f"{name}: none") + "\n")
        if violations:
            self.found.append(report(name, self.page.url, violations))

    def done(self):
        assert not self.found, "Accessibility (axe-core, serious/critical):\n" + "\n".join(self.found)


def _categories() -> None:
    """The news categories of the data migration (a transactional test before may have flushed them)."""
    from importlib import import_module

    from motcua.news.models import Category

    migration = import_module("motcua.news.migrations.0002_the_two_categories_of_the_center")
    for slug, name, description, order in migration.CATEGORIES:
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "sort_order": order})


def _act(users, d, username, action, **kw):
    d.refresh_from_db()
    if action == "resolve":
        kw.setdefault("data", {"result_number": "123/GP"})
    return services.transition(d.code or d, action, actor=users[username], expected_version=d.version, **kw)


@pytest.fixture
def world(demo_city, live_server):
    """The demo city with its queue, cameras, news and feedback, and dossiers at every stage a page shows."""
    from motcua.feedback.demo import load_demo_feedback
    from motcua.news.demo import load_demo_news

    users = demo_city
    load_demo_queue()
    load_demo_cameras(live_server.url)
    _categories()
    load_demo_news()
    load_demo_feedback()
    start = timezone.now() - timedelta(hours=2)
    # A permit received at the city's center and sent on (the officers' dossier page, the lookup).
    permit = services.receive_dossier(
        actor=users["tiepnhan.hcc"], procedure_code=BUILDING_PERMIT, unit_code="CP-HCC", channel="counter",
        applicant=APPLICANT, received_at=start,
    ).dossier
    permit = _act(users, permit, "tiepnhan.hcc", "transfer")
    # A ward dossier returned by the desk (the evaluation pages).
    returned = services.receive_dossier(
        actor=users["tiepnhan.camtrung"], procedure_code=MARITAL, unit_code="CP-CTR-MC", channel="counter",
        applicant=APPLICANT, received_at=start,
    ).dossier
    for user, action in [("tiepnhan.camtrung", "transfer"), ("lanhdao.camtrung", "approve"),
                         ("tiepnhan.camtrung", "resolve"), ("tiepnhan.camtrung", "return_result")]:
        returned = _act(users, returned, user, action)
    # The citizen's own online dossier.
    online = services.receive_dossier(
        actor=users["congdan.demo"], procedure_code=MARITAL, unit_code="CP-CTR-MC", channel="online",
        applicant={"name": "Trần Thị Bình", "phone": "0912345678"},
    ).dossier
    filed, answered = (feedback.submit_feedback({
        "unit": "CP-CTR-MC", "subject": subject, "content": "Bảng niêm yết lệ phí bị tủ hồ sơ che mất.",
        "name": "Hoàng Thị Mai", "phone": "0915 246 810", "email": "", "address": "", "dossier_code": "",
    }) for subject in ("Bảng niêm yết bị che", "Thiếu ghế chờ"))
    feedback.answer_feedback(users["tiepnhan.camtrung"], answered.code, "Đã bổ sung ghế chờ.", publish=True)
    return {"users": users, "permit": permit.code, "returned": returned, "online": online, "feedback": filed.code,
            "answered": answered.code}


def _choose_language(context, language):
    if language != "vi":
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": "http://localhost"}])


def _context(browser, language="vi"):
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
    _choose_language(context, language)
    return context


def _signed_in(browser, live_server, username, language="vi"):
    """Signed in on the Vietnamese sign-in page (journeys.sign_in fills it by its Vietnamese labels), then
    switched to `language`."""
    context = _context(browser)
    page = context.new_page()
    page.goto(live_server.url + "/dang-nhap/")
    sign_in(page, username)
    expect(page).not_to_have_url(re.compile(r"/dang-nhap/"))
    _choose_language(context, language)
    return context, page


def test_public_pages(world, browser, live_server):
    from motcua.feedback.models import Feedback
    from motcua.news.models import Article

    context = _context(browser)
    audit = Audit(context.new_page(), live_server.url)
    try:
        audit.visit("/", "portal home")
        audit.visit("/thu-tuc/?q=giay+phep+xay+dung", "catalog search results")
        audit.visit(f"/thu-tuc/{BUILDING_PERMIT}/", "procedure page")
        fee = Fee.objects.filter(version__procedure__code=CERTIFY_COPY).first()
        audit.visit(f"/thu-tuc/{CERTIFY_COPY}/tinh-phi/?fee={fee.pk}&pages=5&copies=2", "fee calculator")
        audit.visit(f"/thu-tuc/{BUILDING_PERMIT}/in/", "procedure print view")
        audit.visit("/tra-cuu/", "public lookup form")
        code = world["permit"]
        audit.visit(f"/tra-cuu/{code}/?k={lookup_check(code)}", "public lookup result")
        audit.visit("/dang-nhap/", "sign-in")
        audit.visit("/dang-ky/", "citizen registration")
        audit.visit("/quen-mat-khau/", "password reset by e-mail")
        audit.visit("/quen-mat-khau/so-dien-thoai/", "password reset by phone")
        audit.visit("/thong-ke/", "public statistics")
        audit.visit("/phan-anh/", "feedback: public list")
        audit.visit("/phan-anh/gui/", "feedback: submit form")
        audit.visit("/phan-anh/theo-doi/", "feedback: track lookup")
        audit.visit(f"/phan-anh/theo-doi/{world['feedback']}/", "feedback: track")
        audit.visit(f"/phan-anh/theo-doi/{world['answered']}/", "feedback: track, answered (the rating form)")
        published = Feedback.objects.filter(is_published=True).first()
        if published is not None:
            audit.visit(f"/phan-anh/{published.pk}/", "feedback: public detail")
        audit.visit("/tin-tuc/", "news list")
        article = Article.objects.filter(published_at__lte=timezone.now()).order_by("-published_at").first()
        audit.visit(f"/tin-tuc/{article.slug}/", "news detail")
        audit.visit("/khong-co-trang-nay/", "404 page", status=404)
        audit.visit("/thu-tuc/?q=%00", "error page (a refused request)", status=400)
        audit.visit("/kiosk/CP-HCC/", "frontdesk kiosk")
        audit.page.get_by_role("button", name=re.compile("Đất đai, xây dựng")).click()
        expect(audit.page.locator("#ticket-number")).to_have_text("A001")
        audit.check("frontdesk kiosk: the ticket slip")
        audit.visit(f"/hang-doi/ve/{Ticket.objects.get().token}/", "frontdesk ticket status")
        audit.visit("/man-hinh/CP-HCC/", "frontdesk hall display")
        audit.visit("/kiosk/CP-CTR-MC/danh-gia/", "evaluation kiosk")
        returned = world["returned"]
        audit.page.get_by_label("Mã hồ sơ").fill(returned.code)
        audit.page.get_by_label(re.compile("4 số cuối")).fill("5678")
        audit.page.locator("main form button[type=submit]").click()
        expect(audit.page.locator("#field-level")).to_be_visible()
        audit.check("evaluation page (kiosk)")
        audit.visit(f"/danh-gia/lien-ket/{evaluation.link_token(returned)}/", "evaluation page (link)")
        token = evaluation.open_tablet(world["users"]["tiepnhan.camtrung"], returned.code)
        audit.visit(f"/danh-gia/may-tinh-bang/{token}/", "evaluation page (tablet)")
        audit.page.get_by_role("button", name="Gửi đánh giá").click()
        expect(audit.page.locator(".alert-error, p.error").first).to_be_visible()
        audit.check("evaluation page with errors")
        for field in ("i1", "i2", "i3", "i4", "i6", "i7", "level"):
            audit.page.locator(f"#field-{field} input[type=radio]").first.check()
        audit.page.get_by_role("button", name="Gửi đánh giá").click()
        expect(audit.page.locator("#evaluation-done")).to_be_visible()
        audit.check("evaluation done")
    finally:
        context.close()
    audit.done()


def test_citizen_pages(world, browser, live_server):
    context, page = _signed_in(browser, live_server, "congdan.demo")
    audit = Audit(page, live_server.url)
    try:
        audit.visit("/ca-nhan/", "citizen: my dossiers")
        audit.visit("/ca-nhan/tai-khoan/", "citizen: profile")
        audit.visit(f"/ca-nhan/nop/{MARITAL}/", "citizen: submit form")
        audit.page.get_by_role("button", name="Nộp hồ sơ").click()
        expect(audit.page.locator(".alert-error")).to_be_visible()
        audit.check("citizen: submit form with errors")
        audit.visit(f"/ca-nhan/ho-so/{world['online'].pk}/", "citizen: dossier page")
        audit.visit("/can-bo/", "403 page (a citizen on the officers' desk)", status=403)
    finally:
        context.close()
    audit.done()


def test_officer_pages(world, browser, live_server):
    context, page = _signed_in(browser, live_server, "tiepnhan.hcc")
    audit = Audit(page, live_server.url)
    try:
        audit.visit("/can-bo/", "officer worklist")
        audit.visit(f"/can-bo/ho-so/{world['permit']}/", "officer dossier page")
        for summary in page.locator("details.action > summary").all():
            summary.click()
        audit.check("officer dossier page, its action boxes open")
        audit.visit("/can-bo/tiep-nhan/?q=giay+phep+xay+dung", "intake search")
        audit.visit(f"/can-bo/tiep-nhan/{BUILDING_PERMIT}/", "intake form")
        audit.page.get_by_label("Họ và tên người nộp / tổ chức").fill("Đỗ Minh Khoa")
        fill_building_permit_fields(audit.page)  # its own application fields (decision 0045)
        audit.page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
        expect(audit.page.locator(".supplement-request")).to_be_visible()
        audit.check("intake form: incomplete dossier")
        audit.page.get_by_role("button", name=re.compile("In phiếu hướng dẫn")).click()
        expect(audit.page.locator(".alert-success")).to_be_visible()
        audit.visit(f"/can-bo/phieu-tai-quay/{IntakeSlip.objects.get().pk}/", "intake slip")
        audit.visit("/can-bo/so-theo-doi/", "tracking book")
        audit.visit("/can-bo/quay/", "frontdesk counter panel")
        services_queue.issue_ticket("CP-HCC", None)
        page.get_by_label("Quầy của bạn").select_option(value=str(Counter.objects.get(unit__code="CP-HCC", number=3).pk))
        page.get_by_role("button", name="Chọn").click()
        page.get_by_role("button", name="Gọi số tiếp theo").click()
        expect(page.locator(".alert-success")).to_be_visible()
        audit.check("frontdesk counter panel: a number called")
        page.goto(live_server.url + "/man-hinh/CP-HCC/")
        expect(page.locator("#latest-number")).not_to_have_text("—", timeout=10_000)
        audit.check("frontdesk hall display: a number called")
        audit.visit("/can-bo/?tab=da-xu-ly", "officer worklist, another tab")
        audit.page.get_by_role("button", name="Đăng xuất").click()
        expect(audit.page.get_by_role("heading", level=1)).to_have_text("Bạn đã đăng xuất")
        audit.check("signed out")
    finally:
        context.close()
    context, page = _signed_in(browser, live_server, "tiepnhan.camtrung")
    audit.page = page
    try:
        audit.visit("/can-bo/phan-anh/", "feedback: officer list")
        audit.visit(f"/can-bo/phan-anh/{world['feedback']}/", "feedback: officer page")
        audit.visit(f"/can-bo/ho-so/{world['returned'].code}/", "officer dossier page (returned)")
    finally:
        context.close()
    audit.done()


def test_leader_pages(world, browser, live_server):
    a_year(world["users"])
    context, page = _signed_in(browser, live_server, "giamdoc.hcc")
    audit = Audit(page, live_server.url)
    year = "date_from=2024-01-01&date_to=2024-12-31"
    try:
        audit.visit("/can-bo/thong-ke/", "statistics dashboard")
        audit.visit(f"/can-bo/thong-ke/?{year}", "statistics dashboard (2024)")
        audit.visit(f"/can-bo/thong-ke/ho-so/?{year}&figure=resolved.late", "statistics drill-down")
        audit.visit(f"/can-bo/thong-ke/lien-thong/?{year}&held=CP-CTR", "statistics: late holdings")
        audit.visit("/can-bo/thong-ke/bao-cao/", "statistics reports")
        page.get_by_label("Từ ngày").fill("2024-01-01")
        page.get_by_label("Đến ngày").fill("2024-12-31")
        page.get_by_role("button", name="Lập báo cáo").click()
        expect(page.locator("#export-job")).to_have_attribute("data-status", "done")
        audit.check("statistics: a report")
    finally:
        context.close()
    context, page = _signed_in(browser, live_server, "lanhdao.cp")
    audit.page = page
    try:
        audit.visit("/can-bo/man-hinh-giam-sat/", "monitoring wall")
        audit.visit("/can-bo/man-hinh-giam-sat/CP-CTR-MC/", "monitoring wall: a desk")
    finally:
        context.close()
    audit.done()


def test_two_factor_and_admin(world, browser, live_server, settings):
    settings.MOTCUA_REQUIRE_2FA = True
    UserFactory(username="quantri", role="center_director", is_staff=True, is_superuser=True)
    context = _context(browser)
    page = context.new_page()
    audit = Audit(page, live_server.url)
    try:
        page.goto(live_server.url + "/dang-nhap/?next=/quan-tri/")
        page.get_by_label("Tên đăng nhập").fill("quantri")
        page.get_by_label("Mật khẩu").fill("Mat-khau-2026")
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc/"))
        audit.check("two-factor enrolment")
    finally:
        context.close()
    settings.MOTCUA_REQUIRE_2FA = False
    context = _context(browser)
    page = context.new_page()
    audit.page = page
    try:
        page.goto(live_server.url + "/dang-nhap/?next=/quan-tri/")
        page.get_by_label("Tên đăng nhập").fill("quantri")
        page.get_by_label("Mật khẩu").fill("Mat-khau-2026")
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page).to_have_url(re.compile(r"/quan-tri/$"))
        audit.check("admin index")
        audit.visit("/quan-tri/catalog/procedure/", "admin: procedures")
        response = page.goto(live_server.url + "/quan-tri/news/article/add/")
        assert response is not None and response.status == 200
        # The editor's editing area, once mounted, is named by the field's label (news/prose-editor-a11y.js);
        # the split date and time inputs by their own names (news/admin.py). The check sees the mounted editor.
        editing = page.locator(".prose-editor .ProseMirror[contenteditable]")
        expect(editing).to_have_attribute("aria-labelledby", "id_body_label")
        expect(editing).to_have_accessible_name(re.compile("nội dung", re.IGNORECASE))
        expect(page.locator("#id_published_at_0")).to_have_accessible_name("Ngày đăng")
        expect(page.locator("#id_published_at_1")).to_have_accessible_name("Giờ đăng")
        audit.check("admin: a new article (rich-text editor)")
    finally:
        context.close()
    audit.done()


def test_some_pages_in_english(world, browser, live_server):
    context = _context(browser, "en")
    audit = Audit(context.new_page(), live_server.url)
    try:
        audit.visit("/", "portal home (en)")
        expect(audit.page.locator("html")).to_have_attribute("lang", "en")
        audit.visit(f"/thu-tuc/{BUILDING_PERMIT}/", "procedure page (en)")
        audit.visit("/tra-cuu/", "public lookup form (en)")
        audit.visit("/phan-anh/gui/", "feedback: submit form (en)")
    finally:
        context.close()
    context, page = _signed_in(browser, live_server, "congdan.demo", "en")
    audit.page = page
    try:
        audit.visit("/ca-nhan/", "citizen: my dossiers (en)")
        audit.visit(f"/ca-nhan/nop/{MARITAL}/", "citizen: submit form (en)")
    finally:
        context.close()
    context, page = _signed_in(browser, live_server, "tiepnhan.hcc", "en")
    audit.page = page
    try:
        audit.visit("/can-bo/", "officer worklist (en)")
        audit.visit(f"/can-bo/ho-so/{world['permit']}/", "officer dossier page (en)")
        audit.visit("/khong-co-trang-nay/", "404 page (en)", status=404)
    finally:
        context.close()
    audit.done()


def test_some_pages_on_a_phone(world, browser, live_server):
    """The narrow layout: tables stack or scroll, the menu folds."""
    a_year(world["users"])
    phone = {"viewport": {"width": 390, "height": 844}, "locale": "vi-VN"}
    context = browser.new_context(**phone)
    audit = Audit(context.new_page(), live_server.url)
    try:
        audit.visit("/", "portal home (phone)")
        audit.visit("/thu-tuc/?q=giay+phep+xay+dung", "catalog search results (phone)")
        audit.visit(f"/thu-tuc/{BUILDING_PERMIT}/", "procedure page (phone)")
        code = world["permit"]
        audit.visit(f"/tra-cuu/{code}/?k={lookup_check(code)}", "public lookup result (phone)")
        audit.visit("/thong-ke/?nam=2024", "public statistics (phone)")
    finally:
        context.close()
    for username, paths in (
        ("congdan.demo", ["/ca-nhan/", f"/ca-nhan/ho-so/{world['online'].pk}/"]),
        ("tiepnhan.hcc", ["/can-bo/", f"/can-bo/ho-so/{code}/", "/can-bo/so-theo-doi/"]),
        ("giamdoc.hcc", ["/can-bo/thong-ke/?date_from=2024-01-01&date_to=2024-12-31"]),
    ):
        context = browser.new_context(**phone)
        audit.page = context.new_page()
        try:
            audit.page.goto(live_server.url + "/dang-nhap/")
            sign_in(audit.page, username)
            expect(audit.page).not_to_have_url(re.compile(r"/dang-nhap/"))
            for path in paths:
                audit.visit(path, f"{path} as {username} (phone)")
        finally:
            context.close()
    audit.done()


def test_online_service_pages_and_their_errors(demo_city, sandbox, sms, signing_on, result_pdf, browser, live_server,
                                              tmp_path):
    """Issue 14's pages in the states the journeys do not reach: the registration and its verification refused,
    the profile refused, every page of the password reset by e-mail and by SMS code, the online form's own
    fields refused, a payment answer refused, the upload check refused (in English:
    test_english_online_services.py checks them all too)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.core import mail

    from motcua.accounts.models import User

    with ThreadPoolExecutor(1) as other:  # pyHanko runs its own event loop; Playwright's holds this thread
        signed = other.submit(resolved, demo_city, result_pdf).result()
    row = signed.signed_results.get()
    not_pdf = tmp_path / "ghi-chu.pdf"
    not_pdf.write_bytes(b"khong phai PDF")
    context = _context(browser)
    page = context.new_page()
    audit = Audit(page, live_server.url)
    submit = "main form button[type=submit]"
    try:
        audit.visit("/dang-ky/", "registration")
        for field, value in (("full_name", ""), ("email", "sai-dia-chi"), ("phone", "123"), ("identity_number", "12"),
                             ("password1", "123"), ("password2", "1234")):
            page.locator(f"#id_{field}").fill(value)
        page.locator(submit).first.click()
        expect(page.locator(".error").first).to_be_visible()
        audit.check("registration with errors")
        for field, value in (("full_name", "Lê Thị Hoa"), ("email", "hoa.le@example.vn"), ("phone", ""),
                             ("identity_number", "001190000456"), ("password1", "Ho-so-cong-dan-2026!"),
                             ("password2", "Ho-so-cong-dan-2026!")):
            page.locator(f"#id_{field}").fill(value)
        page.locator(submit).first.click()
        expect(page).to_have_url(re.compile(r"/dang-ky/xac-minh/"))
        code = code_in(mail.outbox[-1].body)
        page.locator("#id_email").fill(f"{(int(code) + 1) % 10**6:06d}")
        page.locator(submit).first.click()
        expect(page.locator(".alert-error, .error").first).to_be_visible()
        audit.check("registration verification with a wrong code")
        page.locator("#id_email").fill(code)
        page.locator(submit).first.click()
        expect(page).to_have_url(re.compile(r"/ca-nhan/$"))
        audit.visit("/ca-nhan/tai-khoan/", "profile")
        page.locator("#id_phone").fill("12")
        page.locator(submit).first.click()
        expect(page.locator(".error").first).to_be_visible()
        audit.check("profile with errors")
    finally:
        context.close()

    context = _context(browser)
    audit.page = page = context.new_page()
    try:
        audit.visit("/quen-mat-khau/", "password reset by e-mail")
        page.locator("#id_email").fill("hoa.le@example.vn")
        page.locator(submit).click()
        expect(page).to_have_url(re.compile(r"/quen-mat-khau/da-gui/"))
        audit.check("password reset: e-mail sent")
        link = re.search(r"https?://[^/\s]+(/dat-lai-mat-khau/\S+/)", mail.outbox[-1].body).group(1)
        audit.visit(link, "password reset: new password")
        page.locator("#id_new_password1").fill("123")
        page.locator("#id_new_password2").fill("123")
        page.locator(submit).click()
        expect(page.locator(".error, .errorlist").first).to_be_visible()
        audit.check("password reset: a password refused")
        page.locator("#id_new_password1").fill("Mat-khau-moi-2026!")
        page.locator("#id_new_password2").fill("Mat-khau-moi-2026!")
        page.locator(submit).click()
        expect(page).to_have_url(re.compile(r"/dat-lai-mat-khau/xong/"))
        audit.check("password reset: done")
        audit.visit("/dat-lai-mat-khau/MQ/sai-ma/", "password reset: an invalid link")
        User.objects.filter(username="congdan.demo").update(phone="0912111222", phone_verified=True)
        audit.visit("/quen-mat-khau/so-dien-thoai/", "password reset by phone")
        page.locator("#id_phone").fill("12")
        page.locator(submit).click()
        expect(page.locator(".error").first).to_be_visible()
        audit.check("password reset by phone: a wrong number")
        page.locator("#id_phone").fill("0912111222")
        page.locator(submit).click()
        expect(page).to_have_url(re.compile(r"/quen-mat-khau/so-dien-thoai/xac-minh/"))
        audit.check("password reset by phone: the code")
        page.locator("#id_code").fill("000000" if code_in(sms.sent[-1][1]) != "000000" else "111111")
        page.locator("#id_password1").fill("Mat-khau-moi-2026!")
        page.locator("#id_password2").fill("Mat-khau-moi-2026!")
        page.locator(submit).first.click()
        expect(page.locator(".alert-error, .error").first).to_be_visible()
        audit.check("password reset by phone: a wrong code")
        audit.visit(f"/xac-thuc-ket-qua/{row.token}/", "signed result's verification page")
        audit.visit("/xac-thuc-ket-qua/khong-co-ma-nay/", "unknown verification token", status=404)
        audit.visit("/xac-thuc-ket-qua/", "upload check")
        page.locator("#id_file").set_input_files(str(not_pdf))
        page.locator(submit).click()
        expect(page.locator(".error, .alert-error").first).to_be_visible()
        audit.check("upload check: not a PDF")
    finally:
        context.close()

    context, page = _signed_in(browser, live_server, "congdan.demo")
    audit.page = page
    try:
        audit.visit(f"/ca-nhan/nop/{BUILDING_PERMIT}/", "online form with the procedure's own fields")
        page.locator("[name=fd_so_tang]").fill("ba")
        page.locator("[name=fd_dien_tich_xay_dung]").fill("0")
        page.get_by_role("button", name="Nộp hồ sơ").click()
        expect(page.locator(".alert-error")).to_be_visible()
        audit.check("online form: the fields' own errors")
        audit.visit("/thanh-toan/ket-qua/?vnp_TxnRef=X&vnp_SecureHash=0", "payment result, a refused answer", status=400)
    finally:
        context.close()
    audit.done()


def test_the_check_finds_what_it_should(browser):
    """The check is not vacuous: an image without a text alternative and an unlabelled field fail it."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.set_content('<!doctype html><html lang="vi"><head><title>t</title></head><body><main><h1>t</h1>'
                         '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>')
        found = {v["id"] for v in blocking_violations(page)}
    finally:
        context.close()
    assert {"image-alt", "label"} <= found
