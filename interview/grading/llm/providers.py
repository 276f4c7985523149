"""The two ways to reach a model: Anthropic's SDK, and OpenAI-compatible servers over httpx.

Both stream: `on_text` receives text as it arrives so the screen can show
progress, and both return a `Reply` with the full text and token usage.
Errors become `LLMUnavailable` with a message a person can act on.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from interview.config import LLMSettings
from interview.grading.llm.errors import LLMUnavailable

OnText = Callable[[str], None]
MAX_TOKENS = 1500
OPENAI_RETRIES = 2


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


def openai_key() -> str:
    return os.environ.get("INTERVIEW_LLM_API_KEY") or os.environ.get("OPENAI_API_KEY") or "local"


async def call_anthropic(
    settings: LLMSettings, system: str, user: str, schema: dict[str, Any], on_text: OnText | None
) -> Reply:
    import anthropic  # ~1.4 s to import: only when feedback is actually requested

    key = anthropic_key()
    if key is None:
        raise LLMUnavailable("no_key", "LLM feedback needs ANTHROPIC_API_KEY in the environment; "
                             "the offline score is shown")
    client = anthropic.AsyncAnthropic(
        api_key=key, base_url=settings.base_url or None, max_retries=2, timeout=settings.timeout_s
    )
    try:
        async with client.messages.stream(
            model=settings.model,
            max_tokens=MAX_TOKENS,
            system=[{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}],
            messages=[{"role": "user", "content": user}],
            output_config={"format": {"type": "json_schema", "schema": schema}},
        ) as stream:
            async for event in stream:
                if event.type == "text" and on_text is not None:
                    on_text(event.text)
            message = await stream.get_final_message()
    except (anthropic.AuthenticationError, anthropic.PermissionDeniedError) as exc:
        raise LLMUnavailable("auth", f"Anthropic refused the API key ({exc.status_code}); LLM feedback "
                             "is off for this session — check ANTHROPIC_API_KEY",
                             disable_session=True) from None
    except anthropic.NotFoundError:
        raise LLMUnavailable("auth", f"Anthropic does not know the model '{settings.model}'; pick another "
                             "in Settings (llm.model)", disable_session=True) from None
    except anthropic.APITimeoutError:
        raise LLMUnavailable("transient", "Anthropic did not answer in time; the offline score is "
                             "shown — try again later") from None
    except anthropic.APIConnectionError:
        raise LLMUnavailable("transient", "could not reach Anthropic (offline?); the offline score "
                             "is shown") from None
    except anthropic.APIStatusError as exc:
        raise LLMUnavailable("transient", f"Anthropic answered {exc.status_code} after retries "
                             f"({_anthropic_error_type(exc)}); the offline score is shown") from None
    finally:
        await client.close()
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


def _anthropic_error_type(exc: Any) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    return str(body.get("error", {}).get("type") or exc.__class__.__name__)


async def call_openai_compatible(
    settings: LLMSettings,
    system: str,
    user: str,
    schema: dict[str, Any],
    on_text: OnText | None,
    transport: Any = None,
) -> Reply:
    """Chat completions with streaming and a nested json_schema response format."""
    import httpx

    if not settings.base_url:
        raise LLMUnavailable("off", "set llm.base_url (e.g. http://localhost:11434/v1 for Ollama) "
                             "to use an OpenAI-compatible server", disable_session=True)
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
    headers = {"Authorization": f"Bearer {openai_key()}"}
    kwargs = {"transport": transport} if transport is not None else {}
    async with httpx.AsyncClient(timeout=settings.timeout_s, **kwargs) as client:
        for attempt in range(OPENAI_RETRIES + 1):
            try:
                return await _stream_chat(client, url, body, headers, on_text)
            except _Retryable as exc:
                if attempt == OPENAI_RETRIES:
                    raise LLMUnavailable("transient", f"{settings.base_url} {exc}; the offline score is "
                                         "shown") from None
                await asyncio.sleep(min(exc.retry_after or 0.5 * 2**attempt, 5.0))
            except httpx.TimeoutException:
                if attempt == OPENAI_RETRIES:
                    raise LLMUnavailable("transient", f"{settings.base_url} did not answer in time; the "
                                         "offline score is shown") from None
            except httpx.TransportError:
                raise LLMUnavailable("transient", f"could not reach {settings.base_url} (is the server "
                                     "running?); the offline score is shown") from None
    raise AssertionError("unreachable")


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


async def _stream_chat(client: Any, url: str, body: dict[str, Any], headers: dict[str, str],
                       on_text: OnText | None) -> Reply:
    async with client.stream("POST", url, json=body, headers=headers) as response:
        if response.status_code != 200:
            detail = _openai_error(await response.aread())
            if response.status_code == 429 or response.status_code >= 500:
                retry_after = response.headers.get("retry-after")
                raise _Retryable(f"answered {response.status_code} ({detail})",
                                 float(retry_after) if retry_after and retry_after.isdigit() else None)
            disable = response.status_code in (401, 403, 404)
            raise LLMUnavailable("auth" if disable else "malformed",
                                 f"the server answered {response.status_code}: {detail}",
                                 disable_session=disable)
        reply = Reply(text="")
        parts: list[str] = []
        async for line in response.aiter_lines():
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                break
            try:
                chunk = json.loads(data)
            except json.JSONDecodeError:
                continue
            if "error" in chunk:
                raise _Retryable(f"failed mid-stream ({_openai_error(data.encode())})", None)
            for choice in chunk.get("choices") or []:
                piece = (choice.get("delta") or {}).get("content")
                if piece:
                    parts.append(piece)
                    if on_text is not None:
                        on_text(piece)
                if choice.get("finish_reason"):
                    reply.stop_reason = choice["finish_reason"]
            usage = chunk.get("usage") or {}
            reply.input_tokens = usage.get("prompt_tokens", reply.input_tokens) or 0
            reply.output_tokens = usage.get("completion_tokens", reply.output_tokens) or 0
        reply.text = "".join(parts)
        return reply


def _openai_error(raw: bytes) -> str:
    """Both error shapes: {"error": {"message": ...}} and the flat {"object": "error", ...}."""
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return raw[:200].decode("utf-8", "replace") or "no details"
    if isinstance(data, dict):
        error = data.get("error")
        if isinstance(error, dict):
            return str(error.get("message") or error)
        if isinstance(error, str):
            return error
        return str(data.get("message") or data)
    return str(data)[:200]
