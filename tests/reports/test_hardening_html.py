"""Raw control characters and bidi overrides never reach the HTML the kit renders from trainee text (issue 21).

C0 and C1 control characters are removed (newline and tab kept; a carriage return becomes a newline) and
the bidi embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069 are removed, not wrapped — by
``clean_text`` inside ``esc``, so every fragment built from data is clean, and in scored replies before
the met sentences are placed, so a marked sentence is still found. Hand-built strings only.
"""
import pytest

from sim.reports.markup import clean_text, esc, quote, table, tag
from sim.reports.replies import reply_html

C0 = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]
C1 = [chr(c) for c in range(0x7f, 0xa0)]                    # DEL and the C1 block
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("char", C0 + C1 + BIDI, ids=lambda c: f"U+{ord(c):04X}")
def test_each_control_character_and_bidi_override_is_removed(char):
    assert clean_text(f"Ann{char}Li") == "AnnLi"
    assert esc(f"<{char}>") == "&lt;&gt;"


@pytest.mark.parametrize("text", ["a\tb\nc", "王芳 – 客诉", "نور\u200f", "\u200eA", "a\u00a0b", "😀", "", "a=b"])
def test_ordinary_text_is_left_as_it_is(text):
    assert clean_text(text) == text


def test_carriage_returns_become_newlines():
    assert clean_text("a\r\nb\rc\n\rd") == "a\nb\nc\n\nd"


def test_the_classic_spoof_reads_as_written():
    # "Ann" + U+202E + "gnp.exe" shows as "Annexe.png" in a browser; removed, it shows what it is
    assert esc("Ann\u202egnp.exe") == "Anngnp.exe"


def test_tags_attributes_tables_and_quotes_are_clean():
    assert tag("td", "x\x00y", title="a\u202eb\x1b") == '<td title="ab">xy</td>'
    assert table(["h\x07"], [["\u2066cell\u2069", ("v\x9b", {"data_key": "k\x01"})]]) == (
        '<table class="r"><thead><tr><th>h</th></tr></thead><tbody><tr><td>cell</td>'
        '<td data-key="k">v</td></tr></tbody></table>')
    assert quote("Sorry\x08\u202e, truly.") == "<blockquote>Sorry, truly.</blockquote>"


class Cohort:
    """What reply_html reads of a cohort: its language and the anonymiser (here, nothing to replace)."""
    lang = "en"

    def scrub(self, text, anonymise=False):
        return text


def test_a_scored_reply_is_clean_and_its_met_sentence_still_marked():
    reply = "We are \u202esorry\u202c\x07 for this.\r\nPlease stop using it\x1b[0m now."
    met = [("apology", "We are \u202esorry\u202c\x07 for this."), ("safety", "Please stop using it\x1b[0m now.")]
    flags = [{"flag": "blame", "name": "Blame", "evidence": ["\u2067it\u2069"]}]
    html = reply_html(Cohort(), reply, met, flags, {"apology": "Apologise", "safety": "Safety advice"})
    # both sentences placed in the reply (none quoted apart under it), the flagged word marked
    assert 'title="Apologise"' in html and 'title="Safety advice"' in html and 'class="muted"' not in html
    assert '<mark class="dk-flag" title="Blame">it</mark>' in html
    assert "We are sorry for this.</mark>\n" in html
    for char in ["\u202e", "\u202c", "\u2067", "\u2069", "\x07", "\x1b", "\r"]:
        assert char not in html


def test_a_met_sentence_not_in_the_reply_is_quoted_apart_and_clean():
    html = reply_html(Cohort(), "Hello.", [("apology", "Sorry\u202e\x00.")], (), {"apology": "Apologise"})
    assert "Sorry." in html and "\u202e" not in html and "\x00" not in html
