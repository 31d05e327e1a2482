"""The one place scoring methods are registered: the rules' `method` name -> its `Method`."""

from __future__ import annotations

from typing import Any

from kpitool.rules import Rules, RulesError
from kpitool.scoring import khanh_hoa, nd335
from kpitool.scoring.base import Method

METHODS: dict[str, Method[Any]] = {method.name: method for method in (nd335.METHOD, khanh_hoa.METHOD)}


def register(method: Method[Any]) -> None:
    """Add a scoring method (a plug-in, or a test's own)."""
    METHODS[method.name] = method


def method_of(rules: Rules) -> Method[Any]:
    """The method the rules name."""
    if rules.method not in METHODS:
        raise RulesError("rules_bad_value", key="method", value=rules.method,
                         allowed=", ".join(METHODS))
    return METHODS[rules.method]
