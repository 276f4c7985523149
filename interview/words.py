"""Counting and articles in user-facing sentences: "1 word", "3 days", "an 8-minute question".

One place for these so no message says "1 words", "1 day(s)" or "a 8-minute", and so
a missing value reads as words instead of leaking "None" into a message.
"""

from __future__ import annotations

_IRREGULAR = {"story": "stories", "entry": "entries", "summary": "summaries", "this": "these"}
_A_BEFORE_VOWEL = ("one", "once", "use", "usu", "uni", "eu", "ur")
_AN_BEFORE_H = ("hour", "honest", "honour", "heir")


def plural(count: int, noun: str, many: str | None = None) -> str:
    """"1 day", "3 days"; `many` for nouns whose plural is not noun + s."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {many or _IRREGULAR.get(noun) or noun + 's'}"


def a_or_an(phrase: str) -> str:
    """The phrase with "a" or "an" before it, by sound: "an 8-minute", "a 12-minute", "an 11-minute"."""
    head = phrase.lstrip().lower()
    digits = "".join(c for c in head.split("-", 1)[0].split(" ", 1)[0] if c.isdigit())
    if digits and head[:1].isdigit():
        # Spoken: eight..., eleven, eighteen (also eleven/eighteen thousand, million ...).
        vowel = digits.startswith("8") or (len(digits) % 3 == 2 and digits[:2] in ("11", "18"))
    elif head.startswith(_AN_BEFORE_H):
        vowel = True
    else:
        vowel = head[:1] in tuple("aeiou") and not head.startswith(_A_BEFORE_VOWEL)
    return f"{'an' if vowel else 'a'} {phrase}"


def described(value: object) -> str:
    """A value from the user's file for an error message: quoted, or "missing" rather than "None"."""
    if value is None:
        return "missing"
    if isinstance(value, str):
        return repr(value) if value.strip() else "empty"
    return repr(value)


def sentence(text: str) -> str:
    """A message as a sentence: capital first letter, one full stop ("Cancelled." stays as it is)."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
