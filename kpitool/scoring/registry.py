"""The one place scoring methods are registered: the rules' `method` name -> its `Method`.

A shipped method is a module of `kpitool.scoring` that defines `METHOD` (today `nd335` and
`khanh_hoa`); the registry finds them on first use, so adding one takes its module and its preset
file and nothing else. `register()` adds a method from outside the package (a plug-in, a test).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any

from kpitool.rules import Rules, RulesError
from kpitool.scoring.base import Method

_ADDED: dict[str, Method[Any]] = {}


@cache
def shipped() -> dict[str, Method[Any]]:
    """The methods defined by the modules of `kpitool.scoring`, by name."""
    import kpitool.scoring as package

    found: dict[str, Method[Any]] = {}
    for info in pkgutil.iter_modules(package.__path__):
        method = getattr(importlib.import_module(f"{package.__name__}.{info.name}"), "METHOD", None)
        if isinstance(method, Method):
            found[method.name] = method
    return found


def methods() -> dict[str, Method[Any]]:
    """Every known method, by name: the shipped ones, then those registered."""
    return {**shipped(), **_ADDED}


def register(method: Method[Any]) -> None:
    """Add a scoring method (a plug-in, or a test's own)."""
    _ADDED[method.name] = method


def unregister(name: str) -> None:
    """Remove a method added with `register()`."""
    _ADDED.pop(name, None)


def method_of(rules: Rules) -> Method[Any]:
    """The method the rules name."""
    known = methods()
    if rules.method not in known:
        raise RulesError("rules_bad_value", key="method", value=rules.method,
                         allowed=", ".join(known))
    return known[rules.method]
