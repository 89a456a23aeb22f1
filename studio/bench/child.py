"""One benchmark job in a fresh process: ``python -m studio.bench.child TASK JSON``.

Prints one JSON line with the job's figures; the parent adds the process's CPU time and peak
RSS from ``wait4``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from studio.bench.scene import BenchScene, build_scene


def _scene(args: dict[str, Any], featured: bool = False) -> BenchScene:
    return build_scene(
        Path(args["folder"]), args["width"], args["height"], args["frames"], featured=featured
    )


def run(task: str, args: dict[str, Any]) -> dict[str, Any]:
    from studio.render.text import ensure_gui_app

    ensure_gui_app()  # text sources need Qt's font engine, created on the main thread
    if task == "ours":
        from studio.bench.floor import source_ms_per_frame
        from studio.bench.ours import run_ours

        scene = _scene(args)
        source_ms = source_ms_per_frame(scene.width, scene.height, scene.fps)
        figures = run_ours(
            scene, args["output"], preset=args.get("preset", "veryfast"),
            rss_every_s=args.get("rss_every_s", 0.0),
        )  # fmt: skip
        result = figures.to_json()
        result["stage_ms"] = {"source": source_ms, **figures.stage_ms}
        return result
    if task == "floor":
        from studio.bench.floor import run_floor

        floor = run_floor(args["width"], args["height"], 30, args["frames"], args["output"],
                          args.get("preset", "veryfast"))  # fmt: skip
        return {"frames": floor.frames, "wall_s": floor.wall_s, "cpu_s": floor.cpu_s}
    if task == "latency":
        from studio.bench.latency import run_latency

        scene = _scene(args, featured=True)
        return run_latency(scene, Path(args["output"]), args.get("seconds", 6.0)).to_json()
    raise SystemExit(f"unknown task {task!r}")


def main(argv: list[str]) -> int:
    task, args = argv[0], json.loads(argv[1])
    print(json.dumps(run(task, args)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
