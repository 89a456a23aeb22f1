"""Saving and loading the settings file: round trip, atomic save, bad files never lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.settings import AppSettings, Destination, SettingsFile, SettingsFileError
from studio.settings.model import AudioSettings, RecordingSettings, VideoSettings


def sample_settings(tmp_path: Path) -> AppSettings:
    return AppSettings(
        destinations=[
            Destination(
                name="Shop channel",
                platform="youtube",
                server_url="rtmps://a.rtmps.youtube.com:443/live2",
            ),
            Destination(
                name="Vertical",
                platform="tiktok",
                server_url="rtmp://push.example/live",
                enabled=False,
                canvas="vertical",
            ),
        ],
        video=VideoSettings(
            orientation="vertical",
            canvas_width=1080,
            canvas_height=1920,
            fps=60,
            output_width=720,
            output_height=1280,
            bitrate_kbps=6000,
            preset="superfast",
        ),
        audio=AudioSettings(microphone="USB Mic", sample_rate_hz=44_100),
        recording=RecordingSettings(folder=tmp_path / "shows", format="mp4"),
        hotkeys={"go_live_toggle": "F9", "mute_mic": ""},
    )


def test_save_then_load_gives_the_same_settings(tmp_path: Path) -> None:
    settings = sample_settings(tmp_path)
    store = SettingsFile(tmp_path)
    store.save(settings)

    assert SettingsFile.load(tmp_path) == settings
    reopened = SettingsFile(tmp_path)
    assert reopened.settings == settings and reopened.load_error is None
    assert [d.name for d in reopened.settings.enabled_destinations()] == ["Shop channel"]
    assert reopened.settings.hotkeys["mute_mic"] == ""  # deliberately unbound stays unbound
    assert reopened.settings.hotkeys["scene_1"] == "Ctrl+1"  # defaults fill the rest


def test_no_file_means_defaults(tmp_path: Path) -> None:
    store = SettingsFile(tmp_path / "new")
    assert store.settings == AppSettings() and store.load_error is None


def test_save_is_atomic_and_keeps_one_backup(tmp_path: Path) -> None:
    store = SettingsFile(tmp_path)
    first = AppSettings()
    second = sample_settings(tmp_path)
    store.save(first)
    store.save(second)
    store.save(second)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["settings.json", "settings.json.bak"]  # no temp files left behind
    assert AppSettings.model_validate_json((tmp_path / "settings.json.bak").read_text()) == second


def test_invalid_json_is_kept_as_bad_and_defaults_are_used(tmp_path: Path) -> None:
    broken = '{"format_version": 1, "video": {'
    (tmp_path / "settings.json").write_text(broken)

    store = SettingsFile(tmp_path)

    assert store.settings == AppSettings()
    error = store.load_error
    assert isinstance(error, SettingsFileError)
    assert str(tmp_path / "settings.json") in str(error)
    assert "line 1" in str(error) and "not valid JSON" in str(error)
    assert (tmp_path / "settings.json.bad").read_text() == broken  # nothing lost


def test_invalid_value_names_its_path(tmp_path: Path) -> None:
    document = AppSettings().model_dump(mode="json")
    document["video"]["fps"] = "fast"
    document["destinations"] = [{"name": "", "platform": "myspace"}]
    (tmp_path / "settings.json").write_text(json.dumps(document))

    with pytest.raises(SettingsFileError) as raised:
        SettingsFile.load(tmp_path)

    message = str(raised.value)
    assert "video.fps" in message
    assert "destinations[0].name" in message and "destinations[0].platform" in message
    assert raised.value.kept_as == tmp_path / "settings.json.bad"
    assert not (tmp_path / "settings.json").exists()


def test_a_bad_file_falls_back_to_the_previous_save(tmp_path: Path) -> None:
    good = sample_settings(tmp_path)
    store = SettingsFile(tmp_path)
    store.save(good)
    store.save(good)  # the .bak now holds `good`
    (tmp_path / "settings.json").write_text("not json")

    reopened = SettingsFile(tmp_path)

    assert reopened.load_error is not None
    assert reopened.settings == good


def test_a_newer_format_version_is_refused_clearly(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text('{"format_version": 99}')
    with pytest.raises(SettingsFileError, match="format version 99 is not supported"):
        SettingsFile.load(tmp_path)


def test_listeners_hear_about_each_save(tmp_path: Path) -> None:
    store = SettingsFile(tmp_path)
    heard: list[AppSettings] = []
    unsubscribe = store.subscribe(heard.append)
    settings = sample_settings(tmp_path)
    store.save(settings)
    unsubscribe()
    store.save(AppSettings())
    assert heard == [settings]
    assert store.settings == AppSettings()


def test_video_settings_refuse_impossible_shapes() -> None:
    with pytest.raises(ValueError, match="vertical canvas cannot be 1920×1080"):
        VideoSettings(orientation="vertical")
    with pytest.raises(ValueError, match="even number"):
        VideoSettings(canvas_width=1921)
    assert VideoSettings(output_width=1280, output_height=720).output_size == (1280, 720)
    assert VideoSettings().encoder_settings().bitrate_kbps == 4500


def test_output_scaling_becomes_the_encoders_scale_for_every_canvas() -> None:
    video = VideoSettings(
        canvas_width=1920, canvas_height=1080, output_width=1280, output_height=720
    )
    encoder = video.encoder_settings()
    assert encoder.output_size(1920, 1080) == (1280, 720)
    assert encoder.output_size(1080, 1920) == (720, 1280)  # a vertical second canvas too
    assert VideoSettings().encoder_settings().output_size(1920, 1080) == (1920, 1080)
