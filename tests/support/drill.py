"""Helpers shared by the drill tests: small scenarios built in code, and a throwaway PostgreSQL server."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from sim.i18n.script import HAN_CHAR
from support import DATA, ROOT, free_port

PLAN_FILE = ROOT / "scenarios" / "plans" / "default.yaml"


def small_data(injects: list[dict], **drill) -> dict:
    """good_small.yaml with its drill replaced (a valid scenario for the default plan)."""
    data = yaml.safe_load((DATA / "good_small.yaml").read_text())
    data["plan"] = str(PLAN_FILE)
    data["drill"] = {"role": {"en": "Hotline agent", "zh": "热线客服"}, "injects": injects, **drill}
    return data


def small_scenario(plan, injects: list[dict], **drill):
    from sim.format.load import scenario_from_dict
    return scenario_from_dict(small_data(injects, **drill), plan)


def yesno_scenario_file(path: Path, n: int) -> Path:
    """A scenario of ``n`` yes/no prompts, 50 to an inject (the format allows 100), for durability tests,
    written to ``path``."""
    prompts = [{"id": f"q{i:03d}", "kind": "yesno", "step": "emergency_handling",
                "question": {"en": f"Question {i}?", "zh": f"问题 {i}？"}, "answer": "yes"} for i in range(n)]
    injects = [{"id": f"many-{k // 50}", "at": "T+00:01", "channel": "internal",
                "message": {"en": "Answer them all.", "zh": "请全部作答。"}, "prompts": prompts[k:k + 50]}
               for k in range(0, n, 50)]
    path.write_text(yaml.safe_dump(small_data(injects), allow_unicode=True))
    return path


# --- PostgreSQL -------------------------------------------------------------------------------

INSTALL_HINT = ("PostgreSQL is needed for this test: install the server (Debian/Ubuntu: "
                "`sudo apt-get install postgresql`; macOS: `brew install postgresql`) and the driver "
                "(`pip install 'psycopg[binary]'`)")


def _missing(what: str):
    message = f"{what} not found. {INSTALL_HINT}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI must run the PostgreSQL tests)", pytrace=False)
    pytest.skip(message)


def _pg_tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


@contextmanager
def postgres_server():
    """Start a PostgreSQL server in a temporary directory on a free loopback port; yield its base URL."""
    initdb, pg_ctl = _pg_tool("initdb"), _pg_tool("pg_ctl")
    if initdb is None or pg_ctl is None:
        _missing("PostgreSQL's initdb")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _missing("The psycopg driver")
    base = Path(tempfile.mkdtemp(prefix="drill-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:   # the server refuses to run as root: run it as the postgres user
        import pwd
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            _missing("A 'postgres' user (needed to run the server when tests run as root)")
        os.chown(base, pw.pw_uid, pw.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data = base / "data"
    port = free_port()
    try:
        subprocess.run(run_as + [initdb, "-D", str(data), "-A", "trust", "-U", "drill", "-E", "UTF8",
                                 "--locale=C", "--no-sync"], check=True, capture_output=True, timeout=120)
        subprocess.run(run_as + [pg_ctl, "-D", str(data), "-l", str(base / "server.log"), "-w", "-t", "60", "-o",
                                 f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c max_connections=60",
                                 "start"], check=True, capture_output=True, timeout=120)
    except subprocess.CalledProcessError as exc:
        log = (base / "server.log").read_text() if (base / "server.log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {exc.stderr.decode(errors='replace')}\n{log}", pytrace=False)
    try:
        yield f"postgresql+psycopg://drill@127.0.0.1:{port}"
    finally:
        subprocess.run(run_as + [pg_ctl, "-D", str(data), "-m", "immediate", "stop"], check=False, capture_output=True,
                       timeout=60)
        shutil.rmtree(base, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """A new empty database on the server; its URL."""
    import psycopg
    name = "drill_" + uuid.uuid4().hex[:12]
    plain = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


def perfect_answers(scenario) -> dict:
    """Full-marks answers from the scenario's key (a reply takes its good example), so tests follow edits
    to the flagship's key."""
    out = {}
    for p in scenario.drill.prompts():
        if p.kind in ("choice", "yesno"):
            out[p.id] = p.answer
        elif p.kind == "multi":
            out[p.id] = list(p.required)
        elif p.kind == "number":
            out[p.id] = p.accept.min if p.accept.min is not None else p.accept.max
        elif p.kind == "order":
            out[p.id] = list(p.answer)
        else:
            out[p.id] = next(e.en or e.zh for e in p.examples if e.grade == "good")
    return out


def key_texts(scenario, regexes: bool = False):
    """Texts only the key holds: explanations, what criteria expect, example replies and their notes (and,
    with ``regexes``, the rubric's regular expressions): none may reach a trainee before the scorecard."""
    for p in scenario.drill.prompts():
        for text in (p.why,) + tuple(c.expects for c in p.rubric) + tuple(m.explain for m in p.must_not):
            if text is not None:
                yield from (v for v in (text.en, text.zh) if v)
        for e in p.examples:
            yield from (v for v in (e.en, e.zh, e.note and e.note.en, e.note and e.note.zh) if v)
        if regexes:
            yield from (c.regex for c in p.rubric if c.regex)


def rubric_phrases(scenario):
    """Rubric and must_not phrases that no trainee-facing text of the scenario contains."""
    import json

    from sim.drill.view import trainee_inject, trainee_view
    visible = json.dumps([trainee_inject(scenario, inj).to_dict() for inj in scenario.drill.injects]
                         + [trainee_view(scenario).to_dict()], ensure_ascii=False).lower()
    out = set()
    for p in scenario.drill.prompts():
        sets = [c.any for c in p.rubric] + [c.all for c in p.rubric] + [m.any for m in p.must_not]
        for phrases in filter(None, sets):
            for group in phrases.en + phrases.zh:
                for phrase in group:
                    out.add(phrase.replace("*", "").strip().lower())
        for m in p.must_not:
            out.update(n.lower() for n in m.names)
    return {ph for ph in out if ph and not contains_phrase(visible, ph)}


def contains_phrase(text, phrase):
    """Whether ``phrase`` occurs in ``text`` (as a whole word, for English)."""
    import re
    if HAN_CHAR.search(phrase):
        return phrase in text
    return re.search(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", text) is not None
