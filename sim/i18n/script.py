"""Which characters are Chinese: the kit's one definition, used by the scenario format (is a plain string
English or Chinese?), the drill's text matching and the reports' plots.

Chinese is written without spaces between words, so the kit never splits it on whitespace; these classes
tell where such text is.

    >>> bool(CJK_CHAR.search("退款 refund")), bool(HAN_CHAR.search("refund"))
    (True, False)
"""
from __future__ import annotations

import re

# Han ideographs: the unified block, extension A, compatibility ideographs and the supplementary planes.
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
# Scripts written without spaces between words: Han, kana, bopomofo and the ideographic iteration and
# number marks (々, 〇, 〡…).
CJK_RANGES = "\u3005\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff" + HAN_RANGES

HAN_CHAR = re.compile(f"[{HAN_RANGES}]")     # one Han character
CJK_CHAR = re.compile(f"[{CJK_RANGES}]")     # one character of a script written without spaces


# Characters no name or text the kit stores or shows may carry: C0 and C1 controls, and the bidi embeddings,
# overrides and isolates that reorder what surrounds them ("Ann\u202egnp.exe" reads as "Annexe.png").
_BIDI = "\u202a-\u202e\u2066-\u2069"
UNSAFE_IN_LABEL = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")           # one-line names and ids
UNSAFE_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")   # text: tab and newline stay


def clean_text(text: str) -> str:
    r"""``text`` without control characters (newline and tab kept; a carriage return, alone or before a
    newline, becomes one newline) and without bidi embeddings, overrides and isolates.

    >>> clean_text("a\r\nb\rc\x00\x1b[31m\x85d\te\u2066f\u2069")
    'a\nb\nc[31md\tef'
    """
    return UNSAFE_IN_TEXT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
