"""Profiles (``.lssprofile``): a template plus the set-up an agency hands its hosts.

``profile.json`` beside the template carries destination presets (platform, server, which
canvas; never a stream key), the store connection's settings (never a token), the hotkeys and
the video and audio encoder settings. Secrets live in the keyring and are never read here;
server addresses lose any user name, password or query on the way out, where a key pasted
into the wrong box would hide. On import each destination gets a new id, so the host's own
keys (stored by id) are never reused for an agency's preset.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from studio.scene import SceneCollection
from studio.settings.model import AppSettings, Destination
from studio.template.bundle import BundleError, open_bundle
from studio.template.bundle_format import PROFILE_ENTRY
from studio.template.export import manifest_data, pack_show
from studio.template.library import TemplateEntry, install_bundle

PROFILE_FORMAT_VERSION = 1
_FROZEN = ConfigDict(extra="forbid", frozen=True)


class DestinationPreset(BaseModel):
    model_config = _FROZEN

    name: str = Field(min_length=1, max_length=100)
    platform: str = Field(max_length=40)
    server_url: str = Field("", max_length=2000)
    enabled: bool = True
    canvas: str | None = Field(None, max_length=200)


class AudioPreset(BaseModel):
    model_config = _FROZEN

    sample_rate_hz: int
    bitrate_kbps: int


class ProfileSettings(BaseModel):
    """``profile.json``: every part optional, so a profile may carry only what it means to."""

    model_config = _FROZEN

    format_version: int = PROFILE_FORMAT_VERSION
    destinations: list[DestinationPreset] = Field(default_factory=list, max_length=50)
    store: dict[str, Any] | None = None  # StoreSettings fields
    hotkeys: dict[str, str] | None = Field(None, max_length=200)
    video: dict[str, Any] | None = None  # VideoSettings fields
    audio: AudioPreset | None = None


def without_credentials(url: str) -> str:
    """A server address with no user name, password, query or fragment."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def profile_from_settings(settings: AppSettings) -> ProfileSettings:
    store = settings.store
    store_data = store.model_dump(mode="json")
    if store.api_url:
        store_data["api_url"] = without_credentials(store.api_url)
    return ProfileSettings(
        destinations=[
            DestinationPreset(
                name=d.name,
                platform=d.platform,
                server_url=without_credentials(d.server_url),
                enabled=d.enabled,
                canvas=d.canvas,
            )
            for d in settings.destinations
        ],
        store=store_data if store.kind != "none" else None,
        hotkeys=dict(settings.hotkeys),
        video=settings.video.model_dump(mode="json"),
        audio=AudioPreset(
            sample_rate_hz=settings.audio.sample_rate_hz,
            bitrate_kbps=settings.audio.bitrate_kbps,
        ),
    )


def export_profile(
    settings: AppSettings,
    collection: SceneCollection,
    output: Path,
    *,
    name: str,
    author: str = "",
    version: str = "1.0",
    description: str = "",
) -> Path:
    """Pack the show and the shareable settings as ``output`` (a ``.lssprofile``)."""
    manifest = manifest_data(
        collection, kind="profile", name=name, version=version, author=author,
        description=description,
    )  # fmt: skip
    profile = profile_from_settings(settings).model_dump_json(indent=2) + "\n"
    return pack_show(collection, manifest, output, {PROFILE_ENTRY: profile})


@dataclass
class SettingsMerge:
    """The settings after a profile, and what changed."""

    settings: AppSettings
    added_destinations: list[str] = field(default_factory=list)  # each waits for its key
    store_changed: bool = False


@dataclass(frozen=True)
class ProfileImport:
    template: TemplateEntry
    merge: SettingsMerge


def read_profile(bundle: Path) -> ProfileSettings:
    """The checked ``profile.json`` of a profile bundle (BundleError names what is wrong)."""
    with open_bundle(bundle) as opened:  # every check of the bundle, once
        if opened.manifest.kind != "profile":
            raise BundleError(f"{bundle.name}: this is a template, not a profile")
        raw = (opened.folder / PROFILE_ENTRY).read_text(encoding="utf-8")
    try:
        profile = ProfileSettings.model_validate(json.loads(raw))
    except (ValidationError, ValueError) as error:
        raise BundleError(f"{PROFILE_ENTRY}: {_first_problem(error)}") from None
    if profile.format_version > PROFILE_FORMAT_VERSION:
        raise BundleError(
            f"{PROFILE_ENTRY}: made by a newer LiveShop Studio (profile format "
            f"{profile.format_version}; this version reads {PROFILE_FORMAT_VERSION})"
        )
    return profile


def merged_settings(current: AppSettings, profile: ProfileSettings) -> SettingsMerge:
    """``current`` with the profile's presets applied: destinations added (not replacing
    the host's own; one of the same name and server is kept), store, hotkeys, video and
    audio encoder settings replaced where the profile has them."""
    merge = SettingsMerge(current)
    destinations = list(current.destinations)
    existing = {(d.name.casefold(), d.server_url.strip()) for d in destinations}
    for preset in profile.destinations:
        if (preset.name.casefold(), preset.server_url.strip()) in existing:
            continue
        try:
            destination = Destination.model_validate(preset.model_dump() | {"id": uuid.uuid4().hex})
        except ValidationError as error:
            raise BundleError(
                f"{PROFILE_ENTRY}: destination {preset.name!r}: {_first_problem(error)}"
            ) from None
        destinations.append(destination)
        merge.added_destinations.append(destination.name)
    updates: dict[str, Any] = {"destinations": destinations}
    if profile.store is not None:
        updates["store"] = profile.store
    if profile.hotkeys is not None:
        updates["hotkeys"] = {**current.hotkeys, **profile.hotkeys}
    if profile.video is not None:
        updates["video"] = profile.video
    if profile.audio is not None:
        updates["audio"] = current.audio.model_dump() | profile.audio.model_dump()
    try:  # validated as one document, so a problem is named by its whole path (video.fps)
        merge.settings = AppSettings.model_validate(current.model_dump() | updates)
    except ValidationError as error:
        raise BundleError(f"{PROFILE_ENTRY}: {_first_problem(error)}") from None
    merge.store_changed = merge.settings.store != current.store
    return merge


def import_profile(
    bundle: Path,
    current: AppSettings,
    data_folder: Path | None = None,
    *,
    replace: bool = False,
) -> ProfileImport:
    """Check the whole profile, then install its template and return the merged settings
    (the caller saves them). Nothing is installed when the profile is refused."""
    merge = merged_settings(current, read_profile(bundle))
    return ProfileImport(
        install_bundle(bundle, data_folder, replace=replace, kind="profile"), merge
    )


def _first_problem(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}" if where else str(first["msg"])
    return str(error)
