"""The two ways to reach a model: Anthropic's SDK, and OpenAI-compatible servers over httpx.

Both stream: `on_text` receives (escaped) text as it arrives so the screen can
show progress, and both return a `Reply` with the full text and token usage.
Retries are ours, not the SDK's, so that every wait counts against the one
deadline of the request (see `limits.Deadline`).  Errors become
`LLMUnavailable` with one line a person can act on.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from interview.config import LLMSettings
from interview.grading.llm.errors import LLMUnavailable
from interview.grading.llm.limits import (
    MAX_ERROR_BYTES,
    MAX_REPLY_CHARS,
    MAX_STREAM_BYTES,
    Deadline,
    ReplyTooLong,
    check_base_url,
    notice,
    retry_after,
    shown,
    too_long,
)

OnText = Callable[[str], None]
MAX_TOKENS = 1500
RETRIES = 2
OPENAI_HOST = "api.openai.com"


@dataclass
class Reply:
    text: str
    input_tokens: int = 0
    output_tokens: int = 0
    cache_write_tokens: int = 0
    cache_read_tokens: int = 0
    stop_reason: str = ""


def anthropic_key() -> str | None:
    """The key comes from the environment only; it is never written anywhere."""
    return os.environ.get("ANTHROPIC_API_KEY") or os.environ.get("ANTHROPIC_AUTH_TOKEN") or None


def openai_key(host: str) -> str:
    """INTERVIEW_LLM_API_KEY is this provider's own key; OPENAI_API_KEY only ever goes to OpenAI itself."""
    own = os.environ.get("INTERVIEW_LLM_API_KEY")
    if own:
        return own
    if host == OPENAI_HOST and os.environ.get("OPENAI_API_KEY"):
        return os.environ["OPENAI_API_KEY"]
    return "local"  # local servers (Ollama, llama.cpp) accept any key


def _backoff(attempt: int) -> float:
    return min(0.5 * 2**attempt, 8.0)


# ------------------------------------------------------------------ Anthropic


async def call_anthropic(
    settings: LLMSettings, system: str, user: str, schema: dict[str, Any], on_text: OnText | None,
    deadline: Deadline | None = None,
) -> Reply:
    import anthropic  # ~1.4 s to import: only when feedback is actually requested

    if settings.base_url:
        check_base_url(settings.base_url)
    key = anthropic_key()
    if key is None:
        raise LLMUnavailable("no_key", "LLM feedback needs ANTHROPIC_API_KEY in the environment")
    deadline = deadline or Deadline(settings.timeout_s)
    client = anthropic.AsyncAnthropic(
        api_key=key, base_url=settings.base_url or None, max_retries=0, timeout=settings.timeout_s,
        http_client=_capped_anthropic_client(settings.timeout_s),
    )
    try:
        for attempt in range(RETRIES + 1):
            try:
                return await _anthropic_once(client, settings, system, user, schema, on_text)
            except (anthropic.RateLimitError, anthropic.InternalServerError, anthropic.APIConnectionError,
                    anthropic.ConflictError) as exc:
                if isinstance(exc.__cause__, ReplyTooLong):  # the SDK wraps our cap as a connection error
                    raise ReplyTooLong from None
                if isinstance(exc, anthropic.APITimeoutError) or attempt == RETRIES:
                    raise
                response = getattr(exc, "response", None)
                await deadline.wait(retry_after(getattr(response, "headers", None), _backoff(attempt)),
                                    "Anthropic")
        raise AssertionError("unreachable")
    except ReplyTooLong:
        raise too_long("Anthropic") from None
    except (anthropic.AuthenticationError, anthropic.PermissionDeniedError) as exc:
        raise LLMUnavailable("auth", f"Anthropic refused the API key ({exc.status_code}); LLM feedback "
                             "is off for this session — check ANTHROPIC_API_KEY",
                             disable_session=True) from None
    except anthropic.NotFoundError:
        raise LLMUnavailable("auth", f"Anthropic does not know the model '{notice(settings.model)}'; pick "
                             "another in Settings (llm.model)", disable_session=True) from None
    except anthropic.APITimeoutError:
        raise deadline.expired("Anthropic") from None
    except anthropic.APIConnectionError:
        raise LLMUnavailable("transient", "could not reach Anthropic (offline?)") from None
    except anthropic.APIStatusError as exc:
        raise LLMUnavailable("transient", f"Anthropic answered {exc.status_code} after retries "
                             f"({_anthropic_error_type(exc)})") from None
    finally:
        await client.close()


async def _anthropic_once(client: Any, settings: LLMSettings, system: str, user: str, schema: dict[str, Any],
                          on_text: OnText | None) -> Reply:
    received = 0
    async with client.messages.stream(
        model=settings.model,
        max_tokens=MAX_TOKENS,
        system=[{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}],
        messages=[{"role": "user", "content": user}],
        output_config={"format": {"type": "json_schema", "schema": schema}},
    ) as stream:
        async for event in stream:
            if event.type == "text":
                received += len(event.text)
                if received > MAX_REPLY_CHARS:
                    raise ReplyTooLong
                if on_text is not None:
                    on_text(shown(event.text))
        message = await stream.get_final_message()
    text = "".join(block.text for block in message.content if block.type == "text")
    usage = message.usage
    return Reply(
        text=text,
        input_tokens=usage.input_tokens or 0,
        output_tokens=usage.output_tokens or 0,
        cache_write_tokens=usage.cache_creation_input_tokens or 0,
        cache_read_tokens=usage.cache_read_input_tokens or 0,
        stop_reason=message.stop_reason or "",
    )


def _capped_anthropic_client(timeout_s: float) -> Any:
    """The SDK's own client over a transport that stops reading past MAX_STREAM_BYTES."""
    import anthropic
    import httpx2

    class CappedStream(httpx2.AsyncByteStream):
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        async def __aiter__(self) -> AsyncIterator[bytes]:
            received = 0
            async for chunk in self.inner:
                received += len(chunk)
                if received > MAX_STREAM_BYTES:
                    raise ReplyTooLong
                yield chunk

        async def aclose(self) -> None:
            await self.inner.aclose()

    class CappedTransport(httpx2.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner = httpx2.AsyncHTTPTransport()

        async def handle_async_request(self, request: Any) -> Any:
            response = await self.inner.handle_async_request(request)
            response.stream = CappedStream(response.stream)
            return response

        async def aclose(self) -> None:
            await self.inner.aclose()

    return anthropic.DefaultAsyncHttpxClient(transport=CappedTransport(), timeout=timeout_s)


def _anthropic_error_type(exc: Any) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    kind = error.get("type") if isinstance(error, dict) else None
    return notice(str(kind or exc.__class__.__name__))


# -------------------------------------------------------- OpenAI-compatible


async def call_openai_compatible(
    settings: LLMSettings,
    system: str,
    user: str,
    schema: dict[str, Any],
    on_text: OnText | None,
    transport: Any = None,
    deadline: Deadline | None = None,
) -> Reply:
    """Chat completions with streaming and a nested json_schema response format."""
    import httpx

    if not settings.base_url:
        raise LLMUnavailable("off", "set llm.base_url (e.g. http://localhost:11434/v1 for Ollama) "
                             "to use an OpenAI-compatible server", disable_session=True)
    host = check_base_url(settings.base_url)
    deadline = deadline or Deadline(settings.timeout_s)
    where = notice(settings.base_url)
    url = settings.base_url.rstrip("/") + "/chat/completions"
    body = {
        "model": settings.model,
        "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
        "max_tokens": MAX_TOKENS,
        "temperature": 0,
        "stream": True,
        "stream_options": {"include_usage": True},
        "response_format": {"type": "json_schema",
                            "json_schema": {"name": "grade", "schema": schema, "strict": True}},
    }
    headers = {"Authorization": f"Bearer {openai_key(host)}"}
    kwargs = {"transport": transport} if transport is not None else {}
    async with httpx.AsyncClient(timeout=settings.timeout_s, follow_redirects=False, **kwargs) as client:
        for attempt in range(RETRIES + 1):
            try:
                return await _stream_chat(client, url, body, headers, on_text)
            except _Retryable as exc:
                if attempt == RETRIES:
                    raise LLMUnavailable("transient", f"{where} {exc}") from None
                await deadline.wait(exc.retry_after if exc.retry_after is not None else _backoff(attempt),
                                    where)
            except ReplyTooLong:
                raise too_long(where) from None
            except httpx.TimeoutException:
                if attempt == RETRIES:
                    raise deadline.expired(where) from None
            except httpx.TransportError:
                raise LLMUnavailable("transient", f"could not reach {where} (is the server "
                                     "running?)") from None
    raise AssertionError("unreachable")


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


async def _stream_chat(client: Any, url: str, body: dict[str, Any], headers: dict[str, str],
                       on_text: OnText | None) -> Reply:
    async with client.stream("POST", url, json=body, headers=headers) as response:
        if response.status_code != 200:
            detail = _openai_error(await _read_capped(response, MAX_ERROR_BYTES))
            if response.status_code in (408, 409, 429) or response.status_code >= 500:
                raise _Retryable(f"answered {response.status_code} ({detail})",
                                 retry_after(response.headers, 0.5) if "retry-after" in response.headers
                                 else None)
            disable = response.status_code in (401, 403, 404)
            raise LLMUnavailable("auth" if disable else "malformed",
                                 f"the server answered {response.status_code}: {detail}",
                                 disable_session=disable)
        reply = Reply(text="")
        text = _Text(on_text)
        async for line in _lines(response):
            if not line.startswith("data:"):
                continue  # SSE comments (keep-alives), event names, blank separators
            data = line[5:].strip()
            if data == "[DONE]":
                break
            _take_chunk(data, reply, text)
        reply.text = "".join(text.parts)
        return reply


class _Text:
    """The reply's text as it streams in, capped at MAX_REPLY_CHARS."""

    def __init__(self, on_text: OnText | None) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.on_text = on_text

    def add(self, piece: str) -> None:
        self.size += len(piece)
        if self.size > MAX_REPLY_CHARS:
            raise ReplyTooLong
        self.parts.append(piece)
        if self.on_text is not None:
            self.on_text(shown(piece))


async def _read_capped(response: Any, cap: int) -> bytes:
    kept = bytearray()
    async for chunk in response.aiter_bytes():
        kept += chunk[: cap - len(kept)]
        if len(kept) >= cap:
            break
    return bytes(kept)


async def _lines(response: Any) -> AsyncIterator[str]:
    """The stream's lines, reading at most MAX_STREAM_BYTES in all (one endless line included)."""
    received = 0
    pending = b""
    async for chunk in response.aiter_bytes():
        received += len(chunk)
        if received > MAX_STREAM_BYTES:
            raise ReplyTooLong
        *lines, pending = (pending + chunk).split(b"\n")
        for line in lines:
            yield line.decode("utf-8", "replace").rstrip("\r")
    if pending:
        yield pending.decode("utf-8", "replace")


def _malformed(data: str) -> LLMUnavailable:
    return LLMUnavailable("malformed", f"the server sent a malformed stream chunk ({notice(data[:60])})")


def _take_chunk(data: str, reply: Reply, text: _Text) -> None:
    """Fold one `data:` chunk into the reply; anything not of the documented shape is malformed."""
    try:
        chunk = json.loads(data)
    except (json.JSONDecodeError, RecursionError):
        raise _malformed(data) from None
    if not isinstance(chunk, dict):
        raise _malformed(data)
    if "error" in chunk:
        raise _Retryable(f"failed mid-stream ({_openai_error(data.encode())})", None)
    choices = chunk.get("choices") or []
    usage = chunk.get("usage") or {}
    if not isinstance(choices, list) or not isinstance(usage, dict):
        raise _malformed(data)
    for choice in choices:
        delta = choice.get("delta") if isinstance(choice, dict) else None
        piece = (delta or {}).get("content") if isinstance(delta, dict | None) else 0
        if not isinstance(choice, dict) or not isinstance(piece, str | None):
            raise _malformed(data)
        if piece:
            text.add(piece)
        if isinstance(choice.get("finish_reason"), str):
            reply.stop_reason = choice["finish_reason"]
    for field, attribute in (("prompt_tokens", "input_tokens"), ("completion_tokens", "output_tokens")):
        value = usage.get(field)
        if isinstance(value, int) and value >= 0:
            setattr(reply, attribute, value)


def _openai_error(raw: bytes) -> str:
    """One short line from either error shape: {"error": {"message"}} or the flat {"message"}."""
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return notice(raw[:200].decode("utf-8", "replace")) or "no details"
    if isinstance(data, dict):
        error = data.get("error")
        if isinstance(error, dict):
            return notice(str(error.get("message") or error))
        if isinstance(error, str):
            return notice(error)
        return notice(str(data.get("message") or data))
    return notice(str(data))
