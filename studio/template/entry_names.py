"""Entry names in a bundle or template folder: which are safe to unpack on any system, which
belong to the layout, and which collide on Windows and macOS.

Names come from strangers: they may try to leave the folder (``..``, ``/etc``, ``C:``), hide
behind a backslash or a character Windows reads differently, differ from another only by
case or Unicode form, or carry terminal escapes into the message that names them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from studio.file_names import WINDOWS_RESERVED_NAMES

MANIFEST_ENTRY = "manifest.json"
COLLECTION_ENTRY = "collection.json"
THUMBNAIL_ENTRY = "thumbnail.png"
PROFILE_ENTRY = "profile.json"
ASSETS_FOLDER = "assets"
TOP_LEVEL_FILES = (MANIFEST_ENTRY, COLLECTION_ENTRY, THUMBNAIL_ENTRY, PROFILE_ENTRY)

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp", ".gif")
FONT_EXTENSIONS = (".ttf", ".otf")
MEDIA_EXTENSIONS = (".mp4", ".mov", ".webm", ".mp3", ".wav", ".m4a", ".ogg")
# Fonts must travel with their licence: plain UTF-8 text, nothing else.
TEXT_EXTENSIONS = (".txt",)
ASSET_EXTENSIONS = IMAGE_EXTENSIONS + FONT_EXTENSIONS + MEDIA_EXTENSIONS + TEXT_EXTENSIONS

MAX_NAME_CHARS = 255
MAX_PATH_DEPTH = 8

_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def has_control_characters(text: str, allowed: str = "") -> bool:
    """Control characters, and the bidi controls that make a name read as another one."""
    return any(
        (unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS) and char not in allowed
        for char in text
    )


def shown_name(name: str) -> str:
    """A stranger's name as safe to print: no terminal escapes, no reversed text, not 10 kB."""
    if has_control_characters(name) or any(0xD800 <= ord(c) <= 0xDFFF for c in name):
        name = name.encode("unicode_escape", errors="backslashreplace").decode("ascii")
    return name if len(name) <= 120 else name[:117] + "…"


_WINDOWS_FORBIDDEN = set('<>:"|?*')


def name_safety_problem(name: str) -> str | None:
    """Why ``name`` (``/`` between folders, a folder without its trailing ``/``) may not be
    unpacked anywhere, on any system; None if it is safe. The order matters: the first
    reason is the one a person needs (``..`` before "uses a backslash")."""
    if not name:
        return "has an empty name"
    if any(0xD800 <= ord(char) <= 0xDFFF for char in name):
        return "its name is not valid UTF-8"
    if has_control_characters(name):
        return "has control characters in its name"
    if ".." in re.split(r"[/\\]", name):
        return "leaves the bundle (.. in the path)"
    if name.startswith(("/", "\\")):
        return "is an absolute path (entries must be relative to the bundle)"
    if re.match(r"^[A-Za-z]:", name):
        return "is an absolute path (a drive letter)"
    if "\\" in name:
        return "uses a backslash (entries use / between folders)"
    if len(name) > MAX_NAME_CHARS:
        return f"its name is over {MAX_NAME_CHARS} characters"
    parts = name.split("/")
    if len(parts) > MAX_PATH_DEPTH:
        return f"is nested more than {MAX_PATH_DEPTH} folders deep"
    for part in parts:
        problem = _part_problem(part)
        if problem:
            return problem
    return None


def _part_problem(part: str) -> str | None:
    if part in ("", "."):
        return "has an empty or '.' folder in its path"
    forbidden = sorted(_WINDOWS_FORBIDDEN.intersection(part))
    if forbidden:
        return f"uses {forbidden[0]!r}, which Windows does not allow in names"
    if part.endswith((" ", ".")):
        return "has a name ending in a space or a dot (Windows drops them)"
    if part.split(".")[0].upper() in WINDOWS_RESERVED_NAMES:
        return f"uses a name Windows reserves ({part.split('.')[0]})"
    return None


def collision_key(name: str) -> str:
    """Names equal under this key are one file on Windows or macOS (case, Unicode form)."""
    return unicodedata.normalize("NFC", name).casefold()


def extension_of(name: str) -> str:
    """The lowercase extension with its dot (``".png"``), or ``""``."""
    base = name.rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[1].lower() if "." in base.lstrip(".") else ""


def layout_problem(name: str, is_folder: bool) -> str | None:
    """Why a (safe) name has no place in a bundle; None if it belongs."""
    top, _, rest = name.partition("/")
    if is_folder:
        if top == ASSETS_FOLDER:
            return None
        return f"is not allowed in a bundle (the only folder is {ASSETS_FOLDER}/)"
    if not rest:
        if name in TOP_LEVEL_FILES:
            return None
        allowed = ", ".join(TOP_LEVEL_FILES)
        return f"is not allowed in a bundle (allowed: {allowed} and {ASSETS_FOLDER}/…)"
    if top != ASSETS_FOLDER:
        return f"is not allowed in a bundle (the only folder is {ASSETS_FOLDER}/)"
    extension = extension_of(name)
    if extension not in ASSET_EXTENSIONS:
        what = f"{extension} files are" if extension else "files without an extension are"
        return (
            f"{what} not allowed in {ASSETS_FOLDER}/ (pictures {' '.join(IMAGE_EXTENSIONS)}, "
            f"fonts {' '.join(FONT_EXTENSIONS)}, media {' '.join(MEDIA_EXTENSIONS)}, "
            f"licences {' '.join(TEXT_EXTENSIONS)})"
        )
    return None


def first_collision(entries: Iterable[tuple[str, bool]]) -> tuple[str, str] | None:
    """``(name, reason)`` for the first entry (name, is_folder) that would overwrite or
    collide with an earlier one once unpacked; None if all are distinct."""
    entries = list(entries)
    seen: dict[str, tuple[str, bool]] = {}
    for name, is_folder in entries:
        key = collision_key(name)
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = (name, is_folder)
            continue
        if earlier == (name, is_folder):
            return name, "appears twice in the bundle"
        if earlier[0] == name:
            return name, "is both a file and a folder in the bundle"
        return name, (
            f"has the same name as {shown_name(earlier[0])} on Windows and macOS "
            "(names must differ by more than case or Unicode form)"
        )
    files = {collision_key(name) for name, is_folder in entries if not is_folder}
    for name, _ in entries:
        parts = name.split("/")
        for depth in range(1, len(parts)):
            if collision_key("/".join(parts[:depth])) in files:
                return name, f"is inside {shown_name('/'.join(parts[:depth]))}, which is a file"
    return None
