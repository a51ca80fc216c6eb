"""The input limits of the plan and scenario format, stated once.

A plan or scenario file is written by a trainer, but it may also be a careless copy, a cut-off download
or a file made to hurt: an alias bomb, a structure that contains itself, a number with five thousand
digits, a horizon of a million weeks. Every limit below bounds what reading and validating a file can
cost in time and memory, and what the simulator and the drill are then asked to do. Each is far beyond
anything a real drill needs; the comment says what the library uses today, so the margin is visible.

Reading (:mod:`sim.format.bounded`, :mod:`sim.format.yamlio`) refuses, before building Python objects:

- a file that is not a regular file (a folder, ``/dev/zero``, a named pipe), or larger than
  :data:`MAX_FILE_BYTES`;
- more than :data:`MAX_ALIASES` alias uses (``*name``), more than :data:`MAX_VALUES` values once aliases
  are expanded (an alias bomb), and an alias inside the value it names (``id: &a [*a]``);
- nesting deeper than :data:`MAX_DEPTH`, a list or mapping of more than :data:`MAX_ENTRIES` entries, a
  text longer than :data:`MAX_TEXT`, an integer of more than :data:`MAX_INTEGER_DIGITS` digits, and
  ``.inf``/``.nan`` anywhere.

The models (:mod:`sim.format.base` and the modules that use it) then bound each field by what it means;
the numbers are here so that the format's guide can quote them from one place. An id (of a scenario, an
inject, a prompt, an option, a criterion, an incident, a team) has at most :data:`MAX_ID_CHARS`
characters: ids are stored in the results database, whose id columns are 200 characters wide (a plan
role, 100), and shown in scorecards and messages, so an id that passes ``check`` is always storable.

The limit a trainer is most likely to meet is :data:`MAX_ENTRIES` on an ``empirical:`` list of measured
service times (a month of calls is more than 10 000); the message says what to do: keep a random sample
of at most that many, or summarise the times as a distribution (``lognormal: {mean, cv}``).

    >>> MAX_DURATION_MINUTES / 1440, MAX_STAFF, MAX_SEED == 2**63 - 1, MAX_ID_CHARS
    (366.0, 10000, True, 100)
"""
from __future__ import annotations

# --- reading a file --------------------------------------------------------------------------
MAX_FILE_BYTES = 512 * 1024        # 512 KiB; the largest library file is 31 KB
MAX_DEPTH = 50                     # nesting of lists and mappings; the library needs 12
MAX_ALIASES = 100                  # alias uses (*name); the library uses none
MAX_VALUES = 100_000               # values, aliases expanded; a library scenario has under 1 000
MAX_ENTRIES = 10_000               # entries of one list or mapping (observed service times may be many)
MAX_TEXT = 20_000                  # characters of one text (a briefing of ten pages); the library: 712
MAX_INTEGER_DIGITS = 30            # digits of an integer as written, before it is converted

# --- numbers, by what they mean ----------------------------------------------------------------
MAX_DURATION_MINUTES = 366 * 1440.0    # any duration, the horizon included: a year; the library: 30 days
MAX_STAFF = 10_000                     # people on one shift, in a reserve or on call
MAX_RATE_PER_HOUR = 100_000.0          # complaints per hour on a channel, or at an incident's peak
MAX_EXPECTED_COMPLAINTS = 1_000_000    # complaints a scenario expects in all; the library: under 20 000
MAX_STAFF_SHIFTS = 1_000_000           # people × shifts worked over the horizon (each is an agent simulated)
MAX_MULTIPLIER = 1_000.0               # the weight of a public post (the "viral" level is 30)
MAX_CV = 100.0                         # coefficient of variation of a lognormal service time
MAX_MONEY = 1e9                        # a cost per hour, a goodwill limit (in the plan's currency)
MAX_POINTS = 1_000.0                   # a prompt's points, a rubric criterion's weight
MAX_COUNT = 1_000_000_000              # a count in a plan or an inject (complaints, reactions, shares)
MAX_ANSWER_NUMBER = 1e12               # the bounds of a number prompt's accepted range, in absolute value
MAX_SEED = 2**63 - 1                   # fits the signed 64-bit integers databases store

# --- ids, by where they are kept ------------------------------------------------------------------
# The store's id columns (scenario, prompt) are 200 characters and its role column 100, so an id that
# passes the format is always stored; the library's longest id has 23 characters.
MAX_ID_CHARS = 100

# --- lists, by what they hold --------------------------------------------------------------------
MAX_INJECTS = 500                      # injects of a drill; the library: 6
MAX_PROMPTS = 100                      # prompts of one inject; the library: 4
MAX_VARIANTS = 20                      # variants of one inject (a question pool); the library: 1
MAX_DRILL_PROMPTS = 1_000              # prompts of a drill in all, variants' too; the library: 14 (a store test uses 300)
MAX_OPTIONS = 100                      # options of one prompt
MAX_CRITERIA = 100                     # rubric criteria, must-not checks or examples of one reply prompt
MAX_INCIDENTS = 100                    # incidents of a scenario; the library: 2
MAX_SHIFTS = 1_000                     # shifts of one team (a week cut into hourly pieces: 168)

# The same limits as they read in the guide (scenarios/README.md quotes this table).
GUIDE_TABLE: tuple[tuple[str, str], ...] = (
    ("file size", "512 KiB"),
    ("nesting depth", f"{MAX_DEPTH} levels"),
    ("aliases (`*name`)", f"{MAX_ALIASES} uses, {MAX_VALUES:,} values once expanded, never inside their own value"),
    ("entries of one list or mapping",
     f"{MAX_ENTRIES:,} (a longer `empirical` list of measured times: keep a random sample, or fit a distribution)"),
    ("one text", f"{MAX_TEXT:,} characters, no control characters"),
    ("an id (scenario, inject, variant, prompt, option, criterion, must_not, incident, team)",
     f"{MAX_ID_CHARS} characters"),
    ("an integer", f"{MAX_INTEGER_DIGITS} digits; `.inf` and `.nan` are refused everywhere"),
    ("any duration (horizon included)", "366 days"),
    ("staff on a shift, reserve, on call", f"{MAX_STAFF:,}"),
    ("complaints per hour (a channel, an incident's peak)", f"{MAX_RATE_PER_HOUR:,.0f}"),
    ("expected complaints of a scenario", f"{MAX_EXPECTED_COMPLAINTS:,}"),
    ("people × shifts worked over the horizon", f"{MAX_STAFF_SHIFTS:,}"),
    ("seed", "0 to 2^63 - 1"),
    ("points of a prompt, weight of a criterion", f"{MAX_POINTS:,.0f}"),
    ("injects / prompts per inject / prompts in all / options per prompt",
     f"{MAX_INJECTS} / {MAX_PROMPTS} / {MAX_DRILL_PROMPTS:,} / {MAX_OPTIONS}"),
    ("variants of one inject", f"{MAX_VARIANTS}"),
    ("rubric criteria, must_not or examples of a prompt", f"{MAX_CRITERIA}"),
    ("incidents / shifts per team", f"{MAX_INCIDENTS} / {MAX_SHIFTS:,}"),
)
