"""`interview grade --llm` against a server that accepts the connection and never says a word.

The whole command must cost at most `timeout_s` for the LLM part (not once per retry), then
show the offline score with one notice line. The server is a bare socket on 127.0.0.1.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview.cli import main
from interview.paths import Paths

TIMEOUT_S = 3.0
SLACK_S = 2.5  # start-up and scheduling on a loaded 2-core machine; below a second timeout_s


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts every connection, reads nothing, answers nothing; holds them until the test ends."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


@pytest.mark.parametrize("provider", ["openai-compatible", "anthropic"])
def test_a_silent_llm_server_costs_timeout_s_once(
    silent_server: str, paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, provider: str,
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-not-a-real-key")
    base_url = silent_server if provider == "openai-compatible" else silent_server.removesuffix("/v1")
    paths.config_file.write_text(f'[llm]\nprovider = "{provider}"\nbase_url = "{base_url}"\n'
                                 f"timeout_s = {TIMEOUT_S}\n")
    answer = tmp_path / "answer.md"
    answer.write_text("Bias is error from overly simple assumptions; variance is sensitivity to the "
                      "training sample. More capacity lowers bias and raises variance.")
    if provider == "anthropic":
        import anthropic  # noqa: F401  - warm: the time measured is the server's, not the import's
    main(["grade", "--question", "ml.bias-variance-tradeoff", "--answer", str(answer), "--json"])
    capsys.readouterr()  # the question bank and scorer are warm too
    start = time.monotonic()
    code = main(["grade", "--question", "ml.bias-variance-tradeoff", "--answer", str(answer), "--llm"])
    took = time.monotonic() - start
    out, err = capsys.readouterr()
    assert code == 0 and out.startswith("Score ")
    assert err.count("\n") == 1 and "did not answer in time" in err and f"{TIMEOUT_S:g} s" in err
    assert TIMEOUT_S * 0.9 <= took < TIMEOUT_S + SLACK_S
