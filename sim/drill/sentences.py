"""A reply as sentences and clauses, and whether it reads as a message at all.

Criteria are met by *acts* ("I'm so sorry", "please unplug it", "we'll call you tonight"), and an act is
said in a sentence or, in a long sentence, in one of its clauses. :func:`units` cuts a reply into
both, keeping each unit's place in the reply so the sentence that met a criterion can be highlighted.
Chinese needs no word splitting: sentences end at 。！？；…… and clauses at ，、 as English ones end at
. ! ? ; … and clauses at commas and "and then"; chat writing also ends them at a tilde, at emoji before a new
sentence and at a space between Chinese characters ("亲~抱歉哦！是我们的责任呢~", "别慌 咱们先把它放一边").

:func:`coherence` tells a message from a list of keywords or fragments: a real reply is made of
sentences with the small function words every sentence needs (I, we, you, the, will / 我们、您、的、了、会),
while "sorry apologise stop using unplug logged reference call you tonight" is not. It returns the share
of the reply's words (Chinese: characters) that sit in well-formed sentences, 0..1.

    >>> [u.text for u in units("I'm so sorry, Ms Li. Please unplug it now, and keep it away from your son.")]
    ["I'm so sorry, Ms Li.", "I'm so sorry", 'Ms Li.', 'Please unplug it now, and keep it away from your son.', 'Please unplug it now', 'and keep it away from your son.']
    >>> round(coherence("sorry apologise stop using unplug away from logged case number reference call you tonight"), 2)
    0.0
    >>> coherence("I'm so sorry, that must have been frightening. Please unplug it now and keep it away from your son.")
    1.0
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from sim.i18n.script import CJK_CHAR

__all__ = ["Unit", "coherence", "echo_share", "units"]


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    text: str
    sentence: bool      # a whole sentence (else a clause of one)


# A sentence ends at a stop, a question or exclamation mark, a semicolon, an ellipsis (… …… ⋯⋯) or a line break,
# but not at the point of a decimal ("a 4.8-star rating", "退款 2.5 元"); an ellipsis inside a quotation or before
# a lower-case word goes on with the sentence (_continues).
_SENTENCE = re.compile(r"(?:[^.!?。！？；;…⋯\n]|(?<=\d)\.(?=\d))+(?:[.!?。！？；;…⋯]+[\"”’」』)]*|\n|$)")
_ELLIPSIS_END = re.compile(r"[…⋯]+[\"”’」』)]*$")
_OPEN_CLOSE = (("“", "”"), ("「", "」"), ("『", "』"))
# A comma or colon between digits ("2,000 yuan", "10:30") is part of a number, not the end of a clause.
_CLAUSE = re.compile(r"(?:[^,，、:：—–]|(?<=\d)[,:](?=\d))+[,，、:：—–]?")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

_FUNCTION_EN = frozenset(
    ["i", "we", "you", "he", "she", "it", "they", "me", "us", "him", "her", "them", "my", "our", "your", "his", "its", "their", "the", "a", "an", "this", "that", "these", "those", "is", "are", "was", "were", "be", "been", "being", "am", "will", "would", "can", "could", "shall", "should", "may", "might", "must", "have", "has", "had", "do", "does", "did", "to", "of", "in", "on", "at", "for", "with", "from", "by", "as", "and", "or", "but", "so", "if", "when", "before", "after", "until", "about", "into", "not", "no", "please", "there", "here", "what", "which", "who", "how", "let", "i'm", "we're", "you're", "it's", "i've", "we've", "i'll", "we'll", "you'll", "that's", "don't", "won't", "can't", "didn't", "isn't"])
_SUBJECTS = frozenset(["i", "we", "you", "they", "he", "she", "it", "i'm", "we're", "you're", "it's", "i've", "we've", "i'll", "we'll", "you'll", "that's", "there's", "please", "let", "this", "that"])
_GLUE_EN = frozenset(["the", "a", "an", "and", "or", "but", "so", "if", "because", "to", "of", "with", "that", "which",
                      "who", "from", "for", "in", "on", "at", "about", "is", "are", "was", "were", "has", "have", "been",
                      "be", "will", "would", "our", "my", "their", "his", "her"])
# English sentences are about 40-50 % function words; a run of keywords has a few by accident.
_FUNCTION_SHARE_EN = 0.25
_CHAINED_ZH = re.compile(r"[\s,，~～]+")
_CHAIN_CLAUSES = 8
_CHAIN_CLAUSE_CHARS = 6.0
_SUBJECTS_ZH = frozenset("我您你他她它咱请这那")
_FUNCTION_ZH = frozenset("的了我您你们他她它是在会把将已被请这那个就也都吗呢吧呀和与及给让对向从到要能可以没有不很还再")


@lru_cache(maxsize=4096)
def units(reply: str) -> tuple[Unit, ...]:
    """Each sentence of the reply, followed by its clauses when it has more than one."""
    out: list[Unit] = []
    for start, end in _sentence_spans(reply):
        sentence = reply[start:end]
        out.append(Unit(start, end, sentence, True))
        clauses = [c for c in _CLAUSE.finditer(sentence) if c.group().strip()]
        if len(clauses) > 1:
            for c in clauses:
                piece = c.group()
                lead = len(piece) - len(piece.lstrip())
                text_c = piece.strip().rstrip(",，、:：—–").strip() or piece.strip()
                if len(text_c) < 2:
                    continue
                a = start + c.start() + lead
                out.append(Unit(a, a + len(text_c), text_c, False))
    return tuple(out)


# Chat writing ends a sentence without a stop: at a tilde ("亲~抱歉哦！是我们的责任呢~分拣中心被淹~", "Hi dear~ So
# sorry"; not "~20 yuan"), at emoji before a new sentence ("担心😥 遇到这种情况"), and at a space between two Chinese
# characters, which Chinese prose never puts there ("别慌 咱们先把充电宝放一边").
_EMOJI = "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\uFE0F\u200D"
# Not a tilde of a range ("3~5天", "周一~周五", "九点~六点", "Mon~Fri") or of a web address ("example.com/~help"), nor
# one before a stop or a closing mark ("亲~，", "“sorry~”"); an emoji ends an English sentence only before a capital
# letter or Chinese ("Thanks 😊 See you", not "I can't promise 😔 we'll refund you today").
_RANGE_END = "0-9一二三四五六七八九十两半点时日号月周天"
_AFTER_MARK = r"\s.!?。！？,，、;；:：~～)）\"”’」』"
_SOFT_END = re.compile(
    rf"(?<![\s{_RANGE_END}/~～])[~～]+[{_EMOJI}]*\s*(?=[^{_AFTER_MARK}{_RANGE_END}])"
    rf"(?!(?i:mon|tue|wed|thu|fri|sat|sun)|周|星期|早|晚|上午|下午|中午)|"
    rf"(?<=[^\s{_EMOJI}])\s*[{_EMOJI}]+\s*(?=[A-Z]|{CJK_CHAR.pattern})|"
    rf"(?<={CJK_CHAR.pattern})\s+(?={CJK_CHAR.pattern})")

# ... but not after the @handle a public reply opens with ("@小鱼妈妈 您好"): it is part of the greeting
_HANDLE_BEFORE = re.compile(r"@[^\s@]+$")


def _sentence_spans(reply: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, stripped of the spaces around it."""
    spans: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(reply):
        for piece_start, piece_end in _soft_pieces(m.start(), m.group()):
            _add_span(reply, spans, piece_start, reply[piece_start:piece_end])
    return spans


def _soft_pieces(offset: int, text: str) -> list[tuple[int, int]]:
    """``text`` (at ``offset`` in the reply) cut at the chat writer's sentence ends (_SOFT_END)."""
    cuts = [m.end() for m in _SOFT_END.finditer(text)
            if m.end() < len(text) and not _HANDLE_BEFORE.search(text, 0, m.start())]
    return [(offset + a, offset + b) for a, b in itertools.pairwise([0, *cuts, len(text)])]


def _add_span(reply: str, spans: list[tuple[int, int]], at: int, text: str) -> None:
    if not text.strip():
        return
    start = at + (len(text) - len(text.lstrip()))
    end = start + len(text.strip())
    if spans and _continues(reply[spans[-1][0]:spans[-1][1]], text.strip()):
        spans[-1] = (spans[-1][0], end)
    else:
        spans.append((start, end))


def _continues(before: str, after: str) -> bool:
    """Whether ``after`` goes on with the sentence ``before`` that an ellipsis seemed to end: the ellipsis is inside
    a quotation (“whatever… next caller”) or the next word is in lower case ("we'll call you… tonight")."""
    if not _ELLIPSIS_END.search(before):
        return False
    return after[:1].islower() or any(before.count(o) > before.count(c) for o, c in _OPEN_CLOSE)


def _well_formed(sentence: str) -> tuple[int, bool]:
    """(size, well formed) of one sentence: its words (Chinese: characters) and whether it reads as one."""
    han = CJK_CHAR.findall(sentence)
    words = [w.lower().replace("’", "'") for w in _WORD.findall(sentence)]
    if len(han) >= len(words):
        size = len(han)
        function = sum(1 for ch in han if ch in _FUNCTION_ZH)
        pieces = [p for p in re.split(r"[\s,，、~～]+", sentence) if p]
        short = sum(1 for p in pieces if len(CJK_CHAR.findall(p)) <= 4)
        listy = len(pieces) >= 4 and short / len(pieces) > 0.75
        # A chain of clipped clauses ("深表歉意，责任在我，姓名手机号收货地址，不含密码，绝不会要求，不要下载，私信专线
        # 热线，高度重视，持续跟进。"): on the dev corpora no sentence of a reply people rated above stuffed has
        # eight comma clauses (、 joins one list's items, not counted), and the chains average under six characters.
        clauses = [len(CJK_CHAR.findall(p)) for p in _CHAINED_ZH.split(sentence) if CJK_CHAR.search(p)]
        chained = len(clauses) >= _CHAIN_CLAUSES and sum(clauses) / len(clauses) < _CHAIN_CLAUSE_CHARS
        return size, size >= 4 and function >= 1 and function / size >= 0.06 and not listy and not chained
    size = len(words)
    function = sum(1 for w in words if w in _FUNCTION_EN)
    # A long run of words with no one doing anything ("sorry apologise our responsibility names phone
    # numbers never ask...") is a list: real sentences have a subject or a "please" every dozen words.
    subjects = sum(1 for w in words if w in _SUBJECTS)
    # A full stop at the end usually makes it a sentence ("Names, phone numbers and addresses were exposed, not
    # passwords."), unless nothing glues its words together either: "Sorry apologise freeze block your card don't
    # click never ask police 110 call you today before 5 pm." (on the dev corpora prose of 15 words and more has
    # an article, preposition or conjunction every 15 words; keyword runs have none or one in 18 and more).
    listy = size >= 12 and subjects * 12 < size and (not re.search(r"[.!?]\W*$", sentence) or _unglued(words))
    # "thank you, sorry, apologise, late deliveries, allergen label, call you today, ...": most of the
    # comma-separated pieces are a word or two with no function word, which a sentence's pieces never are.
    pieces = [p.lower().replace("’", "'").split() for p in re.split(r"[,;]", sentence) if p.strip()]
    bare = sum(1 for p in pieces if len(p) <= 3 and not any(w.strip(".!?") in _FUNCTION_EN for w in p))
    # ... unless a clause of its own introduces them: "Please have your order number, postcode, full name,
    # email ... ready, and we will call you back" lists what to have ready, it is no list of keywords.
    introduced = bool(pieces) and len(pieces[0]) >= 4 and sum(w.strip(".!?") in _FUNCTION_EN for w in pieces[0]) >= 2
    listy = listy or (len(pieces) >= 5 and bare * 2 >= len(pieces) and not introduced)
    return size, size >= 3 and function / max(size, 1) >= _FUNCTION_SHARE_EN and not listy


def _unglued(words: list[str]) -> bool:
    """Fifteen words or more with under one article, preposition or conjunction per fifteen."""
    return len(words) >= 15 and sum(1 for w in words if w in _GLUE_EN) * 15 < len(words)


@lru_cache(maxsize=4096)
def coherence(reply: str) -> float:
    """Share of the reply's words in well-formed sentences (0: a keyword list, 1: prose)."""
    total = good = 0
    sizes = []
    for u in units(reply):
        if not u.sentence:
            continue
        size, ok = _well_formed(u.text)
        sizes.append(size)
        total += size
        good += size if ok else 0
    if _telegraphic(reply, sizes) or _bare_pieces(reply):
        return 0.0
    return good / total if total else 0.0


_PIECE = re.compile(r"(?:[^,，、;；.。!?！？~～\n]|(?<=\d)\.(?=\d))+")      # "4.8" is one piece
_BARE_PIECES = 8            # pieces a reply needs before their share is judged
_BARE_SHARE = 0.6           # on the dev corpora prose reaches 0.5 at most, lists of keywords 0.6 and more
# Pieces this short on average (words; Chinese: characters) are a list, whatever words they hold ("Sorry,
# apologise. Freeze, block your card. Don't click, never ask."): on the dev corpora good replies average 4.7
# words and 6 characters a piece at the least, keyword lists 1.4-4.7 and 2.4-7.
_SHORT_PIECE_EN = 3.5
_SHORT_PIECE_ZH = 4.5
_LIST_SENTENCES = 3         # sentences a reply needs before its pieces are judged: keyword lists run to several


def _bare_pieces(reply: str) -> bool:
    """A reply made of bare pieces between its commas and stops ("Sorry, apologize. Recorded, escalated,
    security team. Never ask, hang up." / "抱歉，对不起。水淹，分拣中心。补发，取消，退款。"): most of its pieces
    are a word or two (Chinese: up to four characters) with no function word, which prose's pieces seldom are,
    however it is punctuated; or its pieces are very short on average."""
    pieces = [p.strip() for p in _PIECE.findall(reply) if p.strip()]
    if len(pieces) < _BARE_PIECES or sum(1 for u in units(reply) if u.sentence) < _LIST_SENTENCES:
        return False        # one sentence that lists what to have ready, or what not to share, is prose
    chinese = len(CJK_CHAR.findall(reply)) >= len(_WORD.findall(reply))
    if _short_pieces(reply, chinese):
        return True
    bare = 0
    for piece in pieces:
        if chinese:
            han = CJK_CHAR.findall(piece)
            bare += len(han) <= 4 and not any(ch in _FUNCTION_ZH for ch in han)
        else:
            words = [w.lower().replace("’", "'") for w in _WORD.findall(piece)]
            bare += len(words) <= 3 and not any(w in _FUNCTION_EN for w in words)
    return bare >= _BARE_SHARE * len(pieces)


_LIST_CLAUSE = re.compile(r"(?:[^,，;；.。!?！？~～\n]|(?<=\d)\.(?=\d))+")      # 、 joins the items of one list inside a clause: not split on


def _short_pieces(reply: str, chinese: bool) -> bool:
    """Pieces between commas and stops (not 、, which joins the items of one list) averaging under
    _SHORT_PIECE words."""
    sizes = [len(CJK_CHAR.findall(p)) if chinese else len(_WORD.findall(p)) for p in _LIST_CLAUSE.findall(reply)]
    sizes = [n for n in sizes if n]         # "110", "4.": no words of the reply's language
    return len(sizes) >= _BARE_PIECES and sum(sizes) / len(sizes) < (_SHORT_PIECE_ZH if chinese else _SHORT_PIECE_EN)


def _telegraphic(reply: str, sizes: list[int]) -> bool:
    """A reply written as a run of fragments ("Ms Xu sorry. Recorded. Don't download. Call you, today."):
    at least four sentences, averaging under five words (Chinese: under eight characters), most of them
    with nobody doing anything (no I, we, you, please / 我、您、请). Real replies mix short sentences ("I'm
    sorry." "Thank you.") with full ones, and their short sentences have a subject."""
    if len(sizes) < 4:
        return False
    chinese = len(CJK_CHAR.findall(reply)) >= len(_WORD.findall(reply))
    if sum(sizes) / len(sizes) >= (8 if chinese else 5):
        return False
    sentences = [u.text for u in units(reply) if u.sentence]
    return sum(not _has_subject(t, chinese) for t in sentences) * 2 >= len(sentences)


def _has_subject(sentence: str, chinese: bool) -> bool:
    if chinese:
        return any(ch in _SUBJECTS_ZH for ch in sentence)
    return any(w.lower().replace("’", "'") in _SUBJECTS for w in _WORD.findall(sentence))


# Runs of three Chinese characters, and of two English content words (the function words left out): what a pasted
# rubric line shares with its source and a reply in the trainee's own words seldom does. Content words, because the
# guide pasted back in the first person ("We apologise first, in public. We acknowledge responsibility: the file was
# ours.") keeps the guide's words but not its three-word runs: on the dev corpora such replies share 0.52-0.57 of
# their content pairs with the rubric, and no good or adequate English reply more than 0.33.
_RUN = 3
_RUN_EN = 2


def _runs(text: str) -> set[str]:
    text = text.lower()
    han = "".join(CJK_CHAR.findall(text))
    words = [w for w in re.findall(r"[a-z0-9'’]+", text) if w.replace("’", "'") not in _FUNCTION_EN]
    return ({han[i:i + _RUN] for i in range(len(han) - _RUN + 1)}
            | {" ".join(words[i:i + _RUN_EN]) for i in range(len(words) - _RUN_EN + 1)})


def echo_share(reply: str, source: str) -> float:
    """Share of the reply's runs of two content words (Chinese: three characters) that are also ``source``'s: how much of
    it is the rubric's own lines pasted back ("先真诚道歉，再谈解决办法。安全第一：请客户停止使用…").

    >>> echo_share("Apologise sincerely before moving to the solution.", "Apologise sincerely before moving to the solution.")
    1.0
    >>> echo_share("I'm so sorry, Ms Li. Please unplug it now.", "Apologise sincerely before moving to the solution.")
    0.0
    """
    runs = _runs(reply)
    return len(runs & _runs(source)) / len(runs) if runs else 0.0

