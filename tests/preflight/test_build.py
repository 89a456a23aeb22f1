"""Plans from the app settings (the window) and from command-line targets (the CLI)."""

from __future__ import annotations

from studio.encode.settings import AudioEncoderSettings, VideoEncoderSettings
from studio.preflight.build import plan_from_settings, plan_from_targets
from studio.preflight.checks import check_show
from studio.scene.model import SceneCollection
from studio.settings.model import AppSettings, AudioSettings, Destination, VideoSettings
from studio.settings.secrets import SecretStore

COLLECTION = SceneCollection.model_validate(
    {
        "name": "Show",
        "canvases": [
            {"name": "main", "width": 1920, "height": 1080, "fps": 30, "scene": "Main"},
            {"name": "phone", "width": 1080, "height": 1920, "fps": "30000/1001", "scene": "Main"},
        ],
        "scenes": [{"name": "Main", "items": []}],
    }
)


class _Keys(SecretStore):
    """Stream keys from a dict: no keyring."""

    def __init__(self, keys: dict[str, str]) -> None:
        super().__init__()
        self.keys = keys

    def get_stream_key(self, destination_id: str) -> str | None:
        return self.keys.get(destination_id)


SETTINGS = AppSettings(
    destinations=[
        Destination(
            id="tw", name="Twitch", platform="twitch", server_url="rtmp://live.twitch.tv/app"
        ),
        Destination(
            id="tt",
            name="TikTok",
            platform="tiktok",
            canvas="phone",
            server_url="rtmp://push.tiktokcdn.com/game",
        ),
        Destination(id="off", name="Off", enabled=False, server_url="rtmp://127.0.0.1/live"),
    ],
    video=VideoSettings(output_width=1280, output_height=720, bitrate_kbps=4000),
    audio=AudioSettings(bitrate_kbps=128, sample_rate_hz=44_100),
)


def test_the_enabled_destinations_are_planned_with_their_canvases_encoded_size() -> None:
    plan = plan_from_settings(SETTINGS, _Keys({"tw": "k1", "tt": "k2"}), COLLECTION)
    twitch, tiktok = plan.destinations
    assert (twitch.url, twitch.canvas, twitch.width, twitch.height) == (
        "rtmp://live.twitch.tv/app/k1",
        "",
        1280,
        720,
    )
    assert (tiktok.canvas, tiktok.width, tiktok.height, round(tiktok.fps, 2)) == (
        "phone",
        720,
        1280,
        29.97,
    )
    assert (tiktok.platform, tiktok.destination_id) == ("tiktok", "tt")
    assert (plan.video.bitrate_kbps, plan.audio.bitrate_kbps, plan.audio.sample_rate_hz) == (
        4000,
        128,
        44_100,
    )


def test_without_a_collection_the_main_canvas_of_the_settings_is_used() -> None:
    plan = plan_from_settings(SETTINGS, _Keys({"tw": "k1", "tt": "k2"}), None)
    assert {(d.width, d.height, d.fps) for d in plan.destinations} == {(1280, 720, 30.0)}


def test_a_missing_key_is_a_destination_without_url_that_the_rules_report() -> None:
    plan = plan_from_settings(SETTINGS, _Keys({"tw": "k1"}), COLLECTION)
    assert plan.destinations[1].url == ""
    assert [p.line.split(" (fix")[0] for p in check_show(plan).errors] == [
        "TikTok: error: it has no stream key"
    ]


def test_command_line_targets_are_named_after_their_platform_or_server() -> None:
    targets = [
        (None, "rtmp://live.twitch.tv/app/key1"),
        ("phone", "rtmp://127.0.0.1/live/key2"),
        (None, "rtmp://live.twitch.tv/app/key3"),
    ]
    plan = plan_from_targets(COLLECTION, targets, VideoEncoderSettings(), AudioEncoderSettings())
    assert [d.name for d in plan.destinations] == ["Twitch", "127.0.0.1 (phone)", "Twitch #2"]
    assert [d.server_url for d in plan.destinations] == [
        "rtmp://live.twitch.tv/app",
        "rtmp://127.0.0.1/live",
        "rtmp://live.twitch.tv/app",
    ]
    assert [(d.width, d.height) for d in plan.destinations] == [
        (1920, 1080),
        (1080, 1920),
        (1920, 1080),
    ]
    assert [d.platform for d in plan.destinations] == ["twitch", "custom", "twitch"]


def test_a_target_on_a_canvas_the_show_lacks_is_an_error() -> None:
    targets = [("square", "rtmp://127.0.0.1/live/key")]
    plan = plan_from_targets(COLLECTION, targets, VideoEncoderSettings(), AudioEncoderSettings())
    (error,) = check_show(plan).errors
    assert error.what == "it carries the canvas 'square', which the show does not have"
