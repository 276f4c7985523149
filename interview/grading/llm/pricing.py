"""Estimated prices, in US dollars per million tokens, to show and cap spending.

Prices change; these are estimates for the spending cap and the label beside
each feedback, never a bill.  An unknown Anthropic model is priced as the
most expensive family that matches nothing, so the cap errs on the safe side.
Local OpenAI-compatible servers cost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Price:
    input: float
    output: float
    cache_write: float
    cache_read: float


FAMILIES: dict[str, Price] = {
    "haiku": Price(1.0, 5.0, 1.25, 0.10),
    "sonnet": Price(3.0, 15.0, 3.75, 0.30),
    "opus": Price(5.0, 25.0, 6.25, 0.50),
}
FREE = Price(0.0, 0.0, 0.0, 0.0)


def price_for(provider: str, model: str) -> Price:
    if provider != "anthropic":
        return FREE
    return next((p for family, p in FAMILIES.items() if family in model), FAMILIES["opus"])


def cost_usd(price: Price, input_tokens: int, output_tokens: int, cache_write: int, cache_read: int) -> float:
    total = (input_tokens * price.input + output_tokens * price.output
             + cache_write * price.cache_write + cache_read * price.cache_read)
    return round(total / 1_000_000, 6)
