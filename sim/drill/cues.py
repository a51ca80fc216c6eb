"""The shapes of the conduct failures in words: where a sentence blames, promises or guesses in so many words.

The classifier (:mod:`sim.drill.conduct_model`) reads what a sentence means; these word classes say what its shape
is, for the sentences it is unsure of (:func:`cued`), for guesses worded as guesses whatever it reads
(:func:`guessed`), and for the excuses (:mod:`sim.drill.intent`, :mod:`sim.drill.causes`,
:mod:`sim.drill.authority`) that ask whether a part of a sentence still blames, promises or guesses once something
else is set aside. They are the plan's word classes (hindsight, the customer's own doing, a commitment of value, a
cause put forward), in English and Chinese, never one scenario's words.

>>> cued("blame", "You should have unplugged it at the first sign of heat.")
True
>>> cued("blame", "The mistake was our own responsibility, not yours.")
False
>>> guessed("估计是快递公司没停工"), guessed("退款大概是三到五个工作日到账")
(True, False)
"""
from __future__ import annotations

import re

from sim.drill.conduct import matchable
from sim.drill.sentences import units
from sim.i18n.script import CJK_CHAR

__all__ = ["CUES", "EMPATHY", "FEELING_EN", "HEDGE", "OWNED", "REFUSES_TO_GUESS", "TURNS", "all_clear", "cued", "guessed",
           "size"]

# A refusal to guess at or to assert a cause, in the sentence the classifier flagged.
REFUSES_TO_GUESS = re.compile(r"\b(?:won't|will\s+not|not\s+going\s+to|don't\s+want\s+to|can't|cannot|rather\s+not|"
                               r"refuse\s+to)\s+(?:\w+\s+){0,2}(?:guess|speculate|say|tell\s+you|claim|pretend)\b|"
                               r"不(?:会|想|能|愿|敢|便)?(?:去)?(?:乱|随便|胡乱)?猜(?:测)?|不下结论|不(?:能|会|想)(?:跟您|向您|对您)?说|"
                               r"不作猜测|不做猜测",
                               re.IGNORECASE)

# A first reading of the facts: a guess only when a cause follows it (see _GUESS).
_FIRST_READING_EN = r"\b(?:from\s+what|as\s+far\s+as)\s+(?:we|i)\s+can\s+(?:tell|see)\b"
_FIRST_READING_ZH = r"从目前(?:收到的|掌握的)?(?:反馈|情况|信息)(?:来)?看|初步看"

# A guess worded as one ("it seems the courier ignored the warnings", "估计是那伙人发的"), whatever the classifier
# reads: on the dev corpora such a hedge is in half the speculating replies and, once refusals to guess ("we
# won't guess"), suggestions ("you might want to pay by transfer") and forecasts ("it should arrive in 3 days")
# are set aside, in none of the good ones. A guess that only repeats what is known is excused afterwards.
_GUESS = re.compile(r"\b(?:probably|most\s+likely|(?:is|was|are|were)\s+likely|chances\s+are|presumably|i\s+suspect|"
                    r"we\s+suspect|i\s+think|we\s+think|i\s+reckon|i\s+guess|my\s+guess|i\s+bet|it\s+seems|seems\s+to|"
                    r"appears?\s+to|it\s+appears|looks\s+(?:like|as\s+(?:though|if))|sounds\s+like|odds\s+are)\b|"
                    r"估计|八成|多半|大概是|(?<![不没])可能是|(?<!不)应该是|好像|似乎|怀疑|看样子|十有八九|恐怕|我猜|猜是|"
                    # hearsay and first impressions are guesses too: "据说那个店员家里出了事", "听说是快递公司没停工",
                    # "reportedly the courier kept working", "early indications point to the February batch" (none in
                    # a good dev reply); not what is said of the customer ("据说您昨天打过电话")
                    r"据说(?![您你])|据传|听说是|\breportedly\b|\brumou?rs?\s+(?:has\s+it|say)|"
                    r"\b(?:early|initial|first|preliminary)\s+(?:indications?|signs)\s+(?:point|suggest|indicate)|"
                    # a first reading passed off as the answer, and an all-clear nobody gave: "from what we can tell,
                    # last night's update broke the login", "从目前的反馈看，问题基本就出在保护板上，其他批次应该没事"
                    # (a cause must follow: "from what I can see on your account, the payment went through twice" reads
                    # the account, "退款基本上是1到3个工作日到账" and "换货应该没问题" are forecasts)
                    rf"(?:{_FIRST_READING_EN})(?=[^.!?]{{0,120}}\b(?:caus\w*|broke|broken|because|due\s+to|fault\w*|went\s+wrong|"
                    r"behind|triggered|responsible)\b)|\bour\s+(?:best|first)\s+guess\b|基本(?:上)?(?:就)?出在|"
                    rf"(?:{_FIRST_READING_ZH})(?=[^。！？]{{0,30}}(?:出在|导致|原因|造成|引起))|"
                    r"(?:批次?|产品|型号|其他的?|别的)[^。！？，]{0,4}应该(?:没事|没问题|是安全的|不会(?:有事|有问题|有危险))",
                    re.IGNORECASE)
# An all-clear said flat, which only what is known can give: the rest unaffected ("the other batches are perfectly
# safe", "其他批次都没有问题", "我们其他网点都没有出过这样的事"), her things safe or untouched ("your information is secure
# again", "nobody has got into your account", "您的账号很安全，肯定没有被盗", "您的礼物没有泡水"), the case a one-off
# ("这纯属个别现象", "it won't happen again"), no harm ("any flakes will not harm anyone"). Excused when what is known
# says so (sim.drill.causes): "no passwords, ID numbers or payment data were in the file" on the day it is confirmed.
_ALL_CLEAR = re.compile(
    r"\b(?:the\s+)?(?:other|remaining|rest\s+of\s+the)\s+(?:batch(?:es)?|models?|products?|units?|items?|baskets?|"
    r"power\s+banks?|air\s+fryers?|accounts?|customers?|members?|users?|stores?|branches?)\s+(?:are|is|were|"
    r"remain)\s+(?:all\s+|completely\s+|perfectly\s+|totally\s+|entirely\s+)?(?:fine|safe|ok|okay|unaffected|not\s+affected|"
    r"in\s+the\s+clear)\b|\bnothing\s+(?:is\s+)?wrong\s+with\s+(?:the\s+)?(?:other|remaining|rest)\b|"
    r"\byour\s+(?:\w+\s+){0,3}(?:account|information|data|details|balance|money|card|gift|parcel|present|password|"
    r"savings|batch|power\s+bank)s?\s+(?:itself\s+|themselves\s+)?(?:is|are|was|were|remains?|stays?)\s+(?:completely\s+|"
    r"totally\s+|perfectly\s+|still\s+|all\s+|fully\s+|again\s+|\w+\s+and\s+)*(?:safe|secure|untouched|undamaged|intact|"
    r"not\s+affected|unaffected)\b(?!\s+(?:with\s+us|to\s+(?:share|send|give|use\s+(?:in|on|here|with))))|"
    r"\byour\s+(?:\w+\s+){0,2}(?:account|card|details|data|information|password)s?\s+(?:has|have)(?:n't|\s+not)\s+been\s+"
    r"(?:hacked|compromised|accessed|touched|stolen|leaked)\b|"
    r"\bnothing\s+else\s+(?:\w+\s+){0,8}(?:has|have|was|were)\s+been\s+(?:touched|affected|accessed|taken|compromised|"
    r"harmed|damaged)\b|\bno(?:body|\s+one)\s+(?:else\s+)?(?:has|had)\s+(?:got|gotten|broken|been)\s+into\b|"
    r"\bno(?:body|\s+one)\s+(?:else\s+)?has\s+accessed\b|"
    r"\b(?:was|is)\s+(?:a|an)\s+(?:one-off|isolated\s+(?:case|incident|error))\b|\bwon't\s+happen\s+again\b|"
    r"\bwill\s+not\s+happen\s+again\b|\b(?:will\s+not|won't|cannot|can't)\s+harm\s+(?:anyone|you|your|people|children|"
    r"health|anybody)\b|"
    r"(?:其他|别的|其余|其它)(?:的)?(?:批次|型号|产品|款|用户|会员|账户|帐户|网点|门店)[^。！？，]{0,6}(?:都)?(?:(?<!有)没有问题|"
    r"(?<!有)没问题|没事|是安全的|很安全|不受影响|没有受到影响|没(?:有)?出(?:过)?(?:这样的|类似的)?(?:事|问题))|"
    r"(?:您|你)(?:的|这个|那个)?[^。！？，；]{0,6}(?:账户|账号|帐户|帐号|资金|钱|余额|信息|资料|数据|密码|银行卡|卡|礼物|包裹|"
    r"快递|商品|东西|批次)[^。！？，；]{0,4}(?:都|很|是|也|绝对|肯定)?(?:安全的|很安全|是安全的|绝对安全|完好|好好的|没事|"
    r"没(?:有)?(?:被盗|泡水|受损|损坏|泄露|被动过?))|"
    r"(?:肯定|绝对|一定)(?:没有|不会)(?:被盗|泄露|有事|有问题|有危险|出事)|纯属个别|(?<!不是)(?<!并非)个别现象|只是个例|"
    r"(?:以后|今后|再也)不会再?(?:出现|发生)|不在[^。！？，]{0,10}(?:出问题|问题|受影响)的?范围",
    re.IGNORECASE)
_NOT_A_GUESS = re.compile(REFUSES_TO_GUESS.pattern + r"|\bmight\s+want\s+to\b|"
                          # a rumour denied: "据传是内部员工泄露的，这不是事实", "rumours say it was a hack: that is untrue"
                          r"(?:据说|据传|听说是|传言|谣言|网传|\breportedly\b|\brumou?rs?\b)[^。！？.!?]*?"
                          r"(?:不是事实|不属实|不实|谣言|没有根据|并非如此|\buntrue\b|\bnot\s+true\b|\bunfounded\b|\bfalse\b)|"
                          r"\b(?:will|'ll|should|would)\s+(?:probably|most\s+likely|likely)\b|"
                          r"\blikely\s+to\s+(?:be\s+)?(?:arrive|receive|get|hear|contact|call|take|need)|"
                          # an indirect question or a feeling, not a guess: "what a credible plan looks like",
                          # "that sounds like a frightening morning"
                          r"\b(?:what|how)\b[^.!?]{0,40}\b(?:looks|sounds|seems)\s+like\b|"
                          r"\b(?:sounds|looks)\s+like\s+(?:a|an|such\s+an?)\s+(?:\w+\s+){0,2}(?:experience|ordeal|fright|shock|"
                          r"worry|day|morning|evening|night|nightmare|time)\b|"
                          r"可能(?:需要|要|会)|大概(?:需要|要|会)|"
                          # a forecast of delivery or payment, or the agent's own plan: "您的包裹应该是明天下午送到",
                          # "退款大概是三到五个工作日到账", "I think the best next step is for me to call you"
                          r"(?:大概|应该|估计)(?:是)?[^，。！？]{0,10}(?:明天|后天|今晚|下周|周[一二三四五六日末]|几天|"
                          r"[\d一二两三四五六七八九十]+(?:个)?(?:工作)?(?:天|日|小时)|到账|送到|送达|到货|能到|恢复)|"
                          r"\bi\s+think\s+(?:the\s+best|we\s+(?:should|can|will)|i\s+(?:should|can|will))\b",
                          re.IGNORECASE)


def guessed(text: str) -> bool:
    """Whether the sentence guesses in so many words, once its refusals, suggestions, forecasts and feelings
    are set aside ("我不想乱猜，但估计是黑客干的" still guesses), or gives an all-clear (:func:`all_clear`)."""
    plain = matchable(text)
    return bool(_GUESS.search(EMPATHY.sub(" ", _NOT_A_GUESS.sub(" ", plain)))) or all_clear(text)


def all_clear(text: str) -> bool:
    """Whether the sentence gives an all-clear (see _ALL_CLEAR) of its own: not asked, waited for or refused in its
    clause (_OPEN), not read off what the agent sees or did (_SEEN), not a pledge of the company (_PLEDGED)."""
    plain = matchable(text)
    if _SEEN.search(plain) or _PLEDGED.search(plain):
        return False
    return any(not _OPEN.search(_CLAUSE_START.split(plain[:m.start()])[-1] + m.group(0)
                                + _CLAUSE_START.split(plain[m.end():])[0]) for m in _ALL_CLEAR.finditer(plain))


# An all-clear asked about, waited for or refused in its own clause is no all-clear: "we don't know yet whether the
# other batches are safe", "until the lab confirms they are safe", "I can't tell you yet that...", "其他批次有没有问题",
# "在检测确认其他批次不受影响之前", "现在说其他批次没问题还为时过早", "我不能保证以后不会再发生".
_OPEN = re.compile(r"\b(?:whether|if|until|till|before|unless|can't|cannot|can\s+not|(?:not|n't)\s+(?:be\s+)?able\s+to|"
                   r"too\s+early|premature|haven't|have\s+not|hasn't|not\s+(?:yet\s+)?(?:know|sure|clear|confirmed|established)|"
                   r"don't\s+(?:yet\s+)?know|no\s+way\s+to)\b|"
                   r"是否|是不是|有没有|还没(?:有)?确认|确认[^。！？，]{0,12}之前|核实[^。！？，]{0,12}之前|还不能|还不知道|不确定|不清楚|"
                   r"等到|等[^。！？，]{0,8}结果|之前|无法|没法|没办法|不能|为时过早|还早|难以", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[,.;:!?，。；：！？]")
# Read off what the agent sees or has just done: "I can see both have shipped", "我查了您的批次号2405", "your card is now
# frozen, so your money is safe".
_SEEN = re.compile(r"\bi\s+can\s+see\b|\bi(?:'ve|\s+have)?\s+(?:just\s+)?(?:checked|looked)\b|\b(?:now\s+)?frozen\b|"
                   r"查了|查过|看了一下|核实过|已经(?:为您|帮您|给您)?冻结|冻结了", re.IGNORECASE)
# The company's own undertaking, which is a promise to keep, not a guess: "we will make sure this won't happen again",
# "保证以后不会再发生", "your details are safe with us", "您的信息在私信里是安全的".
_PLEDGED = re.compile(r"\b(?:make\s+sure|ensure|see\s+to\s+it|with\s+us)\b|保证|确保|杜绝|整改|私信(?:里|中)|在我们这(?:里|边)",
                      re.IGNORECASE)


# A turn to something else: "a call like that is unsettling, but ...", "这是我们的问题，但您自己也要...".
TURNS = re.compile(r"\b(?:but|however|though|yet|still)\b|但|不过|可是|然而|只是", re.IGNORECASE)


# The shape of each failure: where the classifier is unsure (see sim.drill.intent.LIKELY), a sentence is flagged only
# when it also has one. They are plan-level word classes, not a scenario's words.
CUES = {
    # the customer as the one who did (or failed to do) something, hindsight, or a verdict on what they did
    "blame": re.compile(
        r"^(?=.*\b(?:you|your|yours|you'd|you've|you're|yourself|customers?|people|anyone|those|owners?|users?|members?)\b)(?=.*\b(?:"
        r"should(?:n't)?\s+have|ought|next\s+time(?!\s+you\s+(?:call|contact|ring|write|message|visit|get\s+in\s+touch))|in\s+future|in\s+the\s+future|for\s+(?:the\s+)?future|"
        r"(?:would|could)\s+have|if\s+only|"
        r"mistake|careless|risk\w*|gamble|wise\w*|didn't|did\s+not|forgot|ignored|without\s+(?:checking|reading|looking)|"
        r"instead\s+of|(?:only|always)\s+\w+|makes?\s+(?:it|this|things)|more\s+likely|cutting\s+it|"
        r"habit|take\s+care\s+how|contribut\w*|not\s+help|did(?:n't)?\s+help|help\s+to|who\s+(?:click|type|leave|post|share)|"
        r"harder|worse|comes?\s+from|(?:filling|clicking|typing|using|leaving|posting|choosing|picking)\b|pick(?:ed)?|chose|"
        r"best\s+(?:not|to\s+avoid)|shame|pity|warn(?:ed|ing|s)?|we\s+(?:always|do)\s+(?:tell|advise|warn|remind))\b)|"
        r"\b(?:on\s+you|your\s+(?:own\s+)?(?:doing|part|fault)|asking\s+for\s+(?:it|trouble)|down\s+to\s+(?:you|how)|"
        r"against\s+the\s+(?:instructions|advice|manual|guidance)|to\s+be\s+(?:fair|frank|honest)|in\s+fairness|honestly|frankly|"
        r"in\s+all\s+honesty|mind\s+you|truth\s+be\s+told|between\s+(?:us|you\s+and\s+me)|let's\s+face\s+it|admittedly|"
        r"that\s+said|^\s*still(?=,)|both\s+sides|it\s+takes\s+two|"
        r"(?:usually|typically|normally|often|generally)\s+(?:what|the\s+reason|why|happens\s+when|caused\s+by|down\s+to)|"
        r"part\s+of\s+the\s+(?:problem|reason)|where\s+it\s+went\s+wrong|"
        # advice from hindsight and warnings given before: "for future reference", "the instructions are there for
        # good reason", "which is where most heat problems begin", "as we have repeatedly warned"
        r"for\s+future\s+reference|on\s+future\s+(?:orders|purchases|bookings)|there\s+for\s+(?:a|good)\s+reason|"
        r"(?:is|are)\s+where\s+(?:most|many)\s+(?:\w+\s+)?problems\s+(?:begin|start|come\s+from)|"
        r"we\s+(?:have\s+)?(?:repeatedly|constantly|always|keep|kept)\s+(?:warn|remind|tell|advis)\w*|"
        # the rules cited, what "most customers" do, what would have been had they done otherwise, questions about
        # how it was used: "as the manual says", "most customers spot it", "had you gone along", "was it left
        # charging overnight?", "did you get a chance to read the text we sent?"
        r"as\s+(?:the|our)\s+(?:\w+\s+){0,2}(?:manual|instructions|terms|guidance|leaflet|label|notice|warning|page|policy|"
        r"agreement)s?\s+(?:says?|states?|stated|explains?|explained|warns?|warned|makes\s+clear|made\s+clear|clearly|sets?\s+out|"
        r"specifies|recommends|advises|instructs|notes|noted|mentions|mentioned)|"
        r"as\s+(?:stated|set\s+out|noted|explained|specified|mentioned|described|made\s+clear)\s+in\s+(?:the|our)\s+(?:\w+\s+)?"
        r"(?:manual|instructions|terms|guidance|leaflet|label|notice|warning|page|policy|agreement)|"
        r"(?:manual|instructions|terms|guidance|leaflet|notice|warning|page|policy|agreement)s?\s+(?:do|does|did|clearly|already)\s+"
        r"(?:\w+\s+)?(?:explain|say|state|warn|tell|mention|cover|note|specify|recommend|advise)|"
        # her part named with a softener: "you remain responsible for...", "it's worth noting that ... your DC moved"
        r"you\s+(?:remain|are|were)\s+(?:still\s+)?responsible\s+for|(?:it's|it\s+is)\s+worth\s+(?:noting|remembering|"
        r"bearing\s+in\s+mind|pointing\s+out)|most\s+(?:customers|people|users|members|owners|buyers)\s+who\s+(?:follow|read|use|check|keep)|"
        r"most\s+(?:customers|people|users|members|owners|buyers)\s+(?:\w+\s+)?(?:spot|know|read|check|notice|call|ring|"
        r"contact|would|do|don't|never|already|keep|set|use|remember|avoid|save)|(?:^|[.!?,;:]\s*)had\s+you\b|"
        r"if\s+(?:it|you|they|he|she)\s+had|"
        # hindsight offered as advice, and the customer's own step named as the way in: "just for next time, it's
        # safer not to ...", "the step that let them in was typing the code"
        r"for\s+next\s+time|(?:was|is)\s+(?:typing|clicking|entering|sharing|giving\s+out|answering|confirming|posting)|"
        # warnings given before, said without "you": "we've warned in the app many times never to..." (hindsight put as
        # the future is _FUTURE_HINDSIGHT)
        r"(?:warned|reminded|told\s+(?:customers|people|everyone|users))\s+(?:\w+\s+){0,5}(?:many|several|countless|numerous|"
        r"so\s+many)\s+times|"
        r"(?:was|were)\s+(?:it|they)\s+(?:being\s+)?(?:charg|left|plugg|kept|plac|stor)\w*)\b|"
        r"(?:您|你|老人家|您家|贵司|你们那边|您那边)[^。！？]*(?:应该|本来|早[点些就该]|当时|自己|下次|以后|怎么|为什么|风险|大意|粗心|"
        r"习惯|毛病|才会|导致|造成|引起|责任|有关|关系|没(?:有)?(?:看|注意|仔细|检查|按|及时|留意|核对)|不注意|不小心|晚了|太[晚迟急紧]|用法|"
        # ("要是/如果" as hindsight, not an option offered: "您要是不想等了，直接取消", "要是还不舒服，您多陪陪他")
        r"最好(?:别|不要|不|还是)|(?:要是|如果|假如)(?!(?:您|你)?(?:还|仍然|再|实在)?(?:不)?(?:想|需要|愿意|方便|觉得|希望|同意|选择|"
        r"更|着急|等不及|有|舒服|身体|介意|急))|选的|选了|图便宜|非要|偏要|卡着|是不是|有没有)|"
        r"说实话|说句|其实|坦白|老实说|一般(?:都)?(?:是|跟|和|与)|很多人|有的人|谁让|难怪|怪不得|本身就|也不能全|才会|"
        r"反复提醒|一再提醒|多次提醒|一直提示|早就提醒|早就说过|避免类似|以后也(?:可以|能)避免|没听清|双方才|"
        r"就不会|也不至于|不至于|不会上当|双方都|都有(?:点)?(?:责任|情绪|问题)|(?:也|都)(?:比较|有点|挺)(?:冲|急|激动)|"
        r"客户自己|用户自己|出在(?:客户|用户|您|你)|"
        # the rules cited and warnings given before, what most customers do: "说明书上写得很清楚", "协议里也提醒过",
        # "一般用户都会先打客服电话问一下"
        r"(?:说明书|协议|条款|短信|通知|公告|页面|提示)(?:上|里|中)?(?:其实|也|都|早就|已经)*(?:写|说|标|提示|注明|提醒)(?:得很清楚|过|着|了)|"
        r"写得很清楚|提醒过|(?:一般|大多数|大部分|多数)[^。！？]{0,3}(?:用户|客户|会员|人|顾客)[^。！？]{0,24}(?:都|一般)(?:会|是|知道|懂)",
        re.IGNORECASE),
    # a commitment of the company and something of value given, waived or done beyond the plan
    "unauthorised_promise": re.compile(
        r"\b(?:will|'ll|can|guarantee\w*|promise\w*|assure|confirm|going\s+to|get|receive|offer|added|credited|issued)\b[^.!?]*"
        r"\b(?:refund\w*|money\s+back|free|\d+\s*%\s*off|discount\w*|compensat\w*|cover\w*|pay\s+(?:you|for|back|your)|"
        r"reimburs\w*|pay\s+(?:it|that|this|them)\s+back|waive\w*|voucher|credit|gift|bonus|"
        r"cash\s+(?:compensation|payment|refund|bonus)|(?:yuan|rmb)\s+(?:in\s+)?cash|fired|dismiss\w*|sack\w*|let\s+go|price\w*|upgrade|match|on\s+us|"
        r"reverse\w*|return\s+(?:the|your)\s+(?:money|\d[\d,]*)|"
        r"(?:put|give|send)\s+(?:it|the\s+\w+|your\s+\w+)\s+back|be\s+(?:put|paid|given|credited)\s+back\s+(?:in)?to\s+your|"
        r"make\s+(?:it|this|that|them|the\s+loss)\s+good|(?:meet|beat)\s+(?:their|the\s+competitor'?s?|that|his|her)\s+"
        r"(?:price|offer|quote)|(?:meet|beat)\s+it)\b|"
        r"^(?=.*(?:会|给|保证|一定|肯定|承诺|负责|由我们|我们来|做主|包|帮您|帮你))"
        r"(?=.*(?:赔|退|免|送|补|报销|承担|垫付|打折|降价|处理掉|调走|奖励|红包|券|返还|包了))|"
        r"(?:给|赔|补|送|打|收到)[^。！？，]{0,8}\d+\s*元?现金|现金(?:补偿|赔偿|红包)|"
        # money paid in, or compensation on top: "先给您账户里打200块钱", "我们按订单金额的三倍赔您", "一律全额退款并额外赔偿500元"
        r"打[^，。！？]{0,6}(?:块钱|元)|(?:额外|另外|再)(?:赔偿|补偿|赔)|按[^，。！？]{0,10}倍赔|一律(?:全额)?(?:退款|赔偿)|"
        r"开除|辞退|走人|卷铺盖|不会再(?:让)?(?:他|她)?(?:在|来)|兜底|"
        # an outcome guaranteed: "中午之前肯定能恢复", "it will be at your door by Saturday, you have my word"
        r"(?:肯定|一定|保证)(?:能|会|可以)?(?:恢复|修好|送到|到货|到账|成功|赶上|赶得上)|\byou\s+have\s+my\s+word\b|"
        r"\b(?:definitely|guaranteed|for\s+sure|without\s+fail)\b[^.!?]*\b(?:arrive|working|fixed|restored|delivered|at\s+your\s+door)\b|"
        r"\b(?:arrive|be\s+working|be\s+fixed|be\s+restored|be\s+delivered|be\s+at\s+your\s+door)\b[^.!?]*\b(?:definitely|guaranteed|for\s+sure|without\s+fail)\b",
        re.IGNORECASE),
    # a cause put forward: because / caused by / behind it, or a guess, belief or hearsay
    "speculation": re.compile(
        r"\b(?:because\s+(?!of\s+(?:our|my|us))|(?<!worry\s)(?<!concern\s)(?<!stress\s)(?<!distress\s)(?<!inconvenience\s)caused\s+by|"
        r"due\s+to|behind\s+(?:it|this|the)|root|reason\s+(?:is|was)|result\s+of|down\s+to|"
        r"probably|likely|must\s+be|suspect|believe|i\s+think|we\s+think|reckon|guess|bet|seems?|appears?|looks?\s+like|"
        r"sounds?\s+like|apparently|heard|rumou?r|early\s+view|assume|presum\w*|harmless|perfectly\s+safe|no\s+(?:risk|danger))\b|"
        r"因为|由于|导致|引起|造成|原因是|所以才|才会|估计|应该是|可能是|八成|多半|大概|听说|据说|看样子|好像|似乎|怀疑|猜|判断|"
        r"认为|觉得是|感觉是|无害|不会有(?:事|问题|危险)",
        re.IGNORECASE),
}
# A commitment that is a "never" ("we will never ask for your code") promises nothing of value.
_NEVER = re.compile(r"\b(?:never|won't|will\s+not|not\s+going\s+to)\b|绝不|从不|不会", re.IGNORECASE)


# A negated phrase carries no cue: "this one is on us, not on you", "not the experience anyone should have".
_NEGATED = re.compile(r"\b(?:(?<!did\s)(?<!do\s)(?<!does\s)not|never|no|isn't|wasn't|nothing)\s+(?:[\w']+\s+){0,4}[\w']+|"
                      r"(?:(?<!是)不是|并非|绝非|不怪|不在)[^，。！？,]{0,8}", re.IGNORECASE)


# The company owning the failure in the same sentence: no cue of blame.
OWNED = re.compile(r"\b(?:our|my)\s+(?:own\s+)?(?:responsibility|fault|mistake|error|failure)\b|\b(?:on|down\s+to)\s+us\b|"
                    r"\bwe\s+(?:failed|missed|got\s+it\s+wrong|let\s+(?:you|them|her|him)\s+down|should\s+have)\b|"
                    r"\b(?:mistake|error|fault|failure)\s+(?:on\s+our\s+(?:side|part|end)|by\s+us)\b|"
                    r"我们(?:这边|这方|自己)?的(?:责任|错|失误|过失|问题)|我方的?(?:责任|错|失误|问题)|(?:是|怪)我们(?:的|没|不)|责任在我们",
                    re.IGNORECASE)


def cued(flag: str, text: str) -> bool:
    text = matchable(text)
    if flag == "unauthorised_promise" and _NEVER.search(text):
        # a "never" empties its own clause only: "we will never ask you to pay" promises nothing, but "I've added a
        # 200-yuan voucher, and you won't get another call like this" still gives the voucher
        clauses = [u.text for u in units(text) if not u.sentence]
        return len(clauses) > 1 and any(not _NEVER.search(c) and CUES[flag].search(c) for c in clauses)
    if flag == "blame":
        if OWNED.search(text):
            return False        # "the filter changes we missed at your buildings... are our responsibility"
        if _FUTURE_HINDSIGHT.search(text) and not _OUR_RESOLVE.search(text):
            return True         # "it's best not to leave one charging where a little one can reach it in future"
        text = _INSTRUCTED.sub(" ", _NEGATED.sub(" ", text))
    return bool(CUES[flag].search(text))


# Hindsight advice put as the future, said without "you" ("it's best not to ... in future"), unless it is the company's
# own resolution ("we'll take extra care to avoid this in future").
_FUTURE_HINDSIGHT = re.compile(r"\b(?:in|for)\s+(?:the\s+)?future\b[^.!?]{0,80}\b(?:best|safer|wiser|careful|avoid)|"
                               r"\b(?:best|safer|wiser|careful|avoid)\b[^.!?]{0,80}\b(?:in|for)\s+(?:the\s+)?future\b", re.IGNORECASE)
_OUR_RESOLVE = re.compile(r"\b(?:we|i)(?:\s+will|'ll|\s+shall|\s+are\s+going\s+to|'re\s+going\s+to)\b", re.IGNORECASE)


# Safety instructions for now carry no cue of blame: "owners whose basket is flaking should stop using it".
_INSTRUCTED = re.compile(r"\b(?:stop|avoid|keep\s+from|refrain\s+from|cease)\s+(?:using|charging|plugging|clicking|"
                         r"answering|typing)\b|(?:停止|暂停|不要再|别再)(?:点击|接听)|"
                         # the product put aside ("以后也先不要再用了", "先别用", "别再用这个充电宝") is safety; "以后不要再点陌生链接",
                         # "您以后别用短信里的链接登录" are hindsight
                         r"(?:停止|暂停|不要再|别再)(?:使用|充电)|(?:(?:以后|今后)也?)?(?:先|暂时)(?:不要再?|别再?)用|"
                         r"(?:不要再?|别再?)用(?:这个|那个|它|这口|那口|这台|那台)", re.IGNORECASE)


def size(text: str) -> int:
    """How long a sentence or clause is, in words (Chinese: characters / 2)."""
    return max(len(re.findall(r"[A-Za-z0-9]+", text)), len(CJK_CHAR.findall(text)) // 2)


# Feelings read into the customer's experience ("that must have been unsettling", "想必您很着急").
FEELING_EN = (r"upsetting|frightening|alarming|unsettling|distressing|frustrating|worrying|stressful|scary|awful|"
               r"horrible|terrifying|annoying|exhausting|infuriating|disappointing|hard|difficult|tough|worrying|"
               r"nerve-?wracking|unnerving|shocking|traumatic|heartbreaking|"
               r"a\s+(?:shock|fright|worry|nightmare)")
EMPATHY = re.compile(rf"\b(?:must|can\s+only|will)\s+(?:have\s+been|be)\s+(?:(?:so|very|really|quite|truly|incredibly|"
                      rf"deeply|extremely|such)\s+)*(?:{FEELING_EN})\b|"
                      r"(?:一定|肯定|想必|想来|必定)[^，。！？,]{0,6}(?:吓|着急|担心|难受|委屈|生气|不安|心疼|焦虑|崩溃|烦|累|害怕|"
                      r"不好受|难过|气愤|心急|慌)", re.IGNORECASE)


# A guess stays a guess in the brief's own words: "the hub flooded, and your parcel has most likely been soaked".
HEDGE = re.compile(r"\b(?:probably|likely|may\s+have|might|maybe|perhaps|appears?|seems?|looks?\s+like|suspect\w*|"
                    r"i\s+think|we\s+think|guess|reckon|presumably|odds\s+are)\b|估计|八成|多半|大概|(?<![不没])可能|(?<!不)应该是|好像|似乎|"
                    rf"怀疑|猜|看样子|十有八九|恐怕|听说|据说|据传|\breportedly\b|{_FIRST_READING_EN}|基本(?:上)?(?:就)?出在|{_FIRST_READING_ZH}",
                    re.IGNORECASE)
