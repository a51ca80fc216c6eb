"""The plan's fixed vocabulary: every id the kit implements, in one place.

A plan file names and describes these ids (their labels, targets and rules are data), but it cannot add
new ones: the simulator, the staffing analytics and the drill engine implement exactly this set. Each
vocabulary is written once, as a ``Literal`` type for the models and a tuple of its ids (in the plan's
order) for code; the tuple is derived from the type, so the two cannot drift apart.

The vocabularies, in the plan's words:

- ``STEP_IDS``: the eight handling steps every complaint walks (应急预案步骤), in order: receive and
  record, emergency handling, investigate, decide a solution, implement, follow up and feed back,
  rectify and prevent, evaluate and summarise.
- ``SEVERITY_IDS``: the severity grades (危机事件的评估与分级), least to most severe. Minor is handled by
  frontline, moderate by a specialist with departments consulted, major by the crisis group at once.
- ``REQUIRED_ROLES``: the roles every plan must define (frontline receives every complaint, the
  specialist resolves what is routed to them, the crisis group decides emergencies); departments are
  the plan's own.
- ``TRIGGER_KINDS``: the plan activation conditions (预案的启动条件), any one of which launches the plan:
  a sudden surge in complaints, a service outage, media or public-opinion attention, anything else.
- ``ACTION_KINDS``: the activation levers, each with a mobilisation delay: call in reserve staff,
  extend hours, publish a proactive notice, open self-service answers, crisis group takes command.
- ``FLAG_IDS``: conduct failures a reply can be flagged with (注意事项 broken): disclosing customer data,
  promising what one is not authorised to, blaming the customer or a third party, unsafe advice, an
  apology that is not one, speculating about causes.
- ``RATING_IDS``: the HSEEP ratings of a trainee on a plan step: Performed without challenges, Some
  challenges, Major challenges, Unable to perform.
- ``WEEKDAYS``: the days a shift is worked, Monday first (as ``datetime.weekday()`` counts).
- ``PROMPT_KINDS``: the questions a drill inject can ask: pick one option, pick several, yes or no, a
  number, put options in order, or write a free-text reply to the customer.
- ``INJECT_CHANNELS``: where a drill inject can come from besides the plan's own complaint channels: an
  internal alert, a meeting, a phone call from a colleague.
- ``ATTACHMENT_KINDS``: what an inject can carry (a social post, a photo, a news article...).
- ``DIFFICULTIES``: how hard a drill is, as shown in the scenario picker.
- ``EXAMPLE_GRADES``: the grades of example replies written for trainers.
- ``ACTIVITIES``: the timed pieces of work in the centre (intake, resolving, consulting, reviewing,
  following up), each with a service-time distribution per team.
- ``DISTRIBUTION_KINDS``: the shapes a service time or a customer's patience may take.
- ``LANGUAGES``: the languages scenario text is written in: English and Simplified Chinese (the kit's one
  list, :data:`sim.i18n.LANGUAGES`, named here with the other ids).
- ``ATTENTION_LEVELS``: the weight of each public post about an incident, by how far it spreads; the
  plan's public-attention trigger sums these weights.

>>> SEVERITY_IDS
('minor', 'moderate', 'major')
>>> len(STEP_IDS), STEP_IDS[0], STEP_IDS[-1]
(8, 'receive_and_record', 'evaluate_and_summarise')
>>> "crisis_command" in ACTION_KINDS
True
>>> ATTENTION_LEVELS["viral"] / ATTENTION_LEVELS["low"]
30.0
"""
from __future__ import annotations

from typing import Literal, get_args

from sim.i18n import LANGUAGES  # the kit's languages are i18n's: one list

StepId = Literal["receive_and_record", "emergency_handling", "investigate", "decide_solution", "implement",
                 "follow_up_and_feedback", "rectify_and_prevent", "evaluate_and_summarise"]
SeverityId = Literal["minor", "moderate", "major"]
TriggerKind = Literal["surge", "outage", "public_attention", "other"]
ActionKind = Literal["reserve_call_in", "extended_hours", "proactive_notice", "self_service", "crisis_command"]
FlagId = Literal["privacy_leak", "unauthorised_promise", "blame", "unsafe_advice", "non_apology", "speculation",
                 "blame_third_party"]
RatingId = Literal["P", "S", "M", "U"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
PromptKind = Literal["choice", "multi", "yesno", "number", "order", "reply"]
InjectChannel = Literal["internal", "meeting", "phone"]
AttachmentKind = Literal["social_post", "photo", "document", "screenshot", "news_article", "email_thread"]
Difficulty = Literal["introductory", "intermediate", "advanced"]
ExampleGrade = Literal["good", "adequate", "poor"]
Activity = Literal["intake", "resolve_minor", "resolve", "consult", "review", "follow_up"]
DistributionKind = Literal["exponential", "lognormal", "fixed", "empirical"]

STEP_IDS: tuple[str, ...] = get_args(StepId)
SEVERITY_IDS: tuple[str, ...] = get_args(SeverityId)
REQUIRED_ROLES: tuple[str, ...] = ("frontline", "specialist", "crisis_group")
TRIGGER_KINDS: tuple[str, ...] = get_args(TriggerKind)
ACTION_KINDS: tuple[str, ...] = get_args(ActionKind)
FLAG_IDS: tuple[str, ...] = get_args(FlagId)
RATING_IDS: tuple[str, ...] = get_args(RatingId)
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)   # typed by its Literal: the default of Shift.days
PROMPT_KINDS: tuple[str, ...] = get_args(PromptKind)
INJECT_CHANNELS: tuple[str, ...] = get_args(InjectChannel)
ATTACHMENT_KINDS: tuple[str, ...] = get_args(AttachmentKind)
DIFFICULTIES: tuple[str, ...] = get_args(Difficulty)
EXAMPLE_GRADES: tuple[str, ...] = get_args(ExampleGrade)
ACTIVITIES: tuple[str, ...] = get_args(Activity)
DISTRIBUTION_KINDS: tuple[str, ...] = get_args(DistributionKind)

# Public attention: each post weighs this much in the attention index (low 1, medium 3, high 10, viral 30).
ATTENTION_LEVELS: dict[str, float] = {"none": 0.0, "low": 1.0, "medium": 3.0, "high": 10.0, "viral": 30.0}

__all__ = [
    "ACTION_KINDS", "ACTIVITIES", "ATTACHMENT_KINDS", "ATTENTION_LEVELS", "DIFFICULTIES", "DISTRIBUTION_KINDS",
    "EXAMPLE_GRADES", "FLAG_IDS", "INJECT_CHANNELS", "LANGUAGES", "PROMPT_KINDS", "RATING_IDS", "REQUIRED_ROLES",
    "SEVERITY_IDS", "STEP_IDS", "TRIGGER_KINDS", "WEEKDAYS",
    "ActionKind", "Activity", "AttachmentKind", "Difficulty", "DistributionKind", "ExampleGrade", "FlagId",
    "InjectChannel", "PromptKind", "RatingId", "SeverityId", "StepId", "TriggerKind", "Weekday",
]
