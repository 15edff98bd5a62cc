"""What the applicant's status notices say, by the online-services regime in force at the dossier's receipt
instant — effective-dated like the forms (motcua/forms/regimes.py, docs/decisions/0020 and 0026), never by
today's date: a dossier received on 30/06/2026 keeps today's notices to its end, one received on 01/07/2026
gets those of Decree 224/2026 from its first notice on.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from motcua.common.effective import InForce, deciding_instant, local_day


@dataclass(frozen=True)
class NoticeRegime(InForce):
    key: str
    name: str
    # Decree 224/2026, art. 15(1)(g): notices name the agency, the officer who acted and the instants of
    # receipt, processing and return.
    names_the_handling: bool


NOTICE_REGIMES: tuple[NoticeRegime, ...] = (
    # Decree 42/2022/NĐ-CP and before: the notices as they were written first (status, code, appointment).
    NoticeRegime(
        key="nd42-2022", valid_from=date.min, valid_to=date(2026, 6, 30), name="Nghị định 42/2022/NĐ-CP",
        names_the_handling=False,
    ),
    # Decree 224/2026/NĐ-CP (24/06/2026, in force 01/07/2026), replacing Decree 42/2022.
    NoticeRegime(
        key="nd224-2026", valid_from=date(2026, 7, 1), valid_to=None, name="Nghị định 224/2026/NĐ-CP",
        names_the_handling=True,
    ),
)


def notice_regime_at(instant: datetime) -> NoticeRegime:
    """The regime in force at an aware instant, by its local day in Việt Nam."""
    day = local_day(instant)
    return next(r for r in NOTICE_REGIMES if r.covers(day))


def notice_regime_for(dossier) -> NoticeRegime:
    """The regime of a dossier's notices: at its receipt instant, or, never received (refused at the
    counter, awaiting payment or the check of an online submission), at its submission or creation — the
    rule of forms.selectors.regime_for (decision 0020)."""
    return notice_regime_at(deciding_instant(dossier))
