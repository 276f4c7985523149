"""Small hand-written packs for loader and CLI tests."""

from __future__ import annotations

from pathlib import Path

MANIFEST = 'name = "{name}"\nversion = "1.0.0"\ndescription = "test pack"\n'

ML_QUESTION = '''
id = "{id}"
title = "What is overfitting?"
category = "ml_theory"
topics = ["overfitting"]
difficulty = "easy"
minutes = 5
prompt = """
Explain overfitting and how to detect it.
"""
model_answer = "Overfitting is fitting noise; detect it with a train/validation gap."

[[rubric]]
id = "definition"
assesses = "Defines overfitting"
dimension = "fundamentals"
weight = 2
key_points = ["fits noise in the training data", {{ text = "validation error rises", also = ["gap"] }}]
'''


def write_pack(root: Path, name: str, files: dict[str, str]) -> Path:
    pack = root / name
    pack.mkdir(parents=True)
    (pack / "pack.toml").write_text(MANIFEST.format(name=name))
    for rel, text in files.items():
        path = pack / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return pack
