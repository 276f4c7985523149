"""Fake LLM servers on 127.0.0.1: Anthropic's Messages API and an OpenAI-compatible one.

Each test queues scripted replies; the real SDK / httpx client talks to the
server over a socket, so streaming, retries and error bodies are exercised as
they are in production.  Nothing leaves the machine.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from interview.config import LLMSettings


@dataclass
class Scripted:
    """One reply: a status with a JSON body, or a 200 SSE stream of (event, data) pairs."""

    status: int = 200
    body: dict[str, Any] | None = None
    events: list[tuple[str | None, Any]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    # Hostile servers: never answer; send SSE keep-alives forever; stream raw bytes from a generator.
    hang: bool = False
    keepalive: str | None = None
    raw: Callable[[], Iterable[bytes]] | None = None


class FakeServer:
    def __init__(self) -> None:
        self.replies: list[Scripted] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.stopped = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                server.requests.append(json.loads(self.rfile.read(length) or b"{}"))
                server.headers.append({k.lower(): v for k, v in self.headers.items()})
                missing = Scripted(500, {"error": "no reply queued"})
                reply = server.replies.pop(0) if server.replies else missing
                time.sleep(reply.delay_s)
                if reply.hang:
                    server.stopped.wait(120)
                    return
                if reply.keepalive is not None or reply.raw is not None:
                    self.send_response(200)
                    self.send_header("content-type", "text/event-stream")
                    self.end_headers()
                    chunks = reply.raw() if reply.raw is not None else _forever(reply.keepalive or "")
                    try:
                        for chunk in chunks:
                            if server.stopped.is_set():
                                return
                            self.wfile.write(chunk)
                            self.wfile.flush()
                    except OSError:  # the client gave up: that is the point
                        return
                    return
                if reply.events:
                    self.send_response(200)
                    self.send_header("content-type", "text/event-stream")
                    self.end_headers()
                    try:
                        for event, data in reply.events:
                            chunk = (f"event: {event}\n" if event else "") + f"data: {_dump(data)}\n\n"
                            self.wfile.write(chunk.encode())
                            self.wfile.flush()
                    except OSError:  # the client stopped reading a stream it found malformed
                        return
                    return
                payload = json.dumps(reply.body or {}).encode()
                self.send_response(reply.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _forever(keepalive: str) -> Iterator[bytes]:
    while True:
        yield keepalive.encode()
        time.sleep(0.05)


def anthropic_keepalive() -> str:
    return 'event: ping\ndata: {"type": "ping"}\n\n'


def sse(events: Iterable[tuple[str | None, Any]]) -> bytes:
    return b"".join(((f"event: {e}\n" if e else "") + f"data: {_dump(d)}\n\n").encode() for e, d in events)


def _dump(data: Any) -> str:
    return data if isinstance(data, str) else json.dumps(data)


def anthropic_stream(text: str, *, stop_reason: str = "end_turn", input_tokens: int = 1200,
                     output_tokens: int = 180, cache_read: int = 0, cache_write: int = 1000,
                     error_after: int | None = None) -> list[tuple[str | None, Any]]:
    """The SSE events of one streamed message whose text arrives in a few deltas."""
    usage = {"input_tokens": input_tokens, "output_tokens": 1, "cache_read_input_tokens": cache_read,
             "cache_creation_input_tokens": cache_write}
    events: list[tuple[str | None, Any]] = [
        ("message_start", {"type": "message_start", "message": {
            "id": "msg_test", "type": "message", "role": "assistant", "model": "claude-haiku-5-5",
            "content": [], "stop_reason": None, "stop_sequence": None, "usage": usage}}),
        ("content_block_start", {"type": "content_block_start", "index": 0,
                                 "content_block": {"type": "text", "text": ""}}),
        ("ping", {"type": "ping"}),
    ]
    for i, piece in enumerate(_pieces(text)):
        if error_after is not None and i == error_after:
            events.append(("error", {"type": "error", "error": {"type": "overloaded_error",
                                                                 "message": "Overloaded"}}))
            return events
        events.append(("content_block_delta", {"type": "content_block_delta", "index": 0,
                                               "delta": {"type": "text_delta", "text": piece}}))
    events += [
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop_reason,
                                                              "stop_sequence": None},
                           "usage": {"output_tokens": output_tokens}}),
        ("message_stop", {"type": "message_stop"}),
    ]
    return events


def openai_stream(text: str, *, prompt_tokens: int = 900, completion_tokens: int = 150
                  ) -> list[tuple[str | None, Any]]:
    chunks: list[tuple[str | None, Any]] = [
        (None, {"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": piece},
                                                                "finish_reason": None}]})
        for piece in _pieces(text)
    ]
    chunks.append((None, {"object": "chat.completion.chunk",
                          "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}))
    chunks.append((None, {"object": "chat.completion.chunk", "choices": [],
                          "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens}}))
    chunks.append((None, "[DONE]"))
    return chunks


def anthropic_error(status: int, kind: str, message: str = "test error") -> dict[str, Any]:
    return {"type": "error", "error": {"type": kind, "message": message}, "request_id": "req_test"}


def _pieces(text: str, size: int = 40) -> Iterator[str]:
    for start in range(0, len(text), size):
        yield text[start:start + size]


def local_settings(server: FakeServer) -> LLMSettings:
    """Settings for the openai-compatible provider pointed at the fake server."""
    return LLMSettings(provider="openai-compatible", model="local-test", base_url=server.url + "/v1",
                       timeout_s=5)
