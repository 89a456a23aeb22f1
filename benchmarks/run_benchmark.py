"""The performance benchmark, the same as `studio bench` (e.g. `--json figures.json`)."""

from __future__ import annotations

import sys

from studio.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main(["bench", *sys.argv[1:]]))
