"""Conduct in a reply, judged by intent: blame, unauthorised promises, speculation, unsafe advice,
non-apologies, blaming a partner, and the tone that empties a reply (dismissive asides, hedged
commitments).

The plan's conduct rules (注意事项) forbid the same failures in every reply, whatever the scenario, so
they are recognised here once, in English and Chinese (Traditional is read as Simplified), by the
*shape* of what is said rather than by a scenario's word list: "you probably used it wrong", "typing
your card number into a link was a big mistake" and "您自己没看清楚规则" are all the customer being
blamed; "the next three months are on us" and "我们一定赔您三倍" are promises no handler may make; "it's
the overnight security patch that broke the login" states a cause nobody has established. A prompt's
own ``must_not`` lists still add to these (see :mod:`sim.drill.scoring`).

What a handler *may* promise is plan and scenario data, not a pattern: refunding what was wrongly
charged is always allowed; an amount or multiple is allowed when the inject or the crisis group's
decision (the prompt's question) names it, or when it is within the plan's goodwill limit
(``authority.goodwill_limit``). Negations are respected: "it's not your fault", "we won't guess at the
cause", "原因还在调查" are what the plan asks for, not failures.

    >>> {h.flag for h in find_conduct("You probably used it wrong, but we'll sort it out.")}
    {'blame'}
    >>> {h.flag for h in find_conduct("It is not your fault at all.")}
    set()
    >>> {h.flag for h in find_conduct("我们一定赔您三倍。")}
    {'unauthorised_promise'}
    >>> [h.text for h in find_conduct("Recorded, reference whatever. We'll call tomorrow, or the day after.")]
    ['whatever', 'tomorrow, or the day after']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sim.drill.text import quoted_aside, to_simplified

__all__ = ["TONE_FLAGS", "ConductHit", "amounts_in", "find_conduct"]

TONE_FLAGS = ("dismissive", "hedged")       # not plan flags: they cap a reply's points (see scoring)


@dataclass(frozen=True)
class ConductHit:
    flag: str           # a plan flag id, or one of TONE_FLAGS
    start: int
    end: int
    text: str


def _rx(*parts: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


# Each flag: what it looks like, and what cancels it when it comes just before ("not", "don't know"...).
_NUM = r"(?:\d+(?:[.,]\d+)?|[一二两三四五六七八九十百千万]+)"
_MONEY_EN = r"(?:¥|\$|rmb|cny|yuan|元|dollars?|pounds?|£|€)"

_PATTERNS: dict[str, re.Pattern] = {
    "blame": _rx(
        r"\byou\s+(?:probably|must\s+have|should(?:n't|\s+not)?\s+have|should've|didn't|did\s+not|failed\s+to|"
        r"forgot\s+to|never\s+(?:read|checked|followed)|ignored|obviously|clearly)\b(?!\s+(?:received|been|had|felt|got|found|thought|wondered))",
        r"\b(?:your|the\s+customer's)\s+(?:own\s+)?(?:fault|mistake|error|responsibility|carelessness|negligence)\b",
        r"\b(?:used|using|use|handled|charged|installed)\s+(?:it|them|the\s+\w+)\s+(?:wrong(?:ly)?|incorrectly|improperly|the\s+wrong\s+way)\b",
        r"\bif\s+you\s+had\s+(?:read|followed|checked|been|looked|used|listened)\b",
        # the counterfactual that puts the harm on the customer: "if you'd stopped charging it..., none of this
        # would have happened", "要是您当时…就不会…"
        r"\bif\s+(?:only\s+)?you(?:'d|\s+had)\s+[^.!?;]{0,100}?\b(?:(?:none\s+of\s+this|nothing)\s+would|(?:this|it)\s+(?:would(?:n't|\s+not|\s+never)|could(?:n't|\s+not)))\s+have\s+happened",
        r"(?:要是|如果|假如|早知道)(?:您|你)(?:当时|早点?|之前|那时)[^。！？；]{0,30}?(?:就不会|也不会|就没|就不至于)",
        r"\bif\s+(?:it\s+is|it's|they\s+are)\s+used\s+(?:properly|correctly)\b",
        r"\b(?:was|is|were)\s+(?:a\s+)?(?:really\s+|very\s+|big\s+|huge\s+|serious\s+)*(?:mistake|careless|unwise|silly|naive)\b",
        r"\buser\s+error\b|\bmisuse\b|\bnot\s+our\s+(?:fault|problem|responsibility)\b",
        r"\byou(?:'re|\s+are)\s+(?:to\s+blame|responsible\s+for\s+(?:this|the))\b",
        r"\b(?:people|customers)\s+(?:who|that)\s+(?:click|fall\s+for|type|give\s+out)\b",
        r"\bas\s+(?:you\s+)?(?:were|should\s+have\s+been)\s+(?:told|warned)\b",
        r"(?<!我们)(?<!我)您?自己(?:没|没有|不(?!用|必|需要)|摔|弄|操作|点|输|搞|造成|的问题|的原因|的责任|也有)",
        r"(?:是|属于)(?:您|你)(?:自己)?的(?:问题|责任|错|过错|原因|疏忽)",
        r"(?:您|你|老人家?|您父亲|您母亲|他|她)(?:当时)?(?:也|自己)?(?:没有?|未)(?:看清|注意|仔细|按照|阅读|保管好?|看说明|遵守|核对)",
        r"(?:您|你)(?:当时|本来|早就)?(?:不应该|不该|应该先|就该|早该)",
        r"(?:使用|操作|保管|充电方式)(?:不当|错误|不规范)|用错了?|操作失误",
        r"怪(?:您|你)|谁让(?:您|你)|(?:您|你)也有(?:责任|问题|错)|也有责任",
        r"情绪(?:也)?(?:很|非常|比较)?激动|自己摔的",
        r"(?:点|点击|打开)了?(?:那个|陌生|可疑)?(?:链接|短信)(?:是|就是|太|很|实在)?(?:不对|错|大意|不小心|轻信)",
        r"(?:太|很|实在)?(?:大意|粗心|轻信|不小心)了",
        r"\b(?:tip|note|reminder|advice)\s+for\s+(?:next\s+time|the\s+future)\b|\bnext\s+time,?\s+(?:please\s+|do\s+|just\s+)?(?:check|read|look|make\s+sure|be\s+careful|think|call|contact)\b",
        r"\b(?:only|always)\s+works?\s+on\s+(?:people|customers|those)\b|\b(?:people|customers|those)\s+who\s+(?:stay|click|fall|answer|believe|trust|give|read\s+out|don't\s+read)\b",
        r"\b(?:to\s+be\s+honest|honestly|frankly|in\s+fairness|let's\s+be\s+fair)\b[^.!?]{0,50}\b(?:you|your|a\s+power\s+bank|customers)\b[^.!?]{0,60}\b(?:shouldn't|should\s+not|should\s+have|mistake|careless|only|first\s+place|wrong|asking\s+for)",
        r"\bin\s+the\s+first\s+place\b|\bspread(?:s|ing)?\s+(?:panic|fear|rumou?rs)\b|\bonly\s+(?:makes?|made)\s+(?:it|things)\s+worse\b",
        # "it shouldn't have been charged overnight" (how it was used), not "the fee shouldn't have been charged"
        # (said of the thing: "you shouldn't have been left wondering" is done to a person)
        r"(?<!\byou\s)(?<!\bwe\s)(?<!\bi\s)(?<!\bthey\s)(?<!\bshe\s)(?<!\bhe\s)"
        r"\bshould(?:n't|\s+not)\s+(?:be|have\s+been)\s+(?:left|used|placed|kept|plugged|charged(?=\s+(?:overnight|"
        r"on\s+(?:a|the|your)\s+(?:bed|sofa|couch|pillow|carpet|table)|near|next\s+to|under|unattended|all\s+night|"
        r"for\s+hours)))\b",
        r"反省|本身就(?:不太|不|很不)?(?:妥当|对|合适|有问题|容易出事)|不太妥当|(?:您|你)也(?:得|要|应该)(?:反思|注意|检讨)",
        r"(?:下次|以后)(?:请|记得|注意|最好|可要)?(?:先|多|仔细)?(?:看|核对|检查|注意|留意|打客服)|建议(?:您|你)(?:下次|以后)",
        r"徒增恐慌|(?:别|不要)在网上(?:发|乱发|散布)|说实话[，,]?[^。！？；;]{0,6}(?:您|你)",
        # the counterfactual put as an inversion: "had you contacted us before paying, we could have removed the fee"
        r"(?:^|[.!?;:]\s*)had\s+you\b[^.!?;]{0,100}?\b(?:we|it|this|you|that)\s+(?:could|would|might)\s+have\b",
    ),
    "unauthorised_promise": _rx(
        r"\b(?:double|triple|twice|three\s+times|four\s+times|ten\s+times|2x|3x|10x)\b[^.!?;]{0,40}"
        r"\b(?:refund|money|compensat\w*|back|price|amount|what\s+you\s+paid|pay)",
        r"\b(?:refund|compensate|pay|repay|reimburse)\w*\s+(?:you\s+)?(?:back\s+)?(?:double|twice|triple|three\s+times|in\s+full\s+for\s+everything)\b",
        r"\bfree\s+(?:for|of\s+charge\s+for)\s+(?:the\s+)?(?:next\s+|whole\s+|coming\s+)?(?:\d+|a|one|two|three|four|five|six|twelve|several)\s+(?:months?|weeks?|years?)\b",
        r"\b(?:next|coming|following)\s+(?:\d+|one|two|three|four|five|six|twelve|few)\s+(?:months?|weeks?|years?)\b[^.!?]{0,20}\b(?:on\s+us|free|on\s+the\s+house|waived)\b",
        r"\bon\s+the\s+house\b|\b(?:months?|weeks?|years?|delivery|shipping|fees?|bills?|subscription|repairs?|it\s+all)\s+(?:are|is)\s+on\s+us\b",
        r"\bwaive\w*\s+(?:all\s+|your\s+|the\s+)?(?:fees?|charges?|bills?|subscription|payments?)\b",
        r"\b(?:we|i)\s+(?:will\s+|can\s+)?(?:guarantee|promise)\s+(?:you\s+)?(?:that\s+)?(?:a\s+|an\s+|the\s+|full\s+|complete\s+|every\s+)*(?:refund|compensation|replacement|payout|money)\b",
        r"\bguarantee\w*\s+(?:that\s+)?(?:this|it)\s+(?:will\s+)?(?:never|won't)\b",
        r"\b(?:full|complete|total)\s+compensation\b|\bcompensat\w*\s+(?:you\s+)?(?:fully|in\s+full)\b",
        r"\bcover\s+(?:all|every|any)\s+(?:of\s+)?(?:your\s+)?(?:losses|costs|damages?|expenses)\b",
        r"\b(?:be|get|been|is|are|was)\s+(?:fired|sacked|dismissed|let\s+go)\b|\b(?:fire|sack|dismiss)\s+(?:him|her|them|the\s+(?:staff|employee|agent|clerk|member))\b",
        r"\blose\s+(?:his|her|their)\s+jobs?\b",
        rf"\b(?:compensat\w*|pay\s+you|give\s+you|credit\s+(?:you|your\s+account)(?:\s+with)?|voucher|coupon|gift\s+card|"
        rf"goodwill\s+(?:payment|gesture\s+of))\b[^.!?;]{{0,25}}?(?P<amount>{_MONEY_EN}\s?\d[\d,]*|\d[\d,]*\s?{_MONEY_EN})",
        r"(?:双倍|三倍|两倍|十倍|加倍|翻倍|[二两三四五十]倍)(?:赔|补偿|退|返还|奉还)?",
        r"(?:赔|补偿|退)(?:您|你)?(?:\d+|[一二两三四五六七八九十]+)倍",
        r"(?:免单|免费|不收费|不收取?费用|全免)[^，。！？；]{0,4}(?:\d+|[一二两三四五六七八九十半]+)个?(?:月|年|季度)",
        r"(?:接下来|未来|之后|以后)的?(?:\d+|[一二两三四五六七八九十半]+)个?(?:月|年|季度)[^，。！？]{0,8}(?:免费|不收|全免|都免|我们出|我们包)",
        r"(?:保证|一定|肯定|绝对)(?:会|能)?(?:给您|给你|为您)?(?:赔|补偿|退还|全额|足额|双倍|满意为止)",
        r"全额赔偿|赔偿(?:您|你)?(?:的)?(?:所有|全部|一切)(?:损失)?|所有损失(?:都)?由我们",
        r"(?:开除|辞退|解雇|炒掉|炒了|(?:让|叫)(?:他|她|他们|这个人|那个人)(?:马上|立刻|明天|今天)?(?:就)?走人|卷铺盖)",
        # the outcome of a staff investigation promised: "这个店员公司肯定不会再用了"
        r"(?:店员|员工|职员|营业员|司机|快递员|这个人|此人)[^，。！？]{0,8}(?:肯定|一定|绝对|保证)?不会再(?:用|雇|录用|留)"
        r"(?=了|他|她|这个人|此人|在(?:这|我们|本|公司|门店|店)|[。！，,!]|$)",
        # a price concession: "bring our prices down by 6%", "10% off every order", "打八折", "降价"
        r"\b(?:bring|cut|lower|reduce|drop|knock)\s+(?:our|the|your)?\s*(?:prices?|rates?|fees?)\s+(?:down\s+)?(?:by|to)\b|"
        r"\b\d+(?:\.\d+)?\s*(?:%|per\s*cent|percent)\s+(?:off|discount|reduction|lower|cheaper)\b|"
        r"\b(?:take|knock)\s+(?:a\s+further\s+|another\s+)?\d+\s*(?:%|per\s*cent|percent)\s+off\b|\bmatch\s+(?:their|that|the\s+competitor's|any)\s+(?:price|offer)\b",
        r"(?:打|给您打|给你打)[一二三四五六七八九\d](?:\.\d)?折|(?:降价|让利|优惠|便宜)\d+(?:%|个点)|(?:价格|单价)(?:下调|降低|下降)\d*",
        r"(?:赔偿|补偿|赔)(?:您|你)?(?:(?P<zh_amount>\d+|[一二两三四五六七八九十百千万]+)(?:元|块|万))",
        r"(?:红包|代金券|优惠券|购物卡|礼品卡)[^，。！？]{0,6}?(?P<zh_amount2>\d+|[一二两三四五六七八九十百千万]+)(?:元|块)",
        r"\bfree\b[^.!?]{0,60}\bfor\s+(?:the\s+)?(?:next|coming|following|whole)\s+(?:\w+\s+)?(?:months?|weeks?|years?)\b",
        r"\b(?:receive|get|give\s+you|send\s+you|credit|add|put|transfer|pay)\b[^.!?;]{0,30}?(?P<amount3>\d[\d,]*[\s-]?(?:yuan|rmb|元|块|dollars?|pounds?))",
        r"(?P<amount4>\d[\d,]*[\s-]?(?:yuan|rmb|元|块|dollars?|pounds?))[\s-]+(?:\w+\s+)?(?:voucher|coupon|credit|gift\s+card|store\s+credit|e-?card|bonus)",
        r"\b(?:every(?:one|body)?|all)\s+(?:\w+\s+){0,3}?(?:who|customers?|owners?|members?|users?|affected)\b[^.!?]{0,50}\b(?:will\s+(?:get|receive|be\s+(?:refunded|compensated|given))|gets?\s+a)\b",
        r"\bpay\s+for\s+(?:a|the|your)\s+(?:new|replacement|damaged)\b|\b(?:full\s+refund|refund\s+in\s+full)\s+(?:plus|and\s+a\s+free)\b",
        r"(?P<zh_amount3>\d+)(?:元|块)[^，。！？]{0,6}(?:券|红包|积分|代金|优惠|购物卡)",
        r"(?:给您|给你|为您|往您)[^，。！？]{0,8}?(?P<zh_amount4>\d+)(?:块|元)",
        r"(?:凡是|所有|每位|每一位)[^，。！？]{0,12}(?:用户|客户|会员|顾客)[^。！？]{0,12}(?:都)?(?:会)?(?:全额退款|退款|赔|送|补偿|获得|领取)",
        # a free order, or a claim opened to everyone: "下一单我们全部免单", "anyone affected can claim a full refund"
        r"(?:全部|全|都|给您|给你|我们)免单|(?:下一单|这一单|本单|整单)[^，。！？]{0,4}免单",
        r"\b(?:anyone|everyone|everybody|all\s+(?:\w+\s+){0,2}(?:customers?|owners?|members?|users?))\s+(?:\w+\s+){0,3}?"
        r"(?:can|may|will\s+be\s+able\s+to|is\s+entitled\s+to|are\s+entitled\s+to)\s+(?:claim|get|receive|have|return)\b"
        r"[^.!?]{0,40}\b(?:refund|money\s+back|compensation|voucher|credit|free|replacement\s+fryer|new\s+one)\b",
        r"(?:我们)?全包|(?:再|另外|额外)送(?:您|你)?一?[个台张份](?P<amount_gift>\d+(?:\.\d+)?)?|(?:钱|费用|损失)(?:都)?(?:由)?我们(?:来)?(?:出|承担|负责|包)",
    ),
    "speculation": _rx(
        r"\b(?:it(?:'s|\s+is|\s+was)|this\s+(?:is|was)|that(?:'s|\s+is|\s+was))\s+(?:probably\s+|likely\s+|almost\s+certainly\s+|definitely\s+|clearly\s+|just\s+)?"
        r"(?:the|a|an|some|our|their)\s+(?:\w+[\s-]){0,3}?(?:patch|update|hack(?:er|ers)?|battery|batteries|cells?|charger|server|bug|virus|"
        r"insider|leak|courier|carrier|driver|supplier|factory|batch|upgrade|glitch|outage|attack)\b[^.!?]{0,30}",
        r"\b(?:the\s+)?(?:cause|reason|culprit|root\s+cause)\s+(?:is|was|seems\s+to\s+be)\s+(?!still|not|being|under|unknown|unclear)",
        r"\b(?:probably|likely|surely|must\s+be|my\s+guess\s+is|i\s+(?:think|bet|suspect|reckon)|i'm\s+sure)\b[^.!?]{0,25}"
        r"\b(?:caused|because|due\s+to|the\s+(?:battery|patch|update|hacker|courier|carrier|cells?|charger|server|bug|supplier|driver|insider))\b",
        r"\b(?:won't|will\s+not|cannot|can't|could\s+not|couldn't)\s+(?:explode|catch\s+fire|burn|overheat|happen\s+again)\b",
        r"\b(?:is|are)\s+(?:perfectly|completely|totally|100%)\s+safe\b|\bnothing\s+to\s+worry\s+about\b",
        r"\bno\s+(?:data|information|details|passwords?|card\s+numbers?)\s+(?:was|were|has\s+been|have\s+been)\s+(?:leaked|stolen|taken|exposed|compromised)\b",
        r"(?:估计|应该|肯定|一定|八成|多半|大概|可能|显然)是[^，。！？；]{0,14}(?:的问题|问题|导致|引起|造成|的原因|的错|搞的|故障|干的|泄露的|的锅)",
        # (not the question still open: "具体是什么原因造成的，要等检测后才能确定")
        r"(?:是|因为|由于|源于|归咎于)(?!什么|啥|哪|谁|怎么|何(?:种|故|时))[^，。！？；]{0,12}(?:导致|引起|造成)的",
        r"(?:电池|电芯|补丁|升级|更新|黑客|内鬼|内部员工|快递员|司机|服务器)(?:的)?(?:问题|故障|导致|引起|造成|干的|泄露)",
        r"不会(?:爆炸|起火|自燃|着火|再发生)(?!的(?:地方|位置|表面|地面|台面|容器|材料))|绝对安全|完全安全|没有(?:任何)?(?:数据|信息|资料|密码)(?:被)?(?:泄露|外泄|被盗)",
        r"\b(?:almost\s+certainly|most\s+likely|presumably|chances\s+are|i\s+(?:suspect|bet|reckon|guess)|we\s+suspect|my\s+guess\s+is|probably)\b"
        r"(?!\s+(?:receive|arrive|get|hear|be\s+(?:able|contacted|back)|call|take))[^.!?]{0,14}\b(?:someone|somebody|a|an|the|our|their|it\s+was|this\s+was|picked|caused|because|due|from|by|down\s+to)\b",
        r"\bwhat\s+happened\s+(?:is|was)\s+(?:that\s+)?(?!still|not|being|under)|\b(?:this|it)\s+(?:happened|occurred|went\s+wrong|broke|failed)\s+because\b"
        r"(?!\s+(?:of\s+)?(?:our|my|we|i)\b)",
        # a view or belief put forward as the cause or the risk before the facts are in: "our early view is that only
        # baskets made after February are affected", "the particles are harmless", "初步看是..."
        r"\b(?:our|my|the)\s+(?:early|initial|first|current|working)\s+(?:view|assessment|thinking|understanding|reading)\s+is\b|"
        r"\bwe\s+(?:believe|think|suspect)\s+(?:that\s+)?(?:the|a|an|this|it|only|one|our|their|some)\b|"
        r"\b(?:harmless|pass(?:es)?\s+through\s+the\s+body|without\s+(?:any\s+)?harm|no\s+(?:health\s+)?(?:risk|danger)\s+to)\b",
        r"(?:对人体|对健康)(?:完全)?无害|不会(?:对人体|对健康)造成|我们(?:认为|判断|相信|怀疑)(?:是|应该|可能)",
        r"\bno\s+(?:danger|risk|chance)\s+of\b|\b(?:only|just)\s+gets?\s+(?:a\s+(?:bit|little)\s+)?(?:warm|hot)\b|\bperfectly\s+normal\b",
        r"初步(?:判断|认定|分析|确定)|据(?:判断|分析)|(?:估计|八成|多半|大概率|十有八九|肯定|我猜|我看|应该就)是|我(?:猜|估计|感觉|觉得)(?:是|应该|大概)",
        r"(?:绝对|肯定|不可能)(?:炸|爆|起火|着火)|炸不了|爆不了|顶多(?:烫|热)",
    ),
    "unsafe_advice": _rx(
        r"\b(?:keep|carry\s+on|continue\s+(?:to\s+)?)\s*(?:using|charging|use|charge)\s+it\b",
        r"\b(?:it'?s|it\s+is)\s+(?:fine|ok|okay|safe)\s+to\s+(?:keep\s+)?(?:use|charge|plug)\b",
        r"\b(?:tell|give|send|read)\s+(?:me|us)\s+(?:the|your)\s+(?:\w+\s+)?(?:code|password|pin|otp|verification)\b",
        r"\b(?:turn|switch)\s+off\s+(?:the\s+)?(?:two-factor|2fa|security|verification)\b",
        r"继续(?:使用|充电|用)|可以(?:继续|照常)(?:使用|充电|用)|没(?:什么)?关系.{0,4}(?:用|充电)",
        r"(?:把|将)?(?:验证码|密码|动态码|卡号)(?:告诉|发给|报给|念给)(?:我|我们)|告诉我(?:您的|你的)?(?:验证码|密码)",
        r"关闭(?:安全|双重|二次)?(?:验证|保护)",
    ),
    "non_apology": _rx(
        r"\bsorry\s+if\s+(?:you|this|that|it)\b|\bsorry\s+(?:that\s+)?you\s+feel\b|\bregret\s+that\s+you\s+feel\b",
        r"\b(?:any|the)\s+inconvenience\s+(?:this|that|it)?\s*(?:may|might)\s+have\s+caused\b",
        r"\b(?:as\s+per|according\s+to|in\s+line\s+with)\s+(?:our|the|company)\s+polic(?:y|ies)\b",
        # the plan's "mistakes were made": a fault with no one at fault; and the fault excused as normal
        # ("a mistake was made by our team" owns it)
        r"\b(?:(?:(?:some|a\s+few)\s+)?(?:mistakes|errors)\s+(?:were|have\s+been)|an?\s+(?:mistake|error)\s+(?:was|has\s+been))"
        # ("...made by one of our staff", "..., and they were ours" own it)
        r"\s+made\b(?!\s+(?:by|on|at)\s+(?:us|our|me|my|the\s+company|one\s+of\s+(?:our|us)|a\s+member\s+of\s+(?:our|my))\b)"
        r"(?![^.!?]{0,60}\b(?:ours|our\s+(?:fault|mistake|error|responsibility)|on\s+us)\b)|"
        # the company's fault excused as normal, not the customer consoled ("don't blame yourself, these things happen
        # to the best of us", "您别自责，谁都会犯错": hers, not ours)
        r"\b(?:mistakes|errors|these\s+things|things\s+like\s+this)\s+(?:can\s+|do\s+|will\s+)?happen\s+"
        r"(?:sometimes|from\s+time\s+to\s+time|in\s+(?:retail|business|this\s+line)|all\s+the\s+time)\b|"
        r"\bthese\s+things\s+happen\b(?!\s+to\s+(?:the\s+best|anyone|everyone|all\s+of\s+us))",
        r"(?:失误|差错|疏漏|错误|问题)(?:也)?在所难免|难免(?:会)?(?:有|出现|发生|出)(?:些|一些|点)?(?:失误|差错|疏漏|错误|问题)",
        # hiding behind the rules ("按照规定，我们不能..."), not acting by them ("按照规定在时限内向监管部门报告")
        # ("如果您觉得不踏实，也可以直接取消" offers a choice; "如果您感到不满，我们表示歉意" makes the apology conditional)
        r"如果给您带来|如果(?:让您觉得|您觉得|您感到)(?=[^。！？]{0,24}(?:抱歉|歉意|对不起|不好意思|见谅|不便|不满(?!意)|冒犯))|如有不便|"
        r"可能(?:给您)?带来的不便|"
        r"(?:按照|根据)(?:公司)?规定(?=[，,]|(?:我们|我)?(?:不|无法|只能|没法|没办法))",
    ),
    "blame_third_party": _rx(
        r"\b(?:the\s+)?(?:courier|carrier|delivery\s+company|supplier|partner|bank|manufacturer|factory|"
        r"third[\s-]party|contractor)(?:'s)?\s+(?:\w+\s+){0,3}(?:fault|to\s+blame|messed\s+up|screwed\s+up|"
        r"responsibility|problem|mistake|error)\b",
        r"\bblame\s+(?:lies\s+with\s+)?(?:the\s+)?(?:courier|carrier|supplier|partner|bank|factory)\b",
        r"\bnot\s+(?:our|us)\b[^.!?]{0,15}\b(?:courier|carrier|supplier|partner|bank)\b",
        r"\b(?:the\s+)?(?:courier|carrier|delivery\s+company|supplier|manufacturer|factory|contractor)\s+(?:is|was|are|were)\s+"
        r"(?:responsible|to\s+blame|at\s+fault|liable)\b",
        r"(?:快递|物流公司|承运商|供应商|合作方|银行|厂家|工厂)(?:那边)?的(?:问题|责任|错|失误)|"
        r"(?:怪|都怪|要怪)(?:快递|物流|承运商|供应商|银行)|不是我们的(?:问题|责任|错)|"
        # disowning it: "这个不算我们平台的问题", "跟我们关系也不大", "is down to our delivery partner and the weather"
        r"不(?:算|属于)我们(?:平台|公司|这边)?的(?:问题|责任|错)|(?:跟|和|与)我们(?:的)?关系(?:也)?不大|(?:跟|和|与)我们没(?:有|什么)?关系",
        r"\b(?:is|was)\s+down\s+to\s+(?:our|the)\s+(?:delivery\s+)?(?:partner|courier|carrier|supplier|bank|weather)\b",
    ),
    "dismissive": _rx(
        # "whatever" as a shrug ("reference whatever.", "Whatever, next caller", "or whatever"), not as a word of
        # the sentence ("whatever happened, it's ours to fix", "don't give anyone a code, whatever they say")
        r"\bwhatever(?=\s*(?:[.!?,…;:]|$))|\bor\s+whatever\b|\bwhatever\s+you\s+say\b|\bnext\s+caller\b|\bnext!|\bdeal\s+with\s+it\b|\bcalm\s+down\b|\bnot\s+my\s+problem\b",
        r"\btake\s+it\s+or\s+leave\s+it\b|\bif\s+you\s+(?:must|insist)\b|\bhappy\s+now\b|\byou\s+people\b",
        r"\bblah\b|\betc\.?\s*,?\s*etc\b|\byeah\s+yeah\b|\bfine\s*[.!]\s*$|\bcan\s+we\s+move\s+on\b|\bas\s+i\s+(?:said|already\s+said)\b",
        r"\bor\s+not\b|\bwho\s+knows\b|\bi\s+guess\b|\bif\s+that\s+makes\s+you\s+happy\b|\banything\s+else\?\s*$",
        # "随便吧", "随便您": a shrug; "我不想随便猜" (I won't guess at random) is care, not one
        r"行了吧|(?<![不别没])随便(?:吧|你|您|啦|[。！!]|$)|爱信不信|还有(?:别的)?事吗|下一位|就这样吧|别闹了|(?:您|你)看着办|懂了吧|有完没完|"
        r"差不多得了|反正|得了吧|够了吧|烦不烦|别催了|等着吧|知道了知道了|凑合",
        # "Next." said to the queue, not "what happens next."
        r"\bso\s+relax\b|\bthe\s+usual\b|\bdoesn't\s+matter\s+to\s+me\b|\bpick\s+one\b|(?:^|(?<=[.!?] ))next[.!]\s*$|"
        r"\bif\s+you\s+like\b\s*[.!]?\s*$",
        # a shrug ("I don't know.", "I don't know, maybe next week"), not the honest "I don't know that yet"
        r"\bit'?ll\s+be\s+in\s+the\s+system\s+somewhere\b|\bsomething\s+like\s+that\b|\bor\s+something\b|"
        r"\bi\s+(?:don't|do\s+not)\s+know\s*(?:[.!…]|$|,\s*(?:maybe|honestly|really|whatever|ask|to\s+be\s+honest|perhaps))",
        r"行了行了|爱咋咋地|看(?:我|我们|他|他们|仓库|系统|领导|师傅)?的?心情|爱(?P<either>\w)不(?P=either)|(?:^|(?<=[。！？，\s]))行吧(?![？?])|又来一个|急也没用|这还用说|说烂了|管不着|谁知道呢|看运气|另说|都一样|好好好|"
        r"总会有人|看人手|我这边电话多着呢|没事我接下一个|"
        # talking down: "催也没用", "这都是常识了", "又不是只有您", "说了八百遍了", "再问也没有", "别太激动嘛"
        r"(?:催|吵|闹)(?:了)?(?:我|我们)?也没(?:有)?用|这(?:都)?是(?:基本)?常识|又不是只有(?:您|你)|又不是(?:您|你)(?:一家|一个人)|"
        r"(?:说|讲|提醒)(?:了|过)(?:八百|一百|无数)(?:遍|次)|别(?:太)?激动(?:嘛|了)",
        # selling in the middle of a complaint: "while I have you, would you like to hear about our warranty plan?"
        r"\bwhile\s+you\s+wait,?\s+did\s+you\s+know\b|\bwould\s+you\s+(?:like\s+to\s+hear|be\s+interested\s+in)\s+(?:about\s+)?our\b|"
        r"\bon\s+promotion\b|顺便(?:给您)?推荐|趁(?:这个|此)机会(?:给您)?推荐",
        # a template sent unfilled: "At [Company Name], ...", "尊敬的【客户姓名】"
        r"\[(?:company|customer|client|your|insert|name|date|product|agent)[^\]]{0,25}\]|【(?:公司|客户|姓名|日期|产品|坐席)[^】]{0,6}】",
    ),
    "hedged": _rx(
        r"\b(?:today|tonight|tomorrow|this\s+week|monday|friday)\s*,?\s+or\s+(?:the\s+day\s+after|next\s+week|whenever|"
        r"so|maybe|possibly|later|the\s+week\s+after)\b",
        r"\bor\s+(?:whenever|sometime|some\s+time|thereabouts|so)\b|\bat\s+some\s+(?:point|stage)\b|\bsometime\b|\beventually\b",
        r"\bmaybe\s+\w+(?:\s+\w+)?,\s*maybe\b|\bor\s+(?:the\s+day\s+after|next\s+week|next\s+month)\b",
        r"(?:今天|明天|后天)[、，,](?:明天|后天)|也可能(?:明天|后天|下周|下个月|过几天)|或者(?:下个月|下周|后天)|几个工作日吧",
        r"\bno\s+promises\b|\bif\s+we\s+(?:get\s+round|get\s+around|have\s+time)\b|\bsomeone\s+(?:will\s+)?(?:probably|maybe|might)\b",
        r"\b(?:maybe|perhaps)\s+(?:someone|we|they|i)\s+(?:will|can|could|'ll)\b",
        r"(?:明天|今天|今晚|本周)(?:或者|或|要么)(?:后天|明天|下周|过几天)|改天|有空(?:再|了)|到时候再说|(?<!还)说不准|"
        r"看情况吧?|不一定|可能会吧|尽量吧|过几天吧|等通知吧|回头再说|什么时候(?:有|处理)?(?:结果)?(?:不好说|说不好)|"
        # a fallback that empties the first promise ("尽量今天吧，不行就明天，再不行再说"), a time nobody can hold
        # the handler to ("我们会在规定时间内联系您", "within the stipulated timeframe")
        r"不行(?:的话)?就再说|再不行(?:就|再)?(?:再说|等等|另说)|(?:在|于)?规定(?:的)?(?:时间|时限|期限)内|"
        r"\bwithin\s+the\s+(?:required|specified|stipulated|prescribed|set|standard)\s+(?:time|timeframe|period)\b",
        # a time stretched until it means nothing: "within a few working days, or possibly a few weeks, depending on
        # how busy finance is", "1到3个工作日，或者更久"
        r"\bor\s+(?:possibly|maybe|perhaps|even)\s+(?:a\s+few|several|a|one|two|three|\d+)\s+(?:more\s+)?(?:weeks|months)\b|"
        r"(?:或者|或)更久|或者更长(?:时间)?|要看[^。！？]{0,8}(?:排到什么时候|忙不忙|多忙|心情)",
    ),
}

# A hit is cancelled when one of these comes before it in its clause (see each rule for how far it reaches).
_NEGATION_BEFORE = _rx(
    # a negation a few words before, never across "but" / "and" / "so" / a new subject: "I can't guarantee a refund",
    # not "It's not ideal but you should have read the manual" nor "Don't worry, we'll pay you triple"
    r"(?:\b(?:not|never|no|nobody|none|nothing|cannot|unable\s+to|rather\s+than|rather\s+not|without|yet\s+to|"
    r"none\s+of\s+(?:this|it)(?:\s+is)?)|\w+n['’]t(?!\s+worry))\s*(?:(?!(?:but|and|so|we|we'll|you|i)\b)[\w'’]+\s+){0,3}$",
    r"(?:不是|并非|绝非|不怪|不能|不会|不要|没有|无需|不必|不应|不猜测|不会去|尚未|还未|还没|没法|没办法|无法|不用|别再?)"
    r"(?:百分之百|百分百)?[^，。！？]{0,3}$|[不没别]$",
    r"\b(?:nobody|no\s+one|no-one)\b(?:(?!\b(?:so|but|and)\b)[^.!?,;]){0,50}$",
    # a negation governs both halves of "don't click the link again or reply to the text"
    r"(?:\b(?:not|never|no)\b|\w+n['’]t)[^.!?;,]{0,60},?\s+(?:or|nor)\s+(?:[\w'’]+\s+){0,3}$",
    # whom a scammer pretends to be: "whoever they say they are, a courier, a bank or us", "有人冒充快递员、银行"
    r"\b(?:pretend(?:s|ing)?\s+to\s+be|posing\s+as|claim(?:s|ing)?\s+to\s+be|whoever\s+they\s+say)\b[^.!?]{0,40}$|"
    r"(?:冒充|假冒|假装是|自称是?)[^。！？]{0,12}$",
    # a question put, not an answer given, in the same clause: "whether it is the battery", "是不是电池的问题"
    r"\bwhether\b[^.!?,;]{0,40}$|(?:是不|是否|有没有|会不会)$",
    # the customer's own worry or words reported, in the same clause: "you're worried your account has been hacked",
    # "您说要我们赔偿您" (not "I'm afraid you should have...", not "您提出的问题我们一定赔您三倍")
    r"\b(?:worried|concerned|fear(?:ing|s)?|wonder(?:ing)?|asked\s+(?:for|about|whether|if)|you\s+(?:said|mentioned|"
    r"asked|want(?:ed)?)|you(?:'d|\s+would|\s+might)?\s+worry)\b(?:(?!\b(?:but|and|so|we|we'll|i)\b)[^.!?,;—-]){0,40}$|"
    r"(?:您说要|您要求|您希望|您想要|您提出要)[^，。！？]{0,12}$|(?:担心|害怕|(?<!恐)怕|您说|您提到|您问)(?:(?!我们|我)[^，。！？]){0,12}$",
    # a refusal to assert what follows, its object: "I won't tell you it won't explode", "我不能跟您说'不可能是我们'"
    r"\b(?:won't|will\s+not|can't|cannot|can\s+not|not\s+going\s+to|don't\s+want\s+to|refuse\s+to|wouldn't|"
    r"shouldn't|mustn't|never)\s+(?:\w+\s+)?(?:tell|say|claim|promise|guarantee|pretend|speculate|guess|comment|"
    r"confirm|state|suggest|assume|offer|make\s+(?:any\s+)?(?:promises?|commitments?|guarantees?))\b[^.!?,;]{0,40}$",
    r"(?:不会|不能|不想|不敢|没法|无法|不便|不该|不应该|不可以|不愿)(?:随便|轻易|贸然|百分之百|百分百|完全|绝对)?(?:跟您|向您|对您|给您|和您)?"
    r"(?:说|讲|承诺|保证|猜|断定|下结论|确认|表态|答应)[^。！？，；]{0,20}$",
)
# An indirect question after the words ("是由于什么原因，现在还不清楚", "caused by what"): asked, not answered.
_ASKED_AFTER = _rx(r"^\s*(?:what|which)\b", r"^\s*(?:什么|哪|何种|怎样|怎么)")
# What the customer was charged, not what she is promised: "这个月被扣了双倍月费".
_CHARGED_BEFORE = _rx(r"\b(?:charged|billed|took|deducted)\s+(?:you\s+)?$", r"(?:扣|收|收取|扣除|扣了您|收了您)了?$")
# A feeling or harm just before a phrase of cause ("the worry caused by reports", "带来的不便由…"): what the
# reply says was caused is the customer's experience, which is no guess at why the product failed.
_IMPACT_BEFORE = re.compile(r"\b(?:worry|worries|concerns?|distress|stress|inconvenience|upset|anxiety|alarm|confusion|"
                            r"disruption|trouble|frustration|disappointment|fears?|hassle)\s+$|"
                            r"(?:担忧|担心|不便|困扰|麻烦|不安|焦虑|恐慌|烦恼)$", re.IGNORECASE)
# ... when what follows names no cause of the fault, only the news of it ("caused by reports", "by this news")
_NO_CAUSE_AFTER = re.compile(r"^\s*(?:the\s+|these\s+|recent\s+|media\s+|online\s+|news\s+)*(?:reports?|news|coverage|"
                             r"posts?|videos?|stories|articles|this|these|it|what\s+happened|the\s+situation|the\s+incident)\b|"
                             r"^\s*(?:报道|新闻|网上|视频|此事|这件事|这次事件)", re.IGNORECASE)


# Said after a hit, in the same sentence, these take it back: a refutation ("这个说法是错的", "which is not true"),
# for any failure; the company owning it ("这个责任在我们"), for blame.
_REFUTED_AFTER = _rx(
    r"^[^.!?]{0,40}\b(?:that's|that\s+is|that\s+was|which\s+is|which\s+was)\s+(?:simply\s+)?(?:wrong|not\s+true|untrue|false)\b",
    r"^[^。！？]{0,12}(?:这个说法|这种说法|这话|这)(?:是|就是)?(?:错的|不对|不成立|不是事实)",
)
_OWNED_AFTER = _rx(
    r"^[^.!?]{0,40}\b(?:(?:is|was)\s+our\s+(?:fault|responsibility|mistake)|(?:is|was)\s+on\s+us)\b",
    # said of the fault just named: "that was a mistake on our side", "a mistake by us"
    r"^\s*(?:on\s+our\s+(?:side|part|end)|by\s+us|of\s+ours)\b",
    r"^[^。！？]{0,30}(?:责任在我们|是我们的责任|错在我们|(?<![还却倒])怪我们|是我们的错)",
)
_NEGATION_AFTER = {
    # what follows shows it is no hindsight: "you should have it back in 3 days", "you must have been terrified",
    # "you didn't need to do anything", "you shouldn't have to sort this out", "您自己和孩子都没受伤吧"
    "blame": _rx(r"^\s*(?:it|them|this|that|a|an|one|your|received|got|heard|been\s+(?:so\s+|very\s+|really\s+)?"
                 r"(?:terrified|frightened|scared|worried|upset|shocked|alarmed|shaken|told|contacted|sent|refunded))\b|"
                 # done to her: "you shouldn't have been left wondering", "...been charged twice" ("been so careless",
                 # "been using it overnight", "been better prepared" are still hers)
                 r"^\s*been\s+(?!(?:prepared|organi[sz]ed)\b)(?:[a-z]+ed|left|kept|made|put|given|shown|taken|caught|hung|cut|"
                 r"spoken|forgotten|brought|let\s+down|sold)\b|"
                 r"^\s*been\s*(?:[,.;!?]|and\b|$)|"      # "how scared you must have been, and how angry"
                 r"^\s*(?:need|have|had)\s+to\b|^\s*to\b|^\s*(?:do|did)\s+(?:anything|a\s+(?:single\s+)?thing|nothing)\s+wrong\b|"
                 r"^\s*make\s+(?:a|any)\s+mistake\b",
                 r"^[^，。！？]{0,8}(?:没受伤|没事|还好吗|不用|不必|无需)"),
    # an offer turned down after it is named: "免三个月宽带费不在批准的范围内，这个我没办法替您办", "a double refund
    # isn't something I can offer"
    "unauthorised_promise": _rx(
        r"^[^.!?]{0,60}\b(?:isn't|is\s+not|aren't|are\s+not)\s+(?:something|anything)\s+(?:i|we)\s+(?:can|could|am|are)|"
        r"^[^.!?]{0,60}\b(?:i|we)\s+(?:can't|cannot|can\s+not|am\s+not\s+able\s+to|are\s+not\s+able\s+to|won't\s+be\s+able\s+to)\s+"
        r"(?:offer|promise|agree|approve|do|give|arrange)\b|^[^.!?]{0,60}\bnot\s+(?:something\s+)?(?:approved|authori[sz]ed|"
        r"on\s+the\s+table|within\s+(?:my|our)\s+(?:authority|remit))",
        r"^[^。！？，]{0,30}(?:做不了|做不到|办不了|办不到|没办法|没法|不能|无法|谈不上|不在[^。！？]{0,12}范围|不想随便承诺|"
        r"批不了|答应不了|不属于)|^[^。！？]{0,30}?[，,][^。！？]{0,20}?(?:做不了|做不到|办不了|没办法|没法|没有批准|未获?批准|"
        r"不能(?:随口|随便|轻易)?答应|不在[^。！？，]{0,12}范围|批不了|答应不了)"),
    "speculation": _rx(r"^[^.!?。！？]{0,40}(?:(?:\bnot|n't)\s+(?:yet\s+)?(?:been\s+)?(?:confirmed|known|established|sure|"
                       r"verified)|we\s+don't\s+know|under\s+investigation|still\s+(?:checking|investigating)|"
                       r"(?:will\s+not|won't|not\s+going\s+to)\s+(?:speculate|guess))",
                       r"^[^。！？]{0,15}(?:还|仍|正)(?:在|需)(?:调查|核实|排查|确认)|^[^。！？]{0,20}(?:尚未(?:查明|确认)|有待(?:调查|核实))|"
                       r"^[^。！？]{0,20}(?:还?没(?:有)?(?:确认|证实|查明|定论|结论)|不下结论|不(?:会|想)?(?:乱|随便)?猜|还不清楚)"),
}
_CANCELLERS = {
    "blame": _rx(r"not\s+(?:your|the\s+customer's)\s+fault", r"(?:不是|不怪|并非)(?:您|你)"),
    # a place that cannot burn is safety advice, not an all-clear: "keep it on a surface that can't burn"
    "speculation": _rx(r"\b(?:surface|place|spot|somewhere|container|tin|box|tray|mat|floor|bag|dish)s?\s+(?:that|which)\s+"
                       r"(?:won't|will\s+not|cannot|can't)\s+(?:burn|catch\s+fire)$"),
    # an offer left to the customer ("I can cancel the order and refund you if you like."), not a shrug ("Refund, if
    # you like.")
    "dismissive": _rx(r"\b(?:i|we)\s+(?:can|could)\b[^.!?]*\bif\s+you\s+like\b[\s.!]*$|"
                      r"\b(?:happy|glad)\s+to\b[^.!?]*\bif\s+you\s+like\b[\s.!]*$"),
}

_SENTENCE_END = re.compile(r"[.!?。！？；;\n]")


@lru_cache(maxsize=4096)
def find_conduct(reply: str, authorised: str = "", goodwill_limit: float = 0.0) -> tuple[ConductHit, ...]:
    """Every conduct failure (and tone problem) in ``reply``, as spans of the reply as written.

    ``authorised`` is the text that says what the handler may offer (the inject and the crisis group's
    decision): a promise it already contains, or an amount it names, is not unauthorised; nor is an
    amount within ``goodwill_limit``."""
    allowed = amounts_in(to_simplified(authorised)) if authorised else set()
    authorised_norm = to_simplified(authorised).lower()
    text = matchable(reply)
    hits: list[ConductHit] = []
    for flag, rx in _PATTERNS.items():
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            start = _sentence_start(text, m.start())
            if _negated(text, start, m.start(), m.end(), flag):
                continue
            if flag in _CANCELLERS and _CANCELLERS[flag].search(text[start:m.end()]):
                continue
            if flag == "unauthorised_promise" and _authorised(m, allowed, authorised_norm, goodwill_limit):
                continue
            hits.append(ConductHit(flag, m.start(), m.end(), reply[m.start():m.end()].strip()))
    return tuple(sorted(hits, key=lambda h: h.start))


# Curly apostrophes and single quotes read as straight ones ("don’t", ‘send me the code’), one for one.
_STRAIGHT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201b": "'", "\u02bc": "'", "\uff07": "'"})


def matchable(text: str) -> str:
    """The text the conduct patterns read: Simplified Chinese, straight apostrophes; as long as ``text``
    (to_simplified keeps the length), so positions are the reply's own."""
    return to_simplified(text).translate(_STRAIGHT)


def negated_at(text: str, start: int, end: int, flag: str) -> bool:
    """Whether the words of its sentence around ``text[start:end]`` negate or turn down what it says ("please
    don't click the link again", "我不能跟您说'不可能是我们'", "三个月免费这个我没办法做"): the same guard the plan's
    patterns have, for a prompt's own phrases."""
    text = matchable(text)
    return _negated(text, _sentence_start(text, start), start, end, flag)


def _negated(text: str, sentence_start: int, start: int, end: int, flag: str) -> bool:
    before = text[sentence_start:start]
    if flag in TONE_FLAGS:
        return bool(_NEGATION_BEFORE.search(before)) or (_quoted(before) and _said_around(text, sentence_start, end))
    if _NEGATION_BEFORE.search(before) or _quoted(before) or _REFUTED_AFTER.search(text[end:]) \
            or _ASKED_AFTER.search(text[end:]):
        return True
    if flag == "unauthorised_promise" and _CHARGED_BEFORE.search(before):
        return True
    if flag == "speculation" and _IMPACT_BEFORE.search(before) and _NO_CAUSE_AFTER.search(text[end:]):
        return True             # "the worry caused by reports": the harm's cause, not the fault's
    if flag.startswith("blame") and _OWNED_AFTER.search(text[end:]):
        return True
    after = _NEGATION_AFTER.get(flag)
    if flag == "blame" and not _OPEN_ENDED.search(text[start:end]):
        return False            # "you ignored a clear warning": nothing after it can make it no blame
    return after is not None and bool(after.search(text[end:]))


# Blame words whose sense the next words decide: "you should have | it back", "you didn't | need to", "您自己 | 和孩子".
_OPEN_ENDED = re.compile(r"(?:should(?:n't)?|must|would|could)\s+have$|(?:didn't|did\s+not)$|自己$", re.IGNORECASE)


def _said_around(text: str, sentence_start: int, end: int) -> bool:
    """Whether the sentence holding a quotation says enough of its own outside the quotation marks ("I'm sorry our
    agent told you “whatever”") for the quoted words to be someone else's; “Whatever, next caller.” alone is the
    writer's own (:func:`sim.drill.text.quoted_aside`, the tone classifier's rule too)."""
    stop = _SENTENCE_END.search(text, end)
    return quoted_aside(text[sentence_start:stop.end() if stop else len(text)]) is not None


def _quoted(before: str) -> bool:
    """Whether a hit stands inside quotation marks opened before it in its sentence: words mentioned ("if anyone
    texts you 'send me the code', that's a scam", 我不能跟您说"不可能是我们"), not said."""
    if before.count("“") > before.count("”") or before.count("「") > before.count("」") \
            or before.count("『") > before.count("』"):
        return True
    if before.count('"') % 2 == 1:
        return True
    return bool(re.search(r"(?:^|[\s:：(（])'[^']*$", before))


def _authorised(m: re.Match, allowed: set[str], authorised: str, goodwill_limit: float) -> bool:
    if m.group().lower().strip() in authorised:
        return True
    amount = next((v for g, v in m.groupdict().items() if v and ("amount" in g)), None)
    if amount is None:
        return False
    number = re.sub(r"[^\d.]", "", amount)
    if number in allowed or re.sub(r"[\d.,\s]", "", amount) and amount in allowed:
        return True
    try:
        return float(number) <= goodwill_limit
    except ValueError:
        return amount.strip() in allowed


def _sentence_start(text: str, pos: int) -> int:
    last = -1
    for m in _SENTENCE_END.finditer(text, 0, pos):
        last = m.end()
    return max(last, 0)


def amounts_in(text: str) -> set[str]:
    """Numbers named in a text (digits and Chinese numerals), for what a promise may repeat.

    >>> sorted(amounts_in("Refund the 15-yuan charge and ¥1,200; 赔偿三倍"))
    ['1200', '15', '三']
    """
    out = {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}
    out |= set(re.findall(r"[一二两三四五六七八九十百千万]+(?=倍|元|块|个月|万)", text))
    return out
