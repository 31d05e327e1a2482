"""The scoring rules (quy chế chấm điểm): a TOML file, validated on load, and its presets.

Every number of the scoring (SPEC §3) is a key of the rules file; `kpitool/rules/*.toml` are the
shipped presets (`nd335`, the default, and `khanh-hoa`). A file that names an unknown key, misses
one, or holds a value of the wrong kind or range raises `RulesError` naming the key and what is
allowed.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from kpitool.errors import KpiToolError
from kpitool.issues import Issue

DEFAULT_PRESET = "nd335"
CYCLES = ("month", "quarter")
BASES = ("assigned", "capacity")
PERIOD_KINDS = ("month", "quarter", "half", "year")
STAFF_TYPES = ("can_bo", "cong_chuc", "vien_chuc", "hop_dong")
QUALITY_KEYS = ("pass", "fail", "excellent")
LEVEL_THRESHOLD_KEYS = ("HTXSNV", "HTTNV", "HTNV")
LEADER_CRITERIA = ("subordinates", "org_ability", "unity")  # every method's leaders' criteria


class RulesError(KpiToolError):
    """The rules file cannot be used: not found, not TOML, or a key is unknown, missing or bad."""


class UnknownRulesError(RulesError):
    """The rules asked for are neither a preset nor a file: a usage error (exit code 2)."""

    exit_code = 2


@dataclass(frozen=True)
class FlagThresholds:
    """The thresholds of the flags of SPEC §4."""

    max_hours_per_day: float
    full_day_hours: float
    full_day_share: float
    hours_ratio_min: float
    hours_ratio_max: float
    unit_hours_z: float


@dataclass(frozen=True)
class Rules:
    """A validated rules file: every number the scoring uses, plus where it came from."""

    name: str
    sha256: str
    toml_text: str
    source: str
    description: str
    method: str
    cycle: str
    basis: str
    hours_per_day: float
    complexity: Mapping[int, float]
    quality_factors: Mapping[str, float]
    general_max: float
    default_general_score: float | None
    task_max: float
    weights: Mapping[str, float]
    leader_weights: Mapping[str, float]
    subordinates_ok: float
    subordinates_not_ok: float
    levels: Mapping[str, float]
    quota_share: float
    quota_periods: tuple[str, ...]
    min_months_in_year: int
    staff_types: tuple[str, ...]
    flags: FlagThresholds
    # the method's own section (`[nd335]`, `[khanh_hoa]` …), checked against the keys the
    # method declares (`kpitool.scoring.base.Method.keys`); an optional key left out is None
    method_params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


# --- the shape of a rules file -------------------------------------------------------------
# Each key: (kind, required, constraint). kind "number" accepts TOML integers and floats;
# constraint for numbers is (min, max, min_exclusive); for text, the allowed values.

_Number = tuple[float, float, bool]
_NUMBER_ANY: _Number = (0.0, 1e9, False)
_NUMBER_POS: _Number = (0.0, 1e9, True)
_SHARE: _Number = (0.0, 1.0, False)
_PERCENT: _Number = (0.0, 100.0, False)
# the constraints a method's own keys may use (`Method.keys`)
NUMBER_ANY, NUMBER_POS, SHARE, PERCENT = _NUMBER_ANY, _NUMBER_POS, _SHARE, _PERCENT

_TOP = {
    "name": ("text", False, None),
    "description": ("text", False, None),
    "method": ("text", True, None),  # a registered scoring method (kpitool.scoring.registry)
    "cycle": ("text", True, CYCLES),
    "basis": ("text", True, BASES),
    "min_months_in_year": ("integer", True, (0.0, 12.0, False)),
    "staff_types": ("list", True, STAFF_TYPES),
    "hours_per_day": ("number", True, (0.0, 24.0, True)),
    "complexity": ("table", True, None),
    "quality_factors": ("table", True, None),
    "general": ("table", True, None),
    "task_score": ("table", True, None),
    "leader": ("table", True, None),
    "levels": ("table", True, None),
    "quota": ("table", True, None),
    "flags": ("table", True, None),
}
_SECTIONS: dict[str, dict[str, tuple[str, bool, object]]] = {
    "general": {
        "max_points": ("number", True, _NUMBER_ANY),
        "default_general_score": ("number", False, _NUMBER_ANY),
    },
    "task_score": {
        "max_points": ("number", True, _NUMBER_ANY),
        "weights": ("table", True, None),
        "leader_weights": ("table", True, None),
    },
    "leader": {
        "subordinates_ok": ("number", True, _PERCENT),
        "subordinates_not_ok": ("number", True, _PERCENT),
    },
    "levels": dict.fromkeys(LEVEL_THRESHOLD_KEYS, ("number", True, _PERCENT)),
    # Decree Art. 20.5: at most 20 % of the good, 25 % where the authority granted it
    "quota": {"excellent_share_of_good": ("number", True, (0.0, 0.25, False)),
              "periods": ("list", True, PERIOD_KINDS)},
    "flags": {
        "max_hours_per_day": ("number", True, (0.0, 24.0, True)),
        "full_day_hours": ("number", True, (0.0, 24.0, True)),
        "full_day_share": ("number", True, _SHARE),
        "hours_ratio_min": ("number", True, _NUMBER_ANY),
        "hours_ratio_max": ("number", True, _NUMBER_POS),
        "unit_hours_z": ("number", True, _NUMBER_POS),
    },
}


def preset_names() -> list[str]:
    """The names of the shipped presets, default first."""
    names = sorted(
        entry.name.removesuffix(".toml")
        for entry in resources.files("kpitool").joinpath("rules").iterdir()
        if entry.name.endswith(".toml")
    )
    return sorted(names, key=lambda name: name != DEFAULT_PRESET)


def preset_text(name: str) -> str:
    """The TOML text of a shipped preset (what `kpitool rules show NAME` prints)."""
    if name not in preset_names():
        raise UnknownRulesError("rules_not_found", value=name, presets=", ".join(preset_names()))
    return resources.files("kpitool").joinpath("rules", f"{name}.toml").read_text("utf-8")


def load_rules(preset_or_path: str | Path = DEFAULT_PRESET) -> Rules:
    """Load and validate a preset (by name) or a rules file (by path)."""
    if isinstance(preset_or_path, str) and preset_or_path in preset_names():
        data = preset_text(preset_or_path).encode("utf-8")
        source, default_name = preset_or_path, preset_or_path
    else:
        path = Path(preset_or_path)
        if not path.is_file():
            raise UnknownRulesError(
                "rules_not_found", value=str(preset_or_path), presets=", ".join(preset_names())
            )
        data = path.read_bytes()
        source, default_name = str(path), path.stem
    return parse_rules(data, source=source, default_name=default_name)


def parse_rules(data: bytes, source: str = "<rules>", default_name: str = "custom") -> Rules:
    """Validate the bytes of a rules file and build `Rules`."""
    try:
        text = data.decode("utf-8")
        raw = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RulesError("rules_bad_toml", file=source, error=str(exc)) from exc
    except RecursionError as exc:  # arrays or tables nested thousands deep
        raise RulesError("rules_bad_toml", file=source, error="nested too deeply") from exc
    from kpitool.scoring.registry import methods  # the registry imports this module

    known = dict(sorted(methods().items(), key=lambda item: item[0] != DEFAULT_PRESET))
    if isinstance(raw.get("method"), str) and raw["method"] not in known:
        raise RulesError("rules_bad_value", key="method", value=raw["method"],
                         allowed=", ".join(known))
    own = {m.section: m for m in known.values()}
    _check_table(raw, {**_TOP, **dict.fromkeys(own, ("table", False, None))}, "")
    chosen = known[raw["method"]]
    method = chosen.name
    sections = {name: _check_table(raw[name], keys, name) for name, keys in _SECTIONS.items()
                if name in raw}
    for section in own:  # another method's table: not for this method
        if section != chosen.section and section in raw:
            raise RulesError("rules_unknown_key", key=section,
                             allowed=f"{_allowed(_TOP)}, {chosen.section}")
    if chosen.section not in raw:
        raise RulesError("rules_missing_key", key=chosen.section)
    method_params = {**dict.fromkeys(chosen.keys),
                     **_check_table(raw[chosen.section], chosen.keys, chosen.section)}
    criteria = (*chosen.criteria, *LEADER_CRITERIA)
    task = sections["task_score"]
    weights = _weights(task["weights"], "task_score.weights", criteria)
    leader_weights = _weights(task["leader_weights"], "task_score.leader_weights", criteria)
    levels = sections["levels"]
    if not levels["HTXSNV"] > levels["HTTNV"] > levels["HTNV"]:
        raise RulesError("rules_bad_order", key="levels",
                         value=f"{levels['HTXSNV']}, {levels['HTTNV']}, {levels['HTNV']}")
    general = sections["general"]
    default_general = general.get("default_general_score")
    if default_general is not None and default_general > general["max_points"]:
        raise RulesError("rules_out_of_range", key="general.default_general_score",
                         value=default_general, range=f"0–{general['max_points']}")
    flags = sections["flags"]
    if flags["hours_ratio_min"] >= flags["hours_ratio_max"]:
        raise RulesError("rules_bad_order", key="flags.hours_ratio_min",
                         value=f"{flags['hours_ratio_min']}, {flags['hours_ratio_max']}")
    return Rules(
        name=str(raw.get("name", default_name)),
        sha256=hashlib.sha256(data).hexdigest(),
        toml_text=text,
        source=source,
        description=str(raw.get("description", "")),
        method=method,
        cycle=raw["cycle"],
        basis=raw["basis"],
        hours_per_day=float(raw["hours_per_day"]),
        complexity=MappingProxyType(_complexity(raw["complexity"])),
        quality_factors=MappingProxyType(_quality_factors(raw["quality_factors"])),
        general_max=general["max_points"],
        default_general_score=default_general,
        task_max=task["max_points"],
        weights=MappingProxyType(weights),
        leader_weights=MappingProxyType(leader_weights),
        subordinates_ok=sections["leader"]["subordinates_ok"],
        subordinates_not_ok=sections["leader"]["subordinates_not_ok"],
        levels=MappingProxyType(dict(levels)),
        quota_share=sections["quota"]["excellent_share_of_good"],
        quota_periods=tuple(sections["quota"]["periods"]),
        min_months_in_year=int(raw["min_months_in_year"]),
        staff_types=tuple(raw["staff_types"]),
        flags=FlagThresholds(**flags),
        method_params=MappingProxyType(method_params),
    )


def check_complexity(rules: Rules, norms: pd.DataFrame) -> list[Issue]:
    """Issues for norms whose complexity level has no coefficient in the rules."""
    if norms.empty:
        return []
    levels = pd.to_numeric(norms["complexity"], errors="coerce")
    unknown = levels.notna() & ~levels.isin(list(rules.complexity))
    allowed = ", ".join(str(level) for level in sorted(rules.complexity))
    return [
        Issue(
            code="complexity_not_in_rules",
            file=str(row.get("_file", "")),
            sheet=str(row.get("_sheet", "")),
            row=int(row["_row"]) if pd.notna(row.get("_row")) else None,
            column="complexity",
            value=str(int(row["complexity"])),
            params={"rules": rules.name, "allowed": allowed},
        )
        for row in norms[unknown].to_dict("records")
    ]


# --- helpers -------------------------------------------------------------------------------


def _allowed(keys: Mapping[str, object], drop: str = "") -> str:
    return ", ".join(key for key in keys if key != drop)


def _check_table(table: object, keys: Mapping[str, tuple[str, bool, object]],
                 prefix: str) -> dict:
    """Check one table against its keys; return it with numbers as floats."""
    if not isinstance(table, dict):
        raise RulesError("rules_bad_type", key=prefix, expected="table")
    out: dict[str, object] = {}
    for key, value in table.items():
        dotted = f"{prefix}.{key}" if prefix else key
        if key not in keys:
            raise RulesError("rules_unknown_key", key=dotted, allowed=_allowed(keys))
        kind, _, constraint = keys[key]
        out[key] = _check_value(value, kind, constraint, dotted)
    for key, (_, required, _) in keys.items():
        if required and key not in table:
            raise RulesError("rules_missing_key", key=f"{prefix}.{key}" if prefix else key)
    return out


def _check_value(value: object, kind: str, constraint: object, key: str) -> object:
    if kind == "table":
        if not isinstance(value, dict):
            raise RulesError("rules_bad_type", key=key, expected="table")
        return value
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RulesError("rules_bad_type", key=key, expected="list of text")
        wrong = [v for v in value if v not in constraint]  # type: ignore[operator]
        if wrong or len(set(value)) != len(value):
            raise RulesError("rules_bad_value", key=key, value=", ".join(wrong or value),
                             allowed=", ".join(constraint))  # type: ignore[arg-type]
        return value
    if kind == "integer":
        number = _number(value, key, constraint)  # type: ignore[arg-type]
        if number != int(number):
            raise RulesError("rules_bad_type", key=key, expected="integer")
        return number
    if kind == "text":
        if not isinstance(value, str):
            raise RulesError("rules_bad_type", key=key, expected="text")
        if constraint is not None and value not in constraint:  # type: ignore[operator]
            raise RulesError("rules_bad_value", key=key, value=value,
                             allowed=", ".join(constraint))  # type: ignore[arg-type]
        return value
    return _number(value, key, constraint)  # type: ignore[arg-type]


def _number(value: object, key: str, bounds: _Number = _NUMBER_ANY) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RulesError("rules_bad_type", key=key, expected="number")
    low, high, low_exclusive = bounds
    number = float(value)
    if number != number or number > high or number < low or (low_exclusive and number == low):
        bracket = "(" if low_exclusive else "["
        raise RulesError("rules_out_of_range", key=key, value=value,
                         range=f"{bracket}{low:g}, {high:g}]")
    return number


def _complexity(table: dict) -> dict[int, float]:
    levels: dict[int, float] = {}
    for key, value in table.items():
        if not key.isdigit() or int(key) < 1:
            raise RulesError("rules_bad_value", key=f"complexity.{key}", value=key,
                             allowed="1, 2, 3 …")
        levels[int(key)] = _number(value, f"complexity.{key}", _NUMBER_POS)
    if not levels:
        raise RulesError("rules_missing_key", key="complexity.1")
    return dict(sorted(levels.items()))


def _quality_factors(table: dict) -> dict[str, float]:
    keys = {key: ("number", key in ("pass", "fail"), (0.0, 10.0, False)) for key in QUALITY_KEYS}
    return _check_table(table, keys, "quality_factors")


def _weights(table: dict, key: str, criteria: tuple[str, ...]) -> dict[str, float]:
    allowed = dict.fromkeys(criteria, ("number", False, _NUMBER_ANY))
    weights = _check_table(table, allowed, key)
    if sum(weights.values()) <= 0:
        raise RulesError("rules_out_of_range", key=key, value=sum(weights.values()),
                         range="> 0")
    return weights
