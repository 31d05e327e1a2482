"""The one registry of flag kinds (SPEC §4): for each code its severity, the message key of its
text, the message key of its kind's short name, and the rules keys of its thresholds.

A new kind of flag is one entry here, its two messages in `kpitool.messages`, and its check in
`kpitool.flags.checks`. The order of the registry is the order flags are listed in per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from kpitool.messages import MESSAGES

FlagSeverity = Literal["warning", "notice"]


@dataclass(frozen=True)
class FlagKind:
    """One kind of flag.

    Attributes:
        code: the flag's code, as it appears in data (`flag_…`).
        severity: "warning" (look at it) or "notice" (for information).
        message: the message key of one flag's text, filled with the flag's params.
        label: the message key of the kind's short name (tables, charts, counts).
        thresholds: the dotted keys of the rules file whose values decide when it is raised.
    """

    code: str
    severity: FlagSeverity
    thresholds: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        return f"flagkind_{self.code}"


KINDS: tuple[FlagKind, ...] = (
    FlagKind("flag_hours_over_day", "warning", ("flags.max_hours_per_day",)),
    FlagKind("flag_full_days", "warning", ("flags.full_day_hours", "flags.full_day_share")),
    FlagKind("flag_hours_ratio", "warning", ("flags.hours_ratio_min", "flags.hours_ratio_max")),
    FlagKind("flag_weekend_work", "warning"),
    FlagKind("flag_holiday_work", "warning"),
    FlagKind("flag_missing_output_ref", "warning"),
    FlagKind("flag_duplicate_rows", "warning"),
    FlagKind("flag_pending_at_close", "warning"),
    FlagKind("flag_approver_self", "warning"),
    FlagKind("flag_approver_not_in_chain", "warning"),
    FlagKind("flag_approver_missing", "warning"),
    FlagKind("flag_unit_hours_outlier", "warning", ("flags.unit_hours_z",)),
    FlagKind("flag_quota_breach", "warning", ("quota.excellent_share_of_good",)),
    FlagKind("flag_quota_demoted", "notice", ("quota.excellent_share_of_good",)),
    FlagKind("flag_missing_general_score", "warning"),
    FlagKind("flag_missing_leader_assessment", "warning", ("task_score.leader_weights",)),
    FlagKind("flag_not_assessed", "notice"),
    FlagKind("flag_discipline", "notice"),
    FlagKind("flag_norm_missing", "warning"),
    FlagKind("flag_quality_missing", "notice"),
    FlagKind("flag_quality_not_in_rules", "warning", ("quality_factors",)),
)



class RegistryError(AssertionError):
    """The registry of flag kinds is inconsistent: a programming error in kpitool."""


def check_registry(kinds: tuple[FlagKind, ...]) -> None:
    """Every code once, a known severity, and both message keys in Vietnamese and English.

    Raises:
        RegistryError: naming the first kind that fails and why.
    """
    seen: set[str] = set()
    for kind in kinds:
        if kind.code in seen:
            raise RegistryError(f"flag kind {kind.code} is registered twice")
        seen.add(kind.code)
        if kind.severity not in get_args(FlagSeverity):
            raise RegistryError(f"flag kind {kind.code} has severity {kind.severity!r}")
        for key in (kind.message, kind.label):
            missing = [lang for lang in ("vi", "en") if lang not in MESSAGES.get(key, {})]
            if missing:
                raise RegistryError(f"flag kind {kind.code}: message {key} has no "
                                    f"{' and '.join(missing)} text")


check_registry(KINDS)
KIND = {kind.code: kind for kind in KINDS}
FLAG_CODES = tuple(KIND)
