"""IRC lines (RFC 1459 with IRCv3 message tags) and turning PRIVMSG into chat messages.

Parsing never raises: a line that makes no sense is ``None`` and the reader moves on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from studio.chat.message import ChatAuthor, ChatMessage, MessageFlag, Platform, make_message

_TAG_ESCAPES = {":": ";", "s": " ", "\\": "\\", "r": "\r", "n": "\n"}


def unescape_tag_value(value: str) -> str:
    """IRCv3 tag value unescaping (``\\:`` ``\\s`` ``\\\\`` ``\\r`` ``\\n``)."""
    if "\\" not in value:
        return value
    out: list[str] = []
    chars = iter(value)
    for ch in chars:
        if ch != "\\":
            out.append(ch)
            continue
        nxt = next(chars, None)
        if nxt is None:
            break  # a trailing lone backslash is dropped
        out.append(_TAG_ESCAPES.get(nxt, nxt))
    return "".join(out)


def escape_tag_value(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\:")
        .replace(" ", "\\s")
        .replace("\r", "\\r")
        .replace("\n", "\\n")
    )


@dataclass(frozen=True, slots=True)
class IrcLine:
    command: str  # upper case, or a three-digit numeric
    params: list[str] = field(default_factory=list)
    prefix: str = ""  # "nick!user@host" or a server name
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def nick(self) -> str:
        return self.prefix.split("!", 1)[0].split("@", 1)[0]


def parse_line(line: str) -> IrcLine | None:
    """One line without its CR LF; None when it is not a usable IRC line."""
    line = line.strip("\r\n\x00")
    if not line:
        return None
    tags: dict[str, str] = {}
    if line.startswith("@"):
        raw_tags, _, line = line[1:].partition(" ")
        for item in raw_tags.split(";"):
            if not item:
                continue
            key, _, value = item.partition("=")
            tags[key] = unescape_tag_value(value)
        line = line.lstrip(" ")
    prefix = ""
    if line.startswith(":"):
        prefix, _, line = line[1:].partition(" ")
        line = line.lstrip(" ")
    trailing: str | None = None
    if " :" in line:
        line, trailing = line.split(" :", 1)
    elif line.startswith(":"):
        line, trailing = "", line[1:]
    words = line.split()
    if not words:
        return None
    command = words[0].upper()
    if not (command.isalpha() or (len(command) == 3 and command.isdigit())):
        return None
    params = words[1:]
    if trailing is not None:
        params.append(trailing)
    return IrcLine(command=command, params=params, prefix=prefix, tags=tags)


def _time_from_tags(tags: dict[str, str]) -> datetime | None:
    try:
        if "tmi-sent-ts" in tags:
            return datetime.fromtimestamp(int(tags["tmi-sent-ts"]) / 1000, UTC)
        if "time" in tags:  # IRCv3 server-time
            return datetime.fromisoformat(tags["time"].replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        pass
    return None


def _badges(tags: dict[str, str]) -> tuple[str, ...]:
    return tuple(b for b in tags.get("badges", "").split(",") if b)


def message_from_privmsg(line: IrcLine, platform: Platform, fallback_id: str) -> ChatMessage | None:
    """A PRIVMSG to a channel as a chat message; None for anything else (private, CTCP…)."""
    if line.command != "PRIVMSG" or len(line.params) < 2 or not line.prefix:
        return None
    channel, text = line.params[0], line.params[1]
    if not channel.startswith(("#", "&")):
        return None
    flags: set[MessageFlag] = set()
    if text.startswith("\x01ACTION ") or text == "\x01ACTION\x01":
        text = text[len("\x01ACTION") :].strip("\x01 ")
        flags.add(MessageFlag.ACTION)
    elif text.startswith("\x01"):
        return None  # other CTCP requests are not chat
    tags = line.tags
    nick = line.nick
    badges = _badges(tags)
    badge_names = {b.split("/", 1)[0] for b in badges}
    channel_owner = channel.lstrip("#&").lower() == nick.lower()
    author = ChatAuthor(
        display_name=tags.get("display-name") or nick,
        id=tags.get("user-id") or nick,
        badges=badges,
        is_moderator=tags.get("mod") == "1" or "moderator" in badge_names,
        is_owner="broadcaster" in badge_names or (platform is Platform.TWITCH and channel_owner),
    )
    return make_message(
        id=tags.get("id") or tags.get("msgid") or fallback_id,
        platform=platform,
        channel=channel,
        author=author,
        text=text,
        time=_time_from_tags(tags),
        flags=frozenset(flags),
        raw_tags=tags,
    )
