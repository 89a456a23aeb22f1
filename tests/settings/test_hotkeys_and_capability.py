"""Hotkey conflicts and the auto-configure proposal (core logic, no Qt)."""

from __future__ import annotations

from studio.settings import DEFAULT_HOTKEYS, HOTKEY_ACTIONS, find_hotkey_conflicts
from studio.settings.capability import _as_proposal, propose


def test_defaults_bind_every_action_without_conflict() -> None:
    assert set(DEFAULT_HOTKEYS) == set(HOTKEY_ACTIONS)
    assert {
        "go_live_toggle",
        "scene_1",
        "scene_9",
        "transition",
        "mute_mic",
        "feature_next_product",
    } <= set(DEFAULT_HOTKEYS)
    assert find_hotkey_conflicts(DEFAULT_HOTKEYS) == []


def test_conflicts_ignore_case_and_modifier_order() -> None:
    hotkeys = {
        **DEFAULT_HOTKEYS,
        "mute_mic": "shift+ctrl+1",
        "scene_1": "Ctrl+Shift+1",
        "transition": "",
        "feature_next_product": "",
    }
    [conflict] = find_hotkey_conflicts(hotkeys)
    assert set(conflict.actions) == {"mute_mic", "scene_1"}
    assert conflict.message == (
        "Ctrl+Shift+1 is assigned to both “Switch to scene 1” and “Mute / unmute the "
        "microphone”: give each action its own key."
    )


def test_proposal_picks_the_largest_size_with_headroom() -> None:
    fast = propose({(1280, 720): 400.0, (1920, 1080): 200.0})
    assert (fast.height, fast.fps, fast.preset) == (1080, 60, "veryfast")
    roomy = propose({(1280, 720): 250.0, (1920, 1080): 100.0})
    assert (roomy.height, roomy.fps, roomy.preset) == (1080, 30, "veryfast")
    tight = propose({(1280, 720): 150.0, (1920, 1080): 70.0})
    assert (tight.height, tight.fps, tight.preset) == (1080, 30, "superfast")
    slow = propose({(1280, 720): 40.0, (1920, 1080): 15.0})
    assert (slow.height, slow.fps, slow.preset) == (720, 30, "ultrafast")
    assert "720p" in slow.summary


def test_a_bench_result_is_accepted_in_any_reasonable_shape() -> None:
    proposal = _as_proposal(
        {"canvas_width": 1080, "canvas_height": 1920, "fps": 30, "preset": "faster"}
    )
    assert proposal is not None and (proposal.width, proposal.height) == (1920, 1080)
    assert _as_proposal(object()) is None


def test_a_bench_capacity_becomes_a_proposal() -> None:
    class Capacity:  # the shape of studio.bench.quick.Capacity
        def __init__(self, fps: float) -> None:
            self.width, self.height, self.preset, self.fps, self.margin = (
                1920, 1080, "superfast", fps, 1.25,
            )  # fmt: skip

    assert _as_proposal(Capacity(50.0)) == _as_proposal(Capacity(50.0))
    slow, fast = _as_proposal(Capacity(50.0)), _as_proposal(Capacity(80.0))
    assert slow is not None and (slow.height, slow.fps, slow.preset) == (1080, 30, "superfast")
    assert fast is not None and fast.fps == 60
