"""What bounds one feedback request: its deadline, reply sizes, where keys may go, what may be shown.

A model's reply is untrusted text from the network: it is capped before it
can fill memory or the cache, and its control characters are made visible
before anything prints it (an ESC[2J would clear the screen, an OSC 52 would
write the clipboard).
"""

from __future__ import annotations

import asyncio
import re
from email.utils import parsedate_to_datetime
from time import time
from urllib.parse import urlsplit

from interview.grading.llm.errors import LLMUnavailable

MAX_REPLY_CHARS = 64_000  # the reply text; MAX_TOKENS of JSON is a tenth of this
MAX_STREAM_BYTES = 1 << 20  # every byte the server sends for one reply, SSE framing included
MAX_ERROR_BYTES = 64 << 10  # of an error body; only its first line is shown
MAX_NOTICE_CHARS = 200
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """Text from a model or server made safe to print: control characters become visible `\\x..` escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def notice(text: str) -> str:
    """One short, printable line of a server's message."""
    line = " ".join(shown(text).split())
    return line if len(line) <= MAX_NOTICE_CHARS else line[: MAX_NOTICE_CHARS - 1] + "…"


class ReplyTooLong(Exception):
    """The server sent more than a reply can be; reading stops at once."""


def too_long(provider: str) -> LLMUnavailable:
    return LLMUnavailable("malformed", f"{provider}'s reply was longer than {MAX_STREAM_BYTES >> 10} KB and "
                          "was cut off")


def check_base_url(url: str, setting: str = "llm.base_url") -> str:
    """https anywhere; plain http only to this machine, so no key or answer crosses a network in clear."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and host:
        return host
    if parts.scheme == "http" and host in LOCAL_HOSTS:
        return host
    raise LLMUnavailable("off", f"{setting} {notice(url)!r}: use an https:// URL (plain http only for "
                         "localhost, 127.0.0.1 or ::1)", disable_session=True)


class Deadline:
    """One overall deadline for a feedback request: connect, retries, waits and streaming together."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = asyncio.get_running_loop().time() + seconds

    def left(self) -> float:
        return self.at - asyncio.get_running_loop().time()

    def expired(self, provider: str) -> LLMUnavailable:
        limit = f"{self.seconds:g} s, llm.timeout_s"
        return LLMUnavailable("transient", f"{provider} did not answer in time (the limit is {limit}); "
                              "try again later")

    async def wait(self, seconds: float, provider: str) -> None:
        """Sleep before a retry, unless the wait would outlast the deadline: then it is "try later"."""
        if seconds >= self.left():
            raise LLMUnavailable("transient", f"{provider} asked to wait {seconds:.0f} s before retrying, "
                                 f"beyond the {self.seconds:g} s limit (llm.timeout_s); try again later")
        await asyncio.sleep(seconds)


def retry_after(headers: object, fallback: float) -> float:
    """Seconds a server asks to wait (retry-after-ms, or retry-after in seconds or as a date)."""
    get = getattr(headers, "get", None)
    if get is None:
        return fallback
    millis = get("retry-after-ms")
    try:
        if millis:
            return max(0.0, float(millis) / 1000)
        value = get("retry-after")
        if not value:
            return fallback
        try:
            return max(0.0, float(value))
        except ValueError:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return fallback
