"""The legal regimes of the one-stop mechanism as effective-dated data: which forms a dossier prints, under
which numbers and titles, from which templates (docs/decisions/0020-regimes.md).

A dossier keeps the regime in force at the instant it was received (legal-notes §0.2: "a dossier keeps the
regime … that were in force when it was received"), never the one in force today: a dossier received on
30/06/2025 prints the forms of Circular 01/2018 forever, one received on 01/07/2025 those of Circular
03/2025. Days are local days of Việt Nam (the calendars' zone), so 30/06/2025 23:59 is still 2018.

Only the forms are here; the time rules and the units of a regime live with them (issue 12, items 1, 3).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext_noop

from motcua.common.effective import InForce, local_day

# What a form is for, whatever number a regime gives it.
RECEIPT = "receipt"  # Giấy tiếp nhận hồ sơ và hẹn trả kết quả
SUPPLEMENT = "supplement"  # Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
REFUSAL = "refusal"  # Phiếu từ chối tiếp nhận giải quyết hồ sơ (at intake)
NOTICE = "notice"  # the processing unit's notice of a refusal during processing (not an Appendix form)
APOLOGY = "apology"  # xin lỗi, hẹn lại (2018) / xin lỗi và đề nghị gia hạn (2025)
STOP = "stop"  # Thông báo dừng giải quyết hồ sơ (2025 only)
CONTROL = "control"  # Phiếu kiểm soát quá trình giải quyết hồ sơ
BOOK = "book"  # Sổ theo dõi hồ sơ (a unit's book for a period, not a dossier's form)


@dataclass(frozen=True)
class FormSpec:
    number: str  # as printed ("Mẫu số 05") and as used in the print URLs; "tb" for the unit's notice
    purpose: str
    title: str  # the form's name in the Appendix
    template: str  # file name under templates/forms/<regime.templates>/
    label: str  # the print button's text


@dataclass(frozen=True)
class Regime(InForce):
    key: str
    name: str
    circular: str  # the circular whose appendix holds the forms
    templates: str  # folder under templates/forms/
    forms: tuple[FormSpec, ...]  # in print order

    def form(self, number: str) -> FormSpec | None:
        return next((f for f in self.forms if f.number == number), None)

    def by_purpose(self, purpose: str) -> FormSpec | None:
        return next((f for f in self.forms if f.purpose == purpose), None)

    @property
    def dossier_forms(self) -> tuple[FormSpec, ...]:
        return tuple(f for f in self.forms if f.purpose != BOOK)

    @property
    def book(self) -> FormSpec:
        spec = self.by_purpose(BOOK)
        assert spec is not None, self.key
        return spec


_NOTICE = FormSpec("tb", NOTICE, "Thông báo về việc không giải quyết hồ sơ", "thong_bao_tu_choi",
                   gettext_noop("Thông báo không giải quyết hồ sơ của đơn vị giải quyết"))

REGIMES: tuple[Regime, ...] = (
    # Decree 61/2018/NĐ-CP (in force 21/06/2018 [R], legal-notes §0.1: the text itself was not retrieved),
    # amended by Decree 107/2021; forms of Circular 01/2018/TT-VPCP (in force 06/01/2019, legal-notes §2),
    # used for the dossiers of 2018 too: the software has no older forms.
    Regime(
        key="nd61-2018", valid_from=date(2018, 6, 21), valid_to=date(2025, 6, 30),
        name=gettext_noop("Nghị định 61/2018/NĐ-CP, Thông tư 01/2018/TT-VPCP"), circular="Thông tư số 01/2018/TT-VPCP",
        templates="tt01_2018",
        forms=(
            FormSpec("01", RECEIPT, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "mau01",
                     gettext_noop("Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)")),
            FormSpec("02", SUPPLEMENT, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "mau02", gettext_noop("Phiếu yêu cầu bổ sung (Mẫu 02)")),
            FormSpec("03", REFUSAL, "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "mau03", gettext_noop("Phiếu từ chối tiếp nhận (Mẫu 03)")),
            _NOTICE,
            FormSpec("04", APOLOGY, "Phiếu xin lỗi và hẹn lại ngày trả kết quả", "mau04", gettext_noop("Phiếu xin lỗi và hẹn lại (Mẫu 04)")),
            FormSpec("05", CONTROL, "Phiếu kiểm soát quá trình giải quyết hồ sơ", "mau05", gettext_noop("Phiếu kiểm soát quá trình (Mẫu 05)")),
            FormSpec("06", BOOK, "Sổ theo dõi hồ sơ", "mau06", gettext_noop("Sổ theo dõi hồ sơ (Mẫu 06)")),
        ),
    ),
    # Decree 118/2025/NĐ-CP (in force 01/07/2025, replaces Decree 61/2018; amended by Decree 367/2025) and the
    # seven forms of Circular 03/2025/TT-VPCP, Appendix I (legal-notes §2.7 [S]): the stop notice is new as
    # Mẫu 05, so the control sheet and the tracking book move to 06 and 07.
    Regime(
        key="nd118-2025", valid_from=date(2025, 7, 1), valid_to=None,
        name=gettext_noop("Nghị định 118/2025/NĐ-CP, Thông tư 03/2025/TT-VPCP"), circular="Thông tư số 03/2025/TT-VPCP",
        templates="tt03_2025",
        forms=(
            FormSpec("01", RECEIPT, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "mau01",
                     gettext_noop("Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)")),
            FormSpec("02", SUPPLEMENT, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "mau02", gettext_noop("Phiếu yêu cầu bổ sung (Mẫu 02)")),
            FormSpec("03", REFUSAL, "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "mau03", gettext_noop("Phiếu từ chối tiếp nhận (Mẫu 03)")),
            _NOTICE,
            FormSpec("04", APOLOGY, "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", "mau04",
                     gettext_noop("Văn bản xin lỗi và đề nghị gia hạn (Mẫu 04)")),
            FormSpec("05", STOP, "Thông báo dừng giải quyết hồ sơ", "mau05", gettext_noop("Thông báo dừng giải quyết (Mẫu 05)")),
            FormSpec("06", CONTROL, "Phiếu kiểm soát quá trình giải quyết hồ sơ", "mau06", gettext_noop("Phiếu kiểm soát quá trình (Mẫu 06)")),
            FormSpec("07", BOOK, "Sổ theo dõi hồ sơ", "mau07", gettext_noop("Sổ theo dõi hồ sơ (Mẫu 07)")),
        ),
    ),
)


def regime_on(day: date) -> Regime:
    """The regime in force on a local day; a day before the first regime takes the first (the oldest
    forms the software has)."""
    for regime in REGIMES:
        if regime.covers(day):
            return regime
    return REGIMES[0] if day < REGIMES[0].valid_from else REGIMES[-1]


def regime_at(instant: datetime) -> Regime:
    """The regime in force at an aware instant, by its local day in Việt Nam."""
    return regime_on(local_day(instant))


def regime_by_key(key: str) -> Regime:
    for regime in REGIMES:
        if key in (regime.key, regime.templates):
            return regime
    raise KeyError(key)


def split_period(date_from: date, date_to: date) -> list[tuple[Regime, date, date]]:
    """The parts of a period, one per regime in force in it (in order): a tracking book that spans a change
    of regime is one book per regime, each listing the dossiers received under it."""
    parts = []
    for regime in REGIMES:
        start = max(date_from, regime.valid_from) if regime is not REGIMES[0] else date_from
        end = min(date_to, regime.valid_to) if regime.valid_to is not None else date_to
        if start <= end:
            parts.append((regime, start, end))
    return parts
