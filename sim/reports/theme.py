"""The kit's colours, defined once: the trainee's scorecard, the trainer's dashboard, the after-action
report and the plots all show a rating in the same colour.

P/S/M/U are HSEEP's performance ratings (performed without challenges, with some challenges, with
major challenges, unable to be performed); N/A marks a step the drill did not test.

    >>> RATING_COLOURS["P"], rating_css(".r")[:23]
    ('#2e7d32', '.rP{background:#2e7d32}')
"""
from __future__ import annotations

OK, BAD, MUTED, NEUTRAL = "#2e7d32", "#c62828", "#7b8794", "#90a4ae"

RATING_COLOURS: dict[str, str] = {"P": OK, "S": "#7cb342", "M": "#ffb300", "U": BAD, "N/A": NEUTRAL}
# Text on a rating background: dark on the amber of M, white elsewhere (contrast).
RATING_TEXT: dict[str, str] = {"M": "#222"}


def rating_css(prefix: str) -> str:
    """CSS rules ``{prefix}P`` … ``{prefix}NA`` giving each rating its background (and text) colour."""
    rules = []
    for rating, colour in RATING_COLOURS.items():
        text = f";color:{RATING_TEXT[rating]}" if rating in RATING_TEXT else ""
        rules.append(f"{prefix}{rating.replace('/', '')}{{background:{colour}{text}}}")
    return "".join(rules)
