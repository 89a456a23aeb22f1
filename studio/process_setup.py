"""Process-wide settings an executable makes before it imports numpy or starts a thread (the
launcher, and the benchmark's stand-in for the desktop app)."""

from __future__ import annotations

import os
import sys

BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's mallopt() parameter


def prepare_process() -> None:
    """Everything below, first thing in ``main``."""
    use_one_blas_thread()
    limit_malloc_arenas()


def use_one_blas_thread() -> None:
    """numpy's OpenBLAS starts a thread per core when numpy is imported (~0.1 s of CPU at
    every start) for matrix products the studio never makes large: every array it multiplies
    holds a few thousand values, where one thread is as fast. Only effective before numpy is
    imported; a value the user set is kept."""
    for variable in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(variable, "1")


def limit_malloc_arenas(count: int = MALLOC_ARENAS) -> bool:
    """glibc (Linux) gives each thread that allocates its own malloc arena, up to eight per
    core, and memory freed in one arena is not reused by another: a show's dozen threads
    (capture, render, audio, encoders, outputs) kept ~5 MB more resident than with two arenas,
    for no measurable CPU. Only effective before threads start; True when glibc took it (the
    ``MALLOC_ARENA_MAX`` environment variable, set by the user, wins)."""
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    return bool(mallopt(_M_ARENA_MAX, count))
