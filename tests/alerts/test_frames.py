"""Dropped frames over the last minute, and the encoder behind real time, on a fake clock."""

from __future__ import annotations

from studio.alerts import AlertId, AlertMonitor, AlertThresholds, SettingsPage
from tests.alerts.helpers import FakeCanvas


def ids(monitor: AlertMonitor) -> set[AlertId]:
    return {alert.id for alert in monitor.active()}


def feed(monitor: AlertMonitor, canvas: FakeCanvas, start_s: float, seconds: int,
         **per_second: float) -> float:  # fmt: skip
    """One reading a second, as the window polls; returns the time of the last one."""
    now = start_s
    for _ in range(seconds):
        canvas.run(1.0, **per_second)  # type: ignore[arg-type]
        now += 1.0
        monitor.observe_stats(now, [canvas.stats()])
    return now


def test_three_percent_of_frames_dropped_by_the_encoder_raise_the_alert_with_its_cause() -> None:
    monitor, canvas = AlertMonitor(), FakeCanvas()
    monitor.observe_stats(0.0, [canvas.stats()])
    now = feed(monitor, canvas, 0.0, 30)
    assert AlertId.DROPPED_FRAMES not in ids(monitor)
    # 1 of 30 frames a second (3.3 %) dropped because the encoder was busy.
    now = feed(monitor, canvas, now, 25, encoder_dropped=1)
    [alert] = [a for a in monitor.active() if a.id == AlertId.DROPPED_FRAMES]
    assert alert.text.startswith("Dropped ")
    assert "of frames in the last minute — the computer cannot keep up with encoding." in (
        alert.text
    )
    assert "faster x264 preset in Settings → Video" in alert.text
    assert alert.settings_page == SettingsPage.VIDEO
    assert " on 'Main'" not in alert.text  # one canvas: no need to name it


def test_a_hiccup_as_the_show_starts_is_not_an_alert() -> None:
    monitor, canvas = AlertMonitor(), FakeCanvas()
    monitor.observe_stats(0.0, [canvas.stats()])
    feed(monitor, canvas, 0.0, 1, encoder_dropped=10)  # a third of the first second
    feed(monitor, canvas, 1.0, 10)
    assert AlertId.DROPPED_FRAMES not in ids(monitor)


def test_frames_drawn_too_late_blame_the_scene_not_the_encoder() -> None:
    monitor, canvas = AlertMonitor(), FakeCanvas()
    monitor.observe_stats(0.0, [canvas.stats()])
    feed(monitor, canvas, 0.0, 60, skipped_late=3)
    [alert] = [a for a in monitor.active() if a.id == AlertId.DROPPED_FRAMES]
    assert "Dropped 10 % of frames" in alert.text
    assert "cannot draw the scene in time" in alert.text
    assert "Hide sources" in alert.text


def test_dropped_frames_clear_once_the_minute_is_clean_again_and_not_at_the_limit() -> None:
    monitor, canvas = AlertMonitor(), FakeCanvas()
    monitor.observe_stats(0.0, [canvas.stats()])
    now = feed(monitor, canvas, 0.0, 60, encoder_dropped=1)  # 3.3 %
    assert AlertId.DROPPED_FRAMES in ids(monitor)
    # Clean from now on: the minute's share falls, and stays up while above 0.5 %.
    cleared_at = None
    for _ in range(70):
        now = feed(monitor, canvas, now, 1)
        if AlertId.DROPPED_FRAMES not in ids(monitor):
            cleared_at = now
            break
    assert cleared_at is not None
    # 0.5 % of a minute's 1800 frames is 9 frames: the window held fewer than 9 drops for
    # the 3 s wait (9 drops are left 51 s after the cause ended; 3 s later it clears).
    assert 60 + 51 + 3 <= cleared_at <= 60 + 51 + 3 + 1


def test_hovering_between_the_limits_does_not_flicker() -> None:
    monitor, canvas = AlertMonitor(), FakeCanvas()
    monitor.observe_stats(0.0, [canvas.stats()])
    now = feed(monitor, canvas, 0.0, 60, encoder_dropped=1)
    assert AlertId.DROPPED_FRAMES in ids(monitor)
    # Now one drop every 4 s: 0.83 % of the minute, between 0.5 % and 1 %.
    seen = set()
    for second in range(240):
        now = feed(monitor, canvas, now, 1, encoder_dropped=1 if second % 4 == 0 else 0)
        seen.add(AlertId.DROPPED_FRAMES in ids(monitor))
    assert seen == {True}


def test_the_encoder_behind_real_time_is_an_alert_and_clears_when_it_catches_up() -> None:
    monitor, canvas = AlertMonitor(), FakeCanvas()
    monitor.observe_stats(0.0, [canvas.stats()])
    now = feed(monitor, canvas, 0.0, 7, encoder_dropped=10)
    assert AlertId.ENCODER_BEHIND not in ids(monitor)  # judged on 8 s of its 10 at least
    now = feed(monitor, canvas, now, 1, encoder_dropped=10)
    assert AlertId.ENCODER_BEHIND in ids(monitor)
    now = feed(monitor, canvas, now, 2, encoder_dropped=10)
    [alert] = [a for a in monitor.active() if a.id == AlertId.ENCODER_BEHIND]
    assert alert.text.startswith(
        "The video encoder is behind real time: 20 of 30 frames a second encoded over "
        "the last 10 s — viewers see the stream stutter."
    )
    assert alert.settings_page == SettingsPage.VIDEO
    # Caught up: it clears once the 10 s window is clean and has stayed so for 3 s.
    states = []
    for _ in range(20):
        now = feed(monitor, canvas, now, 1)
        states.append(AlertId.ENCODER_BEHIND in ids(monitor))
    assert states.index(False) == 9 + 3  # clean window after 9-10 s, then the 3 s wait
    assert not any(states[states.index(False) :])


def test_a_growing_encoder_lag_is_behind_even_with_no_frame_dropped() -> None:
    monitor, canvas = AlertMonitor(), FakeCanvas()
    monitor.observe_stats(0.0, [canvas.stats()])
    feed(monitor, canvas, 0.0, 10, lag_ms=1500.0)
    assert AlertId.ENCODER_BEHIND in ids(monitor)


def test_a_hardware_encoder_is_not_told_to_change_its_x264_preset() -> None:
    monitor, canvas = AlertMonitor(), FakeCanvas(encoder_name="h264_nvenc")
    monitor.observe_stats(0.0, [canvas.stats()])
    feed(monitor, canvas, 0.0, 10, encoder_dropped=15)
    texts = " ".join(alert.text for alert in monitor.active())
    assert "x264" not in texts and "Lower the output resolution or the frame rate" in texts


def test_only_encoding_canvases_count_and_two_canvases_are_named() -> None:
    monitor = AlertMonitor(AlertThresholds(encoder_window_s=2.0))
    main, vertical = FakeCanvas("Main"), FakeCanvas("Vertical", live=False)
    monitor.observe_stats(0.0, [main.stats(), vertical.stats()])
    for now in range(1, 4):
        main.run(1.0, encoder_dropped=15)
        vertical.run(1.0, encoder_dropped=15)
        monitor.observe_stats(float(now), [main.stats(), vertical.stats()])
    assert {a.subject for a in monitor.active()} == {"Main"}
    assert all(" on 'Main'" in a.text for a in monitor.active())
    # The stream ends: the canvas stops encoding and its alerts go at once.
    main.live = False
    monitor.observe_stats(4.0, [main.stats(), vertical.stats()])
    assert monitor.active() == []


def test_a_rebuilt_canvas_counting_from_zero_starts_a_new_window() -> None:
    monitor, canvas = AlertMonitor(), FakeCanvas()
    monitor.observe_stats(0.0, [canvas.stats()])
    now = feed(monitor, canvas, 0.0, 20)
    fresh = FakeCanvas()
    monitor.observe_stats(now + 1, [fresh.stats()])
    feed(monitor, fresh, now + 1, 20)
    assert monitor.active() == []
