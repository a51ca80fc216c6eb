"""Shared by the report tests: a cohort of 20 scripted trainees over three scenarios (plus last year's
cohort and two live command drills), built once per test session."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from support import ROOT

SCENARIO_FILES = ("product_defect_surge", "customer_data_leak", "digital_service_outage")
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"   # SCRIPT as it must appear in any HTML
N_SCRIPTED = 6          # trainees whose reply to Ms Li is hostile markup (and a poor reply)


@dataclass
class BigCohort:
    store: object
    cohort_id: int
    last_id: int
    scenarios: list
    trainees: list
    today: date
    path: Path


def load(name: str):
    from sim.format.load import load_scenario
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml")


def hostile_reply(name: str) -> str:
    return (f"{SCRIPT} This is {name} speaking. Sorry if you feel that way; it may be your charger. "
            f"<b>Nothing</b> we can do & that's \"final\".")


_BIG: list = []


def big_cohort(tmp_path_factory) -> BigCohort:
    """20 trainees × 3 scenarios through DrillSession (18 finish everything, one stops half-way through the
    last scenario, one never starts it; due yesterday), last year's cohort of 6 of them, and two command
    drills (on time, and two decision points late). Built once per test session; treat it as read-only."""
    if not _BIG:
        _BIG.append(_build(tmp_path_factory.mktemp("big-cohort")))
    return _BIG[0]


def _build(root: Path) -> BigCohort:
    from sim.reports.demo import generate_cohort, run_command_drill, scripted_trainees
    from sim.store.results import Store
    path = root / "big.sqlite"
    store = Store(f"sqlite:///{path}")
    scenarios = [load(n) for n in SCENARIO_FILES]
    today = datetime.now(UTC).date()
    last = scripted_trainees(6, seed=21)
    last_id = generate_cohort(store, "Hotline team", today.year - 1, scenarios, last, due=date(today.year - 1, 12, 1),
                              seed=22, in_progress=0, not_started=0)
    trainees = scripted_trainees(20, seed=21, improve=0.05, zh_share=0.15)
    replies = {x.name: {"reply-li": hostile_reply(x.name)} for x in trainees[:N_SCRIPTED]}
    cohort_id = generate_cohort(store, "Hotline team", today.year, scenarios, trainees, due=today - timedelta(days=1),
                                seed=23, replies=replies)
    run_command_drill(store, scenarios[0], trainees[0].name, late_steps=0, duration="3h")
    run_command_drill(store, scenarios[0], trainees[1].name, late_steps=2, duration="4h")
    return BigCohort(store, cohort_id, last_id, scenarios, trainees, today, path)


_AAR: dict = {}


def aar_file(tmp_path_factory, lang: str = "en", anonymise: bool = False) -> tuple[Path, Path]:
    """The big cohort's report (and its CSV folder), written once per session per language/anonymising."""
    key = (lang, anonymise)
    if key not in _AAR:
        from sim.reports import aar
        big = big_cohort(tmp_path_factory)
        folder = tmp_path_factory.mktemp(f"aar-{lang}-{'anon' if anonymise else 'named'}")
        out = folder / "aar.html"
        aar.report(big.store, big.cohort_id, out, lang=lang, anonymise=anonymise, csv_dir=folder / "csv",
                   as_of=big.today)
        _AAR[key] = (out, folder / "csv")
    return _AAR[key]


def cells(html: str, **attrs) -> list[str]:
    """Text of the elements whose attributes include all of ``attrs`` (data_step="x" → data-step="x")."""
    out = []
    for m in re.finditer(r"<(td|b|span)((?:\s[^>]*)?)>(.*?)</\1>", html, re.DOTALL):
        tag_attrs = m.group(2)
        if all(f'{k.replace("_", "-")}="{v}"' in tag_attrs for k, v in attrs.items()):
            out.append(re.sub(r"<[^>]+>", "", m.group(3)))
    return out
