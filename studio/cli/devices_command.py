"""`studio devices`: cameras, microphones and the video encoders that really open here."""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import Any


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("devices", help="list cameras, microphones and usable encoders")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from studio.capture.devices import list_cameras, list_microphones
    from studio.encode import probe_video_encoders

    cameras, microphones = list_cameras(), list_microphones()
    encoders = list(probe_video_encoders())
    if args.json:
        print(
            json.dumps(
                {
                    "cameras": [dataclasses.asdict(c) for c in cameras],
                    "microphones": [dataclasses.asdict(m) for m in microphones],
                    "video_encoders": encoders,
                },
                indent=2,
                default=str,
            )
        )
        return 0
    print("Cameras:")
    for camera in cameras:
        print(f"  {camera.id}  {camera.name}{'  (default)' if camera.is_default else ''}")
    if not cameras:
        print("  none found (scenes fall back to the test pattern)")
    print("Microphones:")
    for microphone in microphones:
        default = "  (default)" if microphone.is_default else ""
        print(f"  {microphone.id}  {microphone.name}{default}")
    if not microphones:
        print("  none found")
    print("Video encoders that open on this computer:")
    for encoder in encoders:
        print(f"  {encoder}")
    return 0
