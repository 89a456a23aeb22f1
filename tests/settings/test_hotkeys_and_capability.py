"""Hotkey conflicts (core logic, no Qt)."""

from __future__ import annotations

from studio.settings import DEFAULT_HOTKEYS, HOTKEY_ACTIONS, find_hotkey_conflicts


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
