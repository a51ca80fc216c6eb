"""The kit's colours, defined once: the trainee's scorecard, the trainer's dashboard, the after-action
report and the plots all show a rating in the same colour.

P/S/M/U are HSEEP's performance ratings (performed without challenges, with some challenges, with
major challenges, unable to be performed); N/A marks a step the drill did not test. Besides the
ratings: OK (done, passed), BAD (wrong, failed, overdue), MUTED (an aside), NEUTRAL (last year's bars,
a quote's rule), ACCENT (this year's bars, headings) and the three parts of a command-drill score.

A rating is shown as a badge (:func:`badge`) whose class picks its colour from :func:`rating_css`; both
name a rating's class with :func:`rating_class`, as a class name cannot hold the "/" of N/A.

    >>> RATING_COLOURS["P"], rating_css(".r")[:23]
    ('#2e7d32', '.rP{background:#2e7d32}')
    >>> badge("N/A")
    "<span class='badge rNA'>N/A</span>"
"""
from __future__ import annotations

from html import escape

OK, BAD, MUTED, NEUTRAL, ACCENT = "#2e7d32", "#c62828", "#7b8794", "#90a4ae", "#1565c0"

RATING_COLOURS: dict[str, str] = {"P": OK, "S": "#7cb342", "M": "#ffb300", "U": BAD, "N/A": NEUTRAL}
# Text on a rating background: dark on the amber of M, white elsewhere (contrast).
RATING_TEXT: dict[str, str] = {"M": "#222"}
# The parts of a live command drill's score (sim.drill.command), stacked in one bar.
COMMAND_PART_COLOURS: dict[str, str] = {"timeliness": ACCENT, "proportion": "#7e57c2", "outcome": "#26a69a"}


def rating_class(rating: str) -> str:
    """The class suffix of a rating: P, S, M, U, and NA for N/A."""
    return rating.replace("/", "")


def rating_css(prefix: str) -> str:
    """CSS rules ``{prefix}P`` … ``{prefix}NA`` giving each rating its background (and text) colour."""
    rules = []
    for rating, colour in RATING_COLOURS.items():
        text = f";color:{RATING_TEXT[rating]}" if rating in RATING_TEXT else ""
        rules.append(f"{prefix}{rating_class(rating)}{{background:{colour}{text}}}")
    return "".join(rules)


def badge(rating: str, *, box: str = "badge", prefix: str = "r") -> str:
    """A rating as a coloured badge: a span of classes ``box`` (its shape) and ``{prefix}P`` … (its colour,
    from the rules of ``rating_css("." + prefix)``)."""
    return f"<span class='{box} {prefix}{escape(rating_class(rating))}'>{escape(rating)}</span>"
