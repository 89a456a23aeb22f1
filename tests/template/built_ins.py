"""Bundles made from the built-in templates' source folders, for the library, round-trip,
profile and CLI tests: a real show, renamed or changed where a test needs another."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

from studio.template import pack_folder

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "template-sources"
LOGO = REPO / "resources" / "images" / "liveshop-logo.png"


def source_copy(slug: str, folder: Path, **manifest_changes: Any) -> Path:
    """A copy of ``template-sources/<slug>`` at ``folder``, its manifest changed."""
    shutil.copytree(SOURCES / slug, folder)
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) | manifest_changes
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


def packed(tmp_path: Path, slug: str = "studio-table", **manifest_changes: Any) -> Path:
    """A bundle of the built-in ``slug`` (under its own name unless changed)."""
    name = str(manifest_changes.get("name", slug))
    work = tmp_path / "bundles"
    work.mkdir(exist_ok=True)
    stem = "".join(c if c.isalnum() else "-" for c in name) + f"-{len(list(work.iterdir()))}"
    folder = source_copy(slug, work / f"{stem}.folder", **manifest_changes)
    return pack_folder(folder, work / f"{stem}.lsstemplate")


def profile_folder(tmp_path: Path, profile_json: bytes, slug: str = "studio-table") -> Path:
    """A profile's folder: a built-in marked as a profile, with ``profile.json``."""
    folder = source_copy(slug, tmp_path / "profile-folder", kind="profile", name="Agency profile")
    (folder / "profile.json").write_bytes(profile_json)
    return folder


def rewritten(bundle: Path, output: Path, changes: dict[str, bytes | None]) -> Path:
    """``bundle`` written again with zipfile, some entries replaced (None: removed) or added,
    its manifest left as it was: what a tamperer or a careless tool makes of a bundle."""
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            if info.filename in changes:
                continue
            target.writestr(info.filename, source.read(info))
        for name, content in changes.items():
            if content is not None:
                target.writestr(name, content)
    return output


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder`` (hidden ones too) with its bytes."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): None if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }
