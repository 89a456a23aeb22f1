"""Process-wide settings an executable makes before it imports numpy (the launcher, and the
benchmark's stand-in for the desktop app)."""

from __future__ import annotations

import os

BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")


def use_one_blas_thread() -> None:
    """numpy's OpenBLAS starts a thread per core when numpy is imported (~0.1 s of CPU at
    every start) for matrix products the studio never makes large: every array it multiplies
    holds a few thousand values, where one thread is as fast. Only effective before numpy is
    imported; a value the user set is kept."""
    for variable in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(variable, "1")
