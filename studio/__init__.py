"""LiveShop Studio: a streaming studio for live-shopping hosts."""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    """pyproject.toml's version, the one place it is written: read from the installed
    package's metadata (pip install, the editable set-up, and the frozen app, whose build
    bundles that metadata), or from pyproject.toml itself in a source tree never installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("liveshop-studio")
    except PackageNotFoundError:
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
        try:
            return str(tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


def __getattr__(name: str) -> str:
    # ``studio.__version__`` is looked up when asked for: importlib.metadata costs ~25 ms,
    # which every uplink child and every ``import studio.x`` would otherwise pay.
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'studio' has no attribute {name!r}")
