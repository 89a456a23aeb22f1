"""Hotkey actions, their defaults and conflict detection (key sequences as portable text)."""

from __future__ import annotations

from dataclasses import dataclass

# Action id → what the Hotkeys page shows. The main window binds these ids to callables.
HOTKEY_ACTIONS: dict[str, str] = {
    "go_live_toggle": "Go live / end the show",
    **{f"scene_{n}": f"Switch to scene {n}" for n in range(1, 10)},
    "transition": "Transition: put every canvas's next scene on air",
    "mute_mic": "Mute / unmute the microphone",
    "feature_next_product": "Feature the next product",
    "be_right_back": "Be right back: show the slate scene / back to the show",
}

# Ctrl+Shift for actions that must not fire by accident while typing in a text field.
DEFAULT_HOTKEYS: dict[str, str] = {
    "go_live_toggle": "Ctrl+Shift+L",
    **{f"scene_{n}": f"Ctrl+{n}" for n in range(1, 10)},
    "transition": "Ctrl+Shift+T",
    "mute_mic": "Ctrl+Shift+M",
    "feature_next_product": "Ctrl+Shift+P",
    "be_right_back": "Ctrl+Shift+B",
}

_MODIFIER_ORDER = ("ctrl", "meta", "alt", "shift")


def normalize_key_sequence(sequence: str) -> str:
    """A comparable form: case-insensitive, modifiers in a fixed order ("" for unbound)."""
    text = sequence.strip()
    if not text:
        return ""
    chords = []
    for chord in text.split(","):
        parts = [p.strip().lower() for p in chord.strip().split("+")]
        if chord.strip().endswith("++"):  # "Ctrl++": the key itself is "+"
            parts = [p for p in parts if p] + ["+"]
        modifiers = sorted(
            (p for p in parts[:-1] if p in _MODIFIER_ORDER), key=_MODIFIER_ORDER.index
        )
        chords.append("+".join([*modifiers, parts[-1]]))
    return ", ".join(chords)


@dataclass(frozen=True, slots=True)
class HotkeyConflict:
    sequence: str
    actions: tuple[str, ...]

    @property
    def message(self) -> str:
        labels = " and ".join(f"“{HOTKEY_ACTIONS.get(a, a)}”" for a in self.actions)
        return f"{self.sequence} is assigned to both {labels}: give each action its own key."


def find_hotkey_conflicts(hotkeys: dict[str, str]) -> list[HotkeyConflict]:
    """Sequences bound to more than one action (unbound actions never conflict)."""
    by_sequence: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for action, sequence in hotkeys.items():
        key = normalize_key_sequence(sequence)
        if key:
            by_sequence.setdefault(key, []).append(action)
            shown.setdefault(key, sequence.strip())
    return [
        HotkeyConflict(shown[key], tuple(actions))
        for key, actions in by_sequence.items()
        if len(actions) > 1
    ]
