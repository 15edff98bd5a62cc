"""The evaluation of Circular 01/2018/TT-VPCP Art. 13–14 as plain values: the nine indicators, their
2 / 1 / 0 points, a total out of 18, and the overall level (xếp loại). No ORM here: the rate action
(dossiers.services `_do_rate`) and the statistics (evaluation.selectors) both call it.

Art. 14: indicators 1, 2, 3, 4, 6, 7 are scored for each dossier (the applicant answers them); 5, 6, 8, 9
for the unit (its own records: one-stop coverage, publicity, feedback handling, online services).
The level thresholds are not confirmed by the texts we hold (legal-notes.md §2.9: Thanh Hóa's report uses
>15 / 12 / 9 / 6 with a gap at 15): they are configuration (`MOTCUA_EVALUATION_LEVELS`), see
docs/decisions/0030."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from motcua.common.errors import ValidationFailed


@dataclass(frozen=True)
class Indicator:
    number: int
    name: str
    question: str  # what the applicant is asked (per-dossier indicators)
    answers: tuple[str, str, str]  # the wording of 2, 1 and 0 points
    per_dossier: bool
    per_unit: bool


# Circular 01/2018/TT-VPCP, Art. 13 (texts: legal-notes.md §2.9).
INDICATORS: tuple[Indicator, ...] = (
    Indicator(1, gettext_lazy("Tổng thời gian giải quyết TTHC so với quy định"),
              gettext_lazy("Thời gian giải quyết hồ sơ so với thời hạn quy định"),
              (gettext_lazy("Trước hạn"), gettext_lazy("Đúng hạn"), gettext_lazy("Quá hạn")), True, False),
    Indicator(2, gettext_lazy("Thời gian thực hiện của từng cơ quan, đơn vị (kể cả phối hợp)"),
              gettext_lazy("Thời gian xử lý của từng cơ quan, đơn vị tham gia giải quyết"),
              (gettext_lazy("Trước hạn"), gettext_lazy("Đúng hạn"), gettext_lazy("Quá hạn")), True, False),
    Indicator(3, gettext_lazy("Số lần liên hệ với nơi tiếp nhận để hoàn thiện hồ sơ (kể cả trực tuyến)"),
              gettext_lazy("Số lần Ông/Bà phải liên hệ nơi tiếp nhận để hoàn thiện hồ sơ"),
              (gettext_lazy("Không lần nào"), gettext_lazy("Một lần"), gettext_lazy("Nhiều hơn một lần")), True, False),
    Indicator(4, gettext_lazy("Số cơ quan, đơn vị phải liên hệ để hoàn thiện hồ sơ"),
              gettext_lazy("Số cơ quan, đơn vị Ông/Bà phải liên hệ để hoàn thiện hồ sơ"),
              (gettext_lazy("Không phải liên hệ"), gettext_lazy("Chỉ bộ phận một cửa"), gettext_lazy("Nhiều hơn một cơ quan")), True, False),
    Indicator(5, gettext_lazy("Tổ chức tiếp nhận, thẩm định, phê duyệt tại bộ phận một cửa"),
              "", (gettext_lazy("Đạt mức cao"), gettext_lazy("Tiếp nhận, trả kết quả 100% tại một cửa"), gettext_lazy("Dưới 100%")), False, True),
    Indicator(6, gettext_lazy("Công khai thủ tục hành chính"),
              gettext_lazy("Thủ tục được công khai (bảng niêm yết và trên mạng)"),
              (gettext_lazy("Đầy đủ cả hai hình thức"), gettext_lazy("Một trong hai hình thức"), gettext_lazy("Không đầy đủ, không đúng")), True, True),
    Indicator(7, gettext_lazy("Thái độ của cán bộ, công chức"),
              gettext_lazy("Thái độ của cán bộ, công chức khi giải quyết hồ sơ"),
              (gettext_lazy("Trả sớm, không phiền hà"), gettext_lazy("Đúng hẹn, không phiền hà"), gettext_lazy("Có phiền hà, sách nhiễu")), True, False),
    Indicator(8, gettext_lazy("Tiếp nhận, xử lý phản ánh, kiến nghị"), "",
              (gettext_lazy("Không có hoặc 100% đúng hạn"), gettext_lazy("Từ 90% đúng hạn"), gettext_lazy("Dưới 90% hoặc kéo dài")), False, True),
    Indicator(9, gettext_lazy("Tiến độ, chất lượng cung cấp dịch vụ công trực tuyến"), "",
              (gettext_lazy("Đạt mức cao"), gettext_lazy("Đạt mức cơ bản"), gettext_lazy("Không đạt")), False, True),
)
BY_NUMBER = {i.number: i for i in INDICATORS}
PER_DOSSIER = tuple(i.number for i in INDICATORS if i.per_dossier)  # (1, 2, 3, 4, 6, 7)
POINTS = (2, 1, 0)
MAXIMUM = 2 * len(INDICATORS)  # 18

# Overall satisfaction (domain.md §7): kept as before in Dossier.rating.
SATISFACTION_LEVELS = {
    "very_satisfied": gettext_lazy("Rất hài lòng"), "satisfied": gettext_lazy("Hài lòng"),
    "not_satisfied": gettext_lazy("Không hài lòng"),
}

# (lowest total out of 18, label), highest first. Product rule (decision 0030): ≥ 15 is "Xuất sắc" (the
# Thanh Hóa report's "> 15" left a total of exactly 15 without a level).
# The labels are stored with each evaluation (Evaluation.level) and may be configured: data, in Vietnamese;
# pages translate them when they show them (`{% translate level %}`), hence gettext_noop.
DEFAULT_LEVELS = (
    (15, gettext_noop("Xuất sắc")), (12, gettext_noop("Tốt")), (9, gettext_noop("Khá")), (6, gettext_noop("Trung bình")),
    (0, gettext_noop("Yếu")),
)


def levels() -> tuple[tuple[float, str], ...]:
    return tuple(getattr(settings, "MOTCUA_EVALUATION_LEVELS", DEFAULT_LEVELS))


def level_names() -> list[str]:
    return [name for _, name in levels()]


def parse_criteria(raw) -> dict[int, int]:
    """`{"1": 2, …}` (api-contract: the nine indicators) → {1: 2, …}; ValidationFailed naming the bad part.
    An empty or missing value is no criteria at all (the old payload `{level}` stays valid)."""
    if raw in (None, "", {}):
        return {}
    if not isinstance(raw, dict):
        raise ValidationFailed(_("Điểm các chỉ số phải có dạng {\"1\": 2, …, \"9\": 0}."), field="criteria")
    out: dict[int, int] = {}
    for key, value in raw.items():
        number = int(key) if str(key).isdigit() else None
        if number not in BY_NUMBER:
            raise ValidationFailed(
                _("Không có chỉ số đánh giá “{key}” (chỉ có các chỉ số 1 đến 9).").format(key=key), field="criteria"
            )
        if isinstance(value, bool) or value not in POINTS:
            raise ValidationFailed(
                _("Điểm của chỉ số {number} phải là 2, 1 hoặc 0 (Thông tư 01/2018/TT-VPCP, Điều 13).").format(number=number),
                field="criteria",
            )
        out[number] = int(value)
    return out


def out_of_18(total: float, maximum: int) -> float | None:
    """A total over the indicators that were scored, brought to the 18-point scale of Art. 13."""
    return round(total * MAXIMUM / maximum, 2) if maximum else None


def level_of(score18: float | None) -> str:
    """The overall level of a score out of 18 (empty when nothing was scored)."""
    if score18 is None:
        return ""
    for lowest, name in levels():
        if score18 >= lowest:
            return name
    return levels()[-1][1]


@dataclass(frozen=True)
class Scored:
    scores: dict[int, int]
    total: int
    maximum: int
    level: str


def score(scores: dict[int, int]) -> Scored:
    total, maximum = sum(scores.values()), 2 * len(scores)
    return Scored(scores, total, maximum, level_of(out_of_18(total, maximum)))
