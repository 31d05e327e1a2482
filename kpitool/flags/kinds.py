"""What a kind of flag is (SPEC §4): its code, severity, the message keys of its text and of its
short name, and the rules keys of its thresholds; and the check of a registry of kinds.

The registry itself, `KINDS`, heads `kpitool.flags.checks`, beside the checks that raise them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from kpitool.messages import MESSAGES

FlagSeverity = Literal["high", "warning", "notice"]
SEVERITY_ORDER: tuple[FlagSeverity, ...] = ("high", "warning", "notice")  # listed in this order


@dataclass(frozen=True)
class FlagKind:
    """One kind of flag.

    Attributes:
        code: the flag's code, as it appears in data (`flag_…`).
        severity: "high" (a result is likely wrong: shown before everything else), "warning"
            (look at it) or "notice" (for information).
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
