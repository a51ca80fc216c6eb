"""``python -m sim drill SCENARIO --trainee NAME``: a trainee's drill in any terminal.

    python -m sim drill product_defect_surge --trainee "Ann Lee" --lang zh
    python -m sim drill product_defect_surge --trainee "Ann Lee" --resume

The scenario is a file, or a library scenario named by its file name or id. The drill shows each inject as
it arrives (time, channel, sender, message, attachment) and asks its prompts: numbered options (several
as a comma list, ``-`` for none), yes or no, a number, or a reply written as lines of text ended by an
empty line. Options are numbered in the attempt's own order (:mod:`sim.drill.variants`: each trainee's
differs, and a resumed attempt shows the same), and a number typed is stored as the option it stands for,
never as a position. An answer that cannot be read is asked again with a message saying why; each answer
is stored as it is given, with its response time. At the end the trainee sees the scorecard: the overall
score against the pass mark and how each step of the plan went. Everything on screen names things as the
trainee saw them (questions, option labels, what the plan expects), never by an internal id.

Ctrl-D or Ctrl-C pauses: the answers given so far are kept, and the command to continue is printed
(``--resume`` continues the trainee's unfinished attempt, ``--attempt N`` a given one; starting the drill
again without them continues it too: a trainee has one attempt in progress per scenario). Results go to
``--db`` (a URL or a SQLite file), else ``$DRILL_DB``, else a file in the user data folder.

Exit status: 0 finished; 2 bad input (an unknown scenario or one without a drill, no trainee name, no
attempt to resume, a database that cannot be opened or reached, a name it cannot keep); 130 paused.
"""
from __future__ import annotations

import shlex
import sys

from sim.cli.common import EXIT_INTERRUPTED, EXIT_OK, add_language_option, as_usage_error, language
from sim.format.errors import UsageError
from sim.format.library import find_scenario
from sim.i18n import counted, t
from sim.store.errors import StoreError, mask_url

EXIT_PAUSED = EXIT_INTERRUPTED     # a paused drill ends as Ctrl-C ends any command: status 130


def add_parser(subparsers, lang: str) -> None:
    p = subparsers.add_parser("drill", help=t("cli.help.drill", lang))
    p.add_argument("scenario", help=t("cli.help.drill.scenario", lang))
    p.add_argument("--trainee", required=True, help=t("cli.help.drill.trainee", lang))
    add_language_option(p, lang, "cli.help.drill.lang")
    p.add_argument("--resume", action="store_true", help=t("cli.help.drill.resume", lang))
    p.add_argument("--attempt", type=int, default=None, help=t("cli.help.drill.attempt", lang))
    p.add_argument("--db", default=None, help=t("cli.help.drill.db", lang))
    p.set_defaults(func=cmd_drill)


def _load_engine() -> None:
    """The drill engine (the sentence model, pandas): imported when a drill runs, not when the parser is
    built for every command."""
    global AnswerError, DrillSession, KeyDecision, SessionError, key_note, render
    from sim.drill.attempt_policy import KeyDecision, key_note
    from sim.drill.scorecard import render
    from sim.drill.scoring import AnswerError
    from sim.drill.session import DrillSession, SessionError


def cmd_drill(args) -> int:
    # SQLAlchemy: kept off the path of `python -m sim check`
    from sim.store.results import open_store
    _load_engine()
    lang = language(args)
    scenario = find_scenario(args.scenario, lang)
    if scenario.drill is None:
        raise UsageError(t("drill.err.no_drill", lang, scenario=scenario.id))
    if not args.trainee.strip():
        raise UsageError(t("drill.store.no_name", lang))
    with as_usage_error(StoreError, SessionError):
        store = open_store(args.db, lang=lang)
        # A typed name vouches for no one: the terminal drill is practice (sim.store.results.PracticeLog), and it
        # continues practice attempts only, never one started with a personal link or on the hub.
        log = store.practice()
        if args.resume or args.attempt is not None:
            attempt_id = args.attempt
            if attempt_id is None:
                open_ = [a.id for a in store.attempts(trainee=args.trainee, scenario_id=scenario.id,
                                                      status="in_progress")]
                practice = store.practice_attempts(open_)
                attempt_id = next((i for i in open_ if i in practice), None)
                if attempt_id is None:
                    raise SessionError(t("drill.err.nothing_to_resume", lang, trainee=args.trainee,
                                         scenario=scenario.id))
            elif attempt_id not in store.practice_attempts([attempt_id]):
                store.attempt(attempt_id)       # no such attempt: that is the one line
                raise SessionError(t("drill.err.not_practice", lang, id=attempt_id))
            # Without --lang, a resumed attempt goes on in the language it was started in.
            session = DrillSession.resume(scenario, attempt_id, trainee=args.trainee, store=log,
                                          language=args.command_lang)
        else:
            session = DrillSession(scenario, args.trainee, lang, log)
        print(t("drill.cli.practice", session.language))
        return Runner(session, _resume_command(args)).run()


def _resume_command(args) -> str:
    """The command that continues this drill, for the message shown when it is paused."""
    parts = ["python", "-m", "sim", "drill", args.scenario,
             "--trainee", args.trainee, "--resume"]
    if args.command_lang:
        parts += ["--lang", args.command_lang]
    if args.db:     # its password masked: the message is on screen (and in the scrollback) for anyone to see
        parts += ["--db", mask_url(args.db)]
    return " ".join(shlex.quote(p) for p in parts)


class Runner:
    """The terminal conversation for one session (input and output injectable for tests)."""

    def __init__(self, session, resume_command: str, *, read=input, write=print):
        _load_engine()          # (a session given by a caller that did not go through cmd_drill)
        self.session = session
        self.lang = session.language
        self.resume_command = resume_command
        self.read = read
        self.write = write

    def say(self, text: str = "") -> None:
        self.write(text)
        sys.stdout.flush()

    def run(self) -> int:
        s, lang = self.session, self.lang
        view = s.view()           # the attempt's version of the drill (its variant of each question pool)
        self.say(t("drill.cli.title", lang, title=view.title.get(lang), role=view.role.get(lang)))
        if view.briefing is not None and not s.answers:
            self.say(view.briefing.get(lang))
        self.say(t("drill.cli.howto", lang, mark=100 * view.pass_mark))
        shown: set[str] = set()
        first = s.next_prompt()
        if first is not None and s.answers:    # resumed: earlier injects were seen before the pause
            self.say(counted("drill.cli.resumed", lang, len(s.answers)))
            shown = {inj.id for inj in s.timeline() if inj.id != first.inject_id}
        try:
            while (prompt := s.next_prompt()) is not None:
                for inj in s.timeline():
                    if inj.id not in shown:
                        shown.add(inj.id)
                        self.show_inject(inj)
                self.ask(prompt)
        except (EOFError, KeyboardInterrupt):
            saved = len(s.store.answers(s.attempt_id))   # what is committed, even if interrupted mid-answer
            self.say("")
            self.say(counted("drill.cli.paused", lang, saved, command=self.resume_command))
            return EXIT_PAUSED
        card = s.finish()
        # the assignment's attempt policy says whether the key may be shown now (sim.drill.attempt_policy)
        decide = getattr(s.store, "key_decision", None)
        key = decide(s.attempt_id) if decide is not None else KeyDecision(True)
        self.say("")
        self.say(render(card, scenario=s.scenario, key_shown=key.shown))   # met criteria named as the plan does
        if key_note(key, self.lang):
            self.say(key_note(key, self.lang))
        return EXIT_OK

    def show_inject(self, inj) -> None:
        lang = self.lang
        sender = f" · {t('drill.cli.from', lang)} {inj.sender.get(lang)}" if inj.sender is not None else ""
        self.say("")
        self.say(f"── {inj.clock} · {inj.channel_name.get(lang)}{sender} ──")
        if inj.subject is not None:
            self.say(t("drill.cli.subject", lang, subject=inj.subject.get(lang)))
        self.say(inj.message.get(lang))
        a = inj.attachment
        if a is not None:
            bits = [t(f"drill.attachment.{a.kind}", lang)]
            if a.author:
                bits.append(a.author)
            for part in (a.text, a.caption):
                if part is not None:
                    bits.append(part.get(lang))
            counts = [(a.reactions, "drill.cli.reactions"), (a.shares, "drill.cli.shares"),
                      (a.comments, "drill.cli.comments")]
            bits += [t(key, lang, n=n) for n, key in counts if n is not None]
            self.say("   [" + " · ".join(bits) + "]")

    def ask(self, prompt) -> None:
        lang = self.lang
        self.say("")
        par = t("drill.cli.par", lang, minutes=prompt.par_time) if prompt.par_time else ""
        # An order prompt's own step ("4. Decide a solution") would hint at the first item of its answer.
        step = "" if prompt.kind == "order" else prompt.step_name.get(lang)
        detail = step + par if step else par.lstrip("; ；")
        question = prompt.question.get(lang)
        self.say(t("drill.cli.prompt", lang, question=question, detail=detail) if detail else f"▶ {question}")
        for i, o in enumerate(prompt.options, 1):
            if prompt.kind != "yesno":
                self.say(f"   {i}. {o.text(lang)}")
        how = "number_plain" if prompt.kind == "number" and prompt.unit is None else prompt.kind
        self.say("   " + t(f"drill.cli.how.{how}", lang, n=len(prompt.options),
                          unit=prompt.unit.get(lang) if prompt.unit else ""))
        while True:
            raw = self.read_reply() if prompt.kind == "reply" else self.read(t("drill.cli.input", lang))
            try:
                value = self.parse(prompt, raw)
                ack = self.session.answer(prompt.id, value)
            except (AnswerError, SessionError, StoreError) as exc:    # StoreError: e.g. a reply of 50 pages
                self.say(f"   ✗ {exc}")
                continue
            self.say("   ✓ " + t("drill.cli.saved", lang, n=ack.answered))   # the session's message names the id
            return

    def read_reply(self) -> str:
        lines: list[str] = []
        while True:
            line = self.read(t("drill.cli.input", self.lang) if not lines else "   ")
            if not line.strip():
                if lines:
                    return "\n".join(lines)
                self.say("   ✗ " + t("drill.err.reply", self.lang))
                continue
            lines.append(line)

    def parse(self, prompt, raw: str):
        """The typed answer in the form DrillSession.answer takes (AnswerError if it cannot be read): option
        numbers are read against the options as this attempt listed them, and become their ids."""
        lang, kind = self.lang, prompt.kind
        text = raw.strip()
        ids = prompt.option_ids()
        if kind == "reply":
            return raw
        if kind == "number":
            return text
        if kind == "yesno":
            return text
        if kind == "multi" and text in ("-", "0"):
            return []
        items = [x for x in text.replace("，", ",").replace(",", " ").split() if x]
        if not items:
            raise AnswerError(t("drill.cli.pick", lang, n=len(ids)))
        chosen = []
        for item in items:
            if item.isdigit() and 1 <= int(item) <= len(ids):
                chosen.append(ids[int(item) - 1])
            elif item in ids:
                chosen.append(item)
            else:
                raise AnswerError(t("drill.cli.pick", lang, n=len(ids)))
        if kind == "choice":
            if len(chosen) != 1:
                raise AnswerError(t("drill.cli.one", lang, n=len(ids)))
            return chosen[0]
        names = {o.id: o.text(lang) for o in prompt.options}      # said by the labels the trainee sees
        sep = t("drill.list_sep", lang)
        twice = next((c for c in chosen if chosen.count(c) > 1), None)
        if twice is not None:
            raise AnswerError(t("drill.err.twice", lang, value=names[twice]))
        missing = [names[i] for i in ids if i not in chosen]
        if kind == "order" and missing:
            raise AnswerError(t("drill.err.order", lang, missing=sep.join(missing)))
        return chosen
