"""A package's names loaded on first use (PEP 562): a package whose ``__init__`` would import
heavy modules for every process that only needs one of its small ones."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(
    package_globals: dict[str, Any], module_of: Mapping[str, str]
) -> Callable[[str], Any]:
    """The package's ``__getattr__``: ``name`` comes from the package's module
    ``module_of[name]``, imported when the name is first asked for and kept from then on."""
    package = package_globals["__name__"]

    def __getattr__(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        package_globals[name] = value
        return value

    return __getattr__
