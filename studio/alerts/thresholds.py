"""When each alert is raised and cleared. The defaults are the product's; tests shorten the
waits (a 30 s silence becomes 3 s) without changing the rules."""

from __future__ import annotations

from dataclasses import dataclass

GB = 1_000_000_000


@dataclass(frozen=True, slots=True)
class AlertThresholds:
    # Frames the show lost (drawn late or dropped before the encoder), over a sliding window.
    dropped_frames_percent: float = 1.0
    dropped_frames_clear_percent: float = 0.5
    dropped_frames_window_s: float = 60.0
    # The encoder against the frames handed to it, over a shorter window.
    encoder_window_s: float = 10.0
    encoder_behind_ratio: float = 0.9  # encoded / handed below this: behind real time
    encoder_caught_up_ratio: float = 0.97
    encoder_max_lag_ms: float = 1000.0  # from a frame's due time to its packet
    # A destination not receiving the show (reconnecting, or given up).
    destination_reconnecting_s: float = 5.0
    # A microphone on air and not muted that hears nothing while live.
    microphone_silent_s: float = 30.0
    microphone_silent_dbfs: float = -60.0  # peak below: silence (an unplugged or muted device)
    microphone_sound_dbfs: float = -50.0  # peak above: sound again (between: no change)
    # The disk of the recordings folder while recording: whichever limit is reached first.
    disk_min_recording_s: float = 600.0  # at the current bitrate
    disk_min_free_bytes: int = GB
    disk_clear_margin: float = 1.2  # cleared once both limits are passed by this factor
    # A cause must stay gone this long before its alert clears: no flicker at the limit.
    clear_after_s: float = 3.0
