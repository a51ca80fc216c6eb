"""Personal data in a reply: what it is, and whose.

The plan's confidentiality rule (保密: "never disclose one customer's data to another or to the public")
is judged here for every reply prompt, without the scenario author listing the numbers to look for.
:func:`find_personal_data` finds each *datum* in a text:

``phone``
    Any common format of a Chinese or international number ("139 6644 2087", "+86 139-6644-2087",
    "13970125538", "(021) 6234 5678"), found and validated with Google's ``phonenumbers``.
``id_card``
    An 18-character resident identity number whose check digit (ISO 7064 MOD 11-2) and birth date are
    valid, or any 15/18-digit number announced as an ID ("身份证", "ID card/number").
``bank_card``
    13-19 digits (grouped or not) that pass the Luhn check, or any long number announced as a card.
``email``
    An e-mail address.
``address``
    A street address: Chinese (路/街/巷/弄 + 号, 栋/幢/单元/室, 小区...) or English (a number followed by
    a Road/Street/Avenue..., Flat/Block/Apt/Room + number).
``account``
    An order, account or member number announced as such ("order 8812-0042", "订单号 20261012884").
``name``
    A person named with a title ("Mr Tao Ran", "Ms Li", "方莉阿姨", "陈先生") or the real name behind
    the poster's @handle.

:func:`disclosures` then decides which data are *not* legitimately said, given the
:class:`ReplyContext` (who is being answered, on which channel, what they wrote, what the company
declares as its own): the company's own hotline, accounts and addresses; a case reference the agent
issues; the addressee's own details on a private channel (their own phone, order, address, name; an
order number said in private with nobody else in the sentence is theirs); a 400/800 business line; the
@handle of the person being answered in a public reply; staff introduced as staff ("our engineer Mr
Chen"). Everything else is a disclosure.

    >>> ctx = ReplyContext(addressee=("Li",), public=False)
    >>> [(d.kind, d.text) for d in disclosures("Ms Li, Mr Tao Ran (139 6644 2087) had the same fault.", ctx)]
    [('name', 'Mr Tao Ran'), ('phone', '139 6644 2087')]
    >>> disclosures("Ms Li, I will call you on 139 6644 2087 tonight.", ReplyContext(addressee=("Li",),
    ...             own_text="my number is 13966442087"))
    []
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from sim.drill.text import to_simplified

__all__ = ["Datum", "ReplyContext", "disclosures", "find_personal_data", "handle_names", "luhn_ok",
           "resident_id_ok"]


@dataclass(frozen=True)
class Datum:
    kind: str           # phone, id_card, bank_card, email, address, account, name
    start: int
    end: int
    text: str           # as written in the reply
    key: str            # normal form for comparison: digits, lower-case e-mail, name without title


@dataclass(frozen=True)
class ReplyContext:
    """What decides whether a datum may be said: the person answered and where."""
    addressee: tuple[str, ...] = ()           # the addressee's names or surnames ("Li", "李", "Wang Fang")
    handles: tuple[str, ...] = ()             # the addressee's @handles (said freely in a public reply)
    public: bool = False                      # a public channel: even the addressee's own data is not said
    own_text: str = ""                        # what the addressee wrote (their own data, said back privately)
    company: tuple[str, ...] = ()             # the company's own numbers, accounts, domains and addresses
    judge_names: bool = True                  # False when the addressee is unknown: a name proves nothing


# --- checks on numbers ---------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id_ok(number: str) -> bool:
    """An 18-character PRC resident identity number with a valid birth date and check digit.

    >>> resident_id_ok("11010519491231002X"), resident_id_ok("110105194912310021")
    (True, False)
    """
    if not re.fullmatch(r"\d{17}[\dXx]", number):
        return False
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    if not (1880 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return "10X98765432"[total % 11] == number[17].upper()


def luhn_ok(digits: str) -> bool:
    """The Luhn check every bank card number passes.

    >>> luhn_ok("4111111111111111"), luhn_ok("4111111111111112")
    (True, False)
    """
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# --- finding data --------------------------------------------------------------------------------

_ID_CUE = re.compile(r"身份证|证件号|id\s*(?:card|number|no)|identity", re.IGNORECASE)
_CARD_CUE = re.compile(r"卡号|银行卡|信用卡|借记卡|card", re.IGNORECASE)
_LONG_NUMBER = re.compile(r"(?<![\dA-Za-z])\d(?:[\d ‐-]{11,24}\d|\d{11,17}[\dXx])(?![\dA-Za-z])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ZH_ADDRESS = re.compile(
    r"[\u4e00-\u9fff]{0,12}?(?:路|街|大道|巷|弄|胡同)\s*\d+\s*(?:号|弄)"
    r"(?:[\u4e00-\u9fff\d\s-]{0,12}?(?:号楼|栋|幢|座|单元|室|楼|层))*"
    r"|[\u4e00-\u9fff]{2,8}(?:小区|花园|公寓|新村|家园|苑)\s*\d+\s*(?:号楼|栋|幢|座)"
    r"(?:[\d\s-]{0,6}(?:单元|室|楼|层))*"
    r"|\d+\s*(?:号楼|栋|幢)\s*\d*\s*(?:单元)?\s*\d+\s*(?:室|号)")
_EN_STREET = r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl|Boulevard|Blvd|Crescent|Terrace|Close)"
_EN_ADDRESS = re.compile(
    rf"\b(?:(?:Flat|Apt|Apartment|Unit|Room|Suite|Block)\s*\d+[A-Za-z]?,?\s*)*"
    rf"\d+[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){{1,3}}{_EN_STREET}\b\.?"
    rf"(?:,?\s*(?:Flat|Apt|Apartment|Unit|Room|Suite|Block)\s*\d+[A-Za-z]?)*"
    rf"|\b(?:Flat|Apt|Apartment|Unit|Room|Suite)\s+\d+[A-Za-z]?(?:,?\s*Block\s+\w+)?\b")
_ACCOUNT = re.compile(
    r"(?:(?:order|account|member(?:ship)?|customer)\s*(?:number|no\.?|#|id)?\s*[:#]?\s*"
    r"|(?:订单|账户|账号|帐号|会员|客户编号)(?:号|号码|编号)?\s*[:：]?\s*(?:是|为)?\s*)"
    r"(?P<num>[A-Za-z]{0,4}-?\d[\d-]{4,}\d)", re.IGNORECASE)
_REFERENCE_CUE = re.compile(r"(?:reference|ref\.?|case|ticket|工单|(?<!订)(?:单号|编号)|受理号|案件号)\s*(?:number|no\.?|#|是|为|[:：])?\s*$", re.IGNORECASE)
_TITLES_EN = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Madam|Mister)"
_EN_NAME = re.compile(rf"\b{_TITLES_EN}\.?\s+(?:[A-Z][a-z]+)(?:[ -][A-Z][a-z]+)?")
_ZH_TITLES = "先生|女士|小姐|阿姨|叔叔|大爷|大妈|奶奶|爷爷|老师|师傅|太太|大姐|大哥"
_ZH_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
                "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
                "覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚"
                "符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆"
                "农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬和仇栾"
                "隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
# A given name never holds these (so "工程师陈师傅" yields 陈师傅, whose "工程师" marks staff).
_NOT_IN_NAME = "师的了们是在和与给我您你他她这那个位名说让请"
# A Chinese real name: a surname and one or two given characters.
_ZH_PERSONAL_NAME = re.compile(rf"(?:[{_ZH_SURNAMES}]|欧阳|司马|上官|诸葛|东方|皇甫|令狐|慕容|司徒|夏侯|尉迟|公孙|宇文)"
                               r"[\u4e00-\u9fff]{1,2}")
# Surnames that are also prepositions or conjunctions: "当面向老先生道歉" is "apologise TO the old gentleman",
# not "Mr Xiang senior", when nothing but 老 stands between them and the title.
_PREPOSITION_SURNAMES = "向和于"
_ZH_NAME = re.compile(rf"[{_ZH_SURNAMES}](?:(?![{_NOT_IN_NAME}])[\u4e00-\u9fff]){{0,2}}?(?:{_ZH_TITLES})")
_STAFF_CUE = re.compile(
    r"(?:our|my|the)\s+(?:colleague|engineer|manager|supervisor|specialist|team\s+leader|technician|agent|"
    r"store\s+manager|head|director|officer|advisor|adviser)\s*,?\s*$|(?:我们的|我的|公司|我司|本店|网点)?"
    r"(?:同事|工程师|经理|主管|专员|店长|负责人|技术员|客服|师傅|质检员)\s*$", re.IGNORECASE)


@lru_cache(maxsize=2048)
def find_personal_data(text: str) -> tuple[Datum, ...]:
    """Every personal datum in ``text``, in order, overlapping finds resolved in favour of the surer kind."""
    found: list[Datum] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int, key: str) -> None:
        if any(start < b and a < end for a, b in taken):
            return
        taken.append((start, end))
        found.append(Datum(kind, start, end, text[start:end], key))

    for m in _EMAIL.finditer(text):
        add("email", m.start(), m.end(), m.group().lower())
    for m in _LONG_NUMBER.finditer(text):
        raw = m.group()
        digits = re.sub(r"[^\dXx]", "", raw).upper()
        before = text[max(0, m.start() - 12):m.start()]
        if len(digits) == 18 and (resident_id_ok(digits) or _ID_CUE.search(before)):
            add("id_card", m.start(), m.end(), digits)
        elif digits.isdigit() and 13 <= len(digits) <= 19 and not digits.startswith("1" * 3) and \
                (luhn_ok(digits) or _CARD_CUE.search(before)) and not _is_phone(raw):
            add("bank_card", m.start(), m.end(), digits)
        elif len(digits) == 15 and _ID_CUE.search(before):
            add("id_card", m.start(), m.end(), digits)
    for m in _ACCOUNT.finditer(text):
        add("account", m.start("num"), m.end("num"), re.sub(r"\D", "", m.group("num")))
    for match in phonenumbers.PhoneNumberMatcher(text, "CN", leniency=phonenumbers.Leniency.VALID):
        start, raw = match.start, match.raw_string
        if raw[:1] in "(（" and not any(c in raw for c in ")）"):
            start, raw = start + 1, raw[1:]         # an opening bracket around the whole number is not part of it
        add("phone", start, start + len(raw), str(match.number.national_number))
    for rx in (_ZH_ADDRESS, _EN_ADDRESS):
        for m in rx.finditer(text):
            add("address", m.start(), m.end(), re.sub(r"\s+", "", to_simplified(m.group()).lower()))
    for m in _EN_NAME.finditer(text):
        add("name", m.start(), m.end(), _name_key(m.group()))
    for m in _ZH_NAME.finditer(to_simplified(text)):
        start, name = m.start(), m.group()
        if name[0] in _PREPOSITION_SURNAMES:
            if _name_key(name)[1:] == "老":
                continue
            rest = _ZH_NAME.fullmatch(name[1:])
            if rest and _name_key(name)[1:2] in _ZH_SURNAMES:
                start, name = start + 1, name[1:]     # "和王老先生": "and Mr Wang senior"
        add("name", start, m.end(), _name_key(name))
    return tuple(sorted(found, key=lambda d: d.start))


def _is_phone(raw: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(raw, "CN"))
    except phonenumbers.NumberParseException:
        return False


def _name_key(name: str) -> str:
    """A name without its title, lower case, spaces removed: "Mr Tao Ran" -> "taoran", "方莉阿姨" -> "方莉"."""
    s = re.sub(rf"^{_TITLES_EN}\.?\s+", "", name.strip())
    s = re.sub(rf"(?:{_ZH_TITLES})$", "", to_simplified(s))
    return re.sub(r"[\s_-]+", "", s).lower()


def handle_names(handle: str) -> tuple[str, ...]:
    """The real name a social-media handle gives away: "@Wang_Fang88" -> ("wangfang",), "@王芳88" -> ("王芳",).

    >>> handle_names("@Wang_Fang88"), handle_names("@王芳88"), handle_names("@TechDad_Zhang")
    (('wangfang',), ('王芳',), ('techdadzhang',))
    >>> handle_names("@小鱼妈妈")
    ()
    """
    core = re.sub(r"[\d@\s]", "", to_simplified(handle.split("（")[0].split("(")[0]))
    key = re.sub(r"[_.-]+", "", core).lower()
    if re.search(r"[\u4e00-\u9fff]", key) and not _ZH_PERSONAL_NAME.fullmatch(key):
        return ()       # "@小鱼妈妈" is a nickname, not a real name: saying it discloses no one
    return (key,) if len(key) >= 2 else ()


# --- whose data ----------------------------------------------------------------------------------

def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def disclosures(reply: str, ctx: ReplyContext) -> list[Datum]:
    """The personal data in ``reply`` that the handler may not say here (see the module docstring)."""
    out = []
    own = find_personal_data(ctx.own_text) if ctx.own_text else ()
    own_keys = {d.key for d in own}
    own_digits = _digits(ctx.own_text)
    company = " ".join(ctx.company).lower()
    company_digits = {_digits(c) for c in ctx.company if len(_digits(c)) >= 5}
    addressee = {_name_key(a) for a in ctx.addressee if a}
    handle_keys = {k for h in ctx.handles for k in handle_names(h)}
    for d in find_personal_data(reply):
        if d.kind == "name":
            if not ctx.judge_names:
                continue
            if _is_addressee(d.key, addressee) and not ctx.public:
                continue
            if _is_addressee(d.key, addressee) and ctx.public and not _full_name(d.key, addressee, handle_keys):
                continue                        # "Ms Li" in public: a title and a surname identify no one
            if _STAFF_CUE.search(reply[max(0, d.start - 30):d.start]):
                continue
            out.append(d)
            continue
        if d.kind in ("phone", "account") and d.key in company_digits:
            continue
        if d.kind == "phone" and _BUSINESS_LINE.match(_digits(reply[d.start:d.end])):
            continue                            # a 400/800 number is a company's line, never a person's
        if d.kind == "phone" and _OWN_LINE_CUE.search(reply[max(0, d.start - 24):d.start]):
            continue                            # the handler's own direct line, given so the customer can call back
        if d.kind == "account" and not ctx.public and not _someone_else(_sentence_of(reply, d.start), addressee):
            continue                            # an order named to the customer in private, with no one else: hers
        if d.kind == "email" and (d.key in company or d.key.split("@")[-1] in company):
            continue
        if d.kind == "account" and _REFERENCE_CUE.search(reply[max(0, d.start - 16):d.start]):
            continue
        mine = d.key in own_keys or (d.kind in ("phone", "account", "bank_card", "id_card") and d.key and
                                     d.key in own_digits)
        if mine and not ctx.public:
            continue
        if d.kind == "address" and not mine and not ctx.public and _own_home(reply, d):
            continue
        out.append(d)
    out += _handle_real_names(reply, ctx, handle_keys, out)
    return sorted(out, key=lambda d: d.start)


# The handler giving their own line: "(direct line 0571-8890 2214)", "my direct number is", "我的直线电话"; not "my
# colleague's mobile".
_OWN_LINE_CUE = re.compile(r"(?:\b(?:my|our)\s+(?:direct\s+|office\s+|desk\s+)?(?:line|number|landline|phone)|\bdirect\s+"
                           r"(?:line|dial|number))(?:\s+is)?\s*[:：(（]?\s*$|(?:我的|本人)(?:直线|座机|办公)?(?:电话|号码)"
                           r"(?:是)?\s*[:：]?\s*$|直线(?:电话)?(?:是)?\s*[:：]?\s*$", re.IGNORECASE)
# Chinese business numbers (400 and 800 lines) are rented by companies, never held by a private person.
_BUSINESS_LINE = re.compile(r"^(?:86)?[48]00\d{7}$")
# Someone besides the addressee in the sentence: an order there may be theirs.
_THIRD_PARTY = re.compile(r"\b(?:another|other|others|neighbou?rs?|someone|somebody|their|his)\b|"
                          r"另一|其他|其它|别的|邻居|别人|他人|他的|她的|他们", re.IGNORECASE)


def _someone_else(sentence: str, addressee: set[str]) -> bool:
    """Whether a sentence speaks of someone besides the addressee (a word for another person, or a name)."""
    return bool(_THIRD_PARTY.search(sentence)) or any(
        d.kind == "name" and not _is_addressee(d.key, addressee) for d in find_personal_data(sentence))


def _sentence_of(reply: str, pos: int) -> str:
    start = max(reply.rfind(c, 0, pos) for c in ".!?;。！？；\n") + 1
    ends = [i for i in (reply.find(c, pos) for c in ".!?;。！？；\n") if i >= 0]
    return reply[start:min(ends) if ends else len(reply)]


def _is_addressee(key: str, addressee: set[str]) -> bool:
    return any(key == a or key.startswith(a) or a.startswith(key) for a in addressee if a)


def _full_name(key: str, addressee: set[str], handle_keys: set[str]) -> bool:
    return key in handle_keys or (len(key) >= 2 and any(key == a and len(a) > 2 for a in addressee))


def _own_home(reply: str, d: Datum) -> bool:
    """An address the handler confirms as the customer's own ("your address, 5 Willow Road")."""
    before = reply[max(0, d.start - 24):d.start].lower()
    return bool(re.search(r"your\s+(?:home|address|flat)|您(?:的|家)?(?:地址|家|府上)", before))


def _handle_real_names(reply: str, ctx: ReplyContext, handle_keys: set[str], already: list[Datum]) -> list[Datum]:
    """In a public reply, the real name behind the poster's handle, written out (not as the @handle)."""
    if not ctx.public:
        return []
    out = []
    simple = to_simplified(reply)
    for key in handle_keys:
        if len(key) < 2 or not re.search(r"[\u4e00-\u9fff]", key) and not re.fullmatch(r"[a-z]{4,}", key):
            continue
        pattern = _spaced(key)
        for m in re.finditer(pattern, simple, re.IGNORECASE):
            if m.start() > 0 and simple[m.start() - 1] in "@_":
                continue
            if any(a.start <= m.start() < a.end for a in already):
                continue
            out.append(Datum("name", m.start(), m.end(), reply[m.start():m.end()], key))
    return out


def _spaced(key: str) -> str:
    """A name key as a pattern allowing a space between its parts ("wangfang" -> "wang\\s?fang")."""
    if re.search(r"[\u4e00-\u9fff]", key):
        return re.escape(key)
    # Latin keys came from handles like Wang_Fang: allow any split into two words.
    return r"(?<![A-Za-z@_])" + r"\s?".join(re.escape(ch) for ch in key) + r"(?![A-Za-z_])"
