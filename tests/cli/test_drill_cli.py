"""``python -m sim drill``: the flagship drill completed in a real terminal (pexpect), pausing and resuming,
and one-line errors for bad input."""
import os
import signal
import subprocess
import sys

import pexpect
import pytest
from support import ROOT, run_cli
from support.drill import DATA, perfect_answers

from sim.drill.view import trainee_view

FLAGSHIP = "scenarios/product_defect_surge.yaml"
REPLY_LI = ["I'm so sorry, Ms Li, that must have been frightening.",
            "Please unplug it now, stop using it and keep it away from your child.",
            "I've recorded this under reference PB-1187; our quality team will call you tonight, before 9 pm."]
PUBLIC_REPLY = ["We're sorry and we understand how worrying this is. Please stop using and unplug the power bank.",
                "We're investigating the PB-2611 batch now. Please send us a direct message."]


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "DRILL_DB": str(tmp_path / "drills.sqlite"), "PYTHONIOENCODING": "utf-8",
            "COLUMNS": "120", "LANG": "C.UTF-8"}


def spawn(env, *args):
    # Ctrl-C restored to its default in the child: a suite started in the background by a non-interactive shell
    # runs with SIGINT ignored, which a child inherits (and Python then never turns Ctrl-C into an interrupt).
    return pexpect.spawn(sys.executable, ["-m", "sim", "drill", FLAGSHIP, "--trainee", "Ann Lee", *args], cwd=ROOT,
                         env=env, encoding="utf-8", timeout=30, dimensions=(50, 200),
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def answer(child, text, prompt="answer> "):
    child.expect_exact(prompt)
    child.sendline(text)


def reply(child, lines, prompt="answer> "):
    child.expect_exact(prompt)
    for line in lines:
        child.sendline(line)
    child.sendline("")


def attempt_of(env, trainee="Ann Lee"):
    """The id of the trainee's latest attempt in the drill's database (the CLI's own process made it)."""
    from sim.store.results import Store
    return Store(f"sqlite:///{env['DRILL_DB']}").attempts(trainee=trainee)[0].id


def numbers(flagship, prompt_id, attempt_id):
    """What to type for full marks: option numbers as this attempt lists them (each attempt has its own order)."""
    shown = next(p for p in flagship.drill.prompts() if p.id == prompt_id)
    view = next(p for inj in trainee_view(flagship, attempt_id=attempt_id).injects for p in inj.prompts
                if p.id == prompt_id)
    key = perfect_answers(flagship)[prompt_id]
    return ",".join(str(view.option_ids().index(o) + 1) for o in ([key] if isinstance(key, str) else key)) \
        if shown.kind != "number" else f"{key:g}"


def test_terminal_runner_completes_the_flagship_drill(env, flagship):
    child = spawn(env)
    child.expect_exact("Your role: Hotline agent")
    child.expect_exact("T+00:05 · Service hotline · from Ms Li")
    child.expect_exact("Which category is this complaint?")
    attempt = attempt_of(env)                            # started: its options are in its own order
    answer(child, "99")                                  # not an option: re-asked with a message
    child.expect_exact("type option numbers between 1 and ")
    answer(child, numbers(flagship, "category", attempt))
    child.expect_exact("saved")
    answer(child, numbers(flagship, "severity", attempt))
    child.expect_exact("Whom do you notify now?")
    answer(child, numbers(flagship, "notify", attempt))           # the crisis group among them
    child.expect_exact("Write what you say to Ms Li.")
    reply(child, REPLY_LI)
    child.expect_exact("Queue alert")
    answer(child, numbers(flagship, "trigger", attempt))
    answer(child, "many")
    child.expect_exact("a number is needed")
    answer(child, numbers(flagship, "reserve", attempt))
    child.expect_exact("@Wang_Fang88")                   # the viral post was not sent: the crisis group was told
    reply(child, PUBLIC_REPLY)
    child.expect_exact("Order these steps")
    answer(child, numbers(flagship, "steps-order", attempt))
    answer(child, numbers(flagship, "recall-measures", attempt))
    child.expect_exact("Scorecard — Overheating power bank")
    child.expect_exact("Overall: 100%")
    child.expect_exact("PASSED")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "@TechDad_Zhang" not in child.before


def test_ctrl_d_or_ctrl_c_saves_progress_and_says_how_to_resume(env):
    child = spawn(env)
    answer(child, "1")
    child.expect_exact("saved")
    child.expect_exact("answer> ")
    child.sendeof()                                     # Ctrl-D
    child.expect_exact("Paused. 1 answer is saved. To continue:")
    child.expect_exact("--trainee 'Ann Lee' --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 and "Traceback" not in child.before

    again = spawn(env, "--resume")
    again.expect_exact("Resuming: 1 answer already saved.")
    again.expect_exact("How severe is it?")
    again.expect_exact("answer> ")
    again.sendintr()                                    # Ctrl-C
    again.expect_exact("Paused. 1 answer is saved.")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 130 and "Traceback" not in again.before


def test_the_drill_in_chinese(env):
    child = spawn(env, "--lang", "zh")
    child.expect_exact("你的角色：客户服务部热线客服（晚班）")
    child.expect_exact("你们的充电宝烫得把桌子都烧焦了")
    child.expect_exact("这起投诉属于哪一类？")
    answer(child, "1", prompt="作答> ")
    child.expect_exact("已保存")
    # Ctrl-C at the next prompt, as the English test does: a SIGINT that lands between the prompt's text and
    # readline's wait is only seen at the next key (CPython's readline), which made this test flaky in CI
    child.expect_exact("作答> ")
    child.sendintr()
    child.expect_exact("已暂停")
    child.expect(pexpect.EOF)


@pytest.mark.parametrize("args, message", [
    (["no-such-scenario", "--trainee", "Ann"], "no-such-scenario: no such scenario file"),
    ([FLAGSHIP, "--trainee", "Ann", "--resume"], "Ann has no unfinished attempt at scenario 'product-defect-surge'"),
    ([FLAGSHIP, "--trainee", "Ann", "--attempt", "42"], "there is no attempt 42"),
    ([FLAGSHIP, "--trainee", "Ann", "--db", "nonsense://"], "not a database URL"),
    ([FLAGSHIP, "--trainee", "  "], "a trainee name is needed"),
    (["scenarios/validation/mmc.yaml", "--trainee", "Ann"], "has no drill section"),
    ([str(DATA / "bad" / "answer_not_option.yaml"), "--trainee", "Ann"], "is not among the options"),
])
def test_bad_input_is_one_line_and_exit_2(env, args, message, monkeypatch, capsys):
    from sim.cli import main
    monkeypatch.setenv("DRILL_DB", env["DRILL_DB"])
    monkeypatch.chdir(ROOT)
    assert main(["drill", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err


def test_bad_input_from_a_real_process_has_no_traceback(env, monkeypatch):
    monkeypatch.setenv("DRILL_DB", env["DRILL_DB"])
    result = run_cli("drill", "no-such-scenario", "--trainee", "Ann")
    assert result.returncode == 2
    assert result.stderr.startswith("error: no-such-scenario: no such scenario file")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_scenario_can_be_named_by_its_id(env, monkeypatch):
    monkeypatch.setenv("DRILL_DB", env["DRILL_DB"])
    import subprocess
    result = subprocess.run([sys.executable, "-m", "sim", "drill", "product-defect-surge", "--trainee", "Ann"],
                            check=False, cwd=ROOT, input="", capture_output=True, text=True, timeout=60)
    assert result.returncode == 130 and "Overheating power bank" in result.stdout


def test_the_terminal_scorecard_withholds_the_key_when_the_assignment_says_never(env, tmp_path):
    from support.drill import yesno_scenario_file

    from sim.drill.attempt_policy import AttemptPolicy
    from sim.format.load import load_scenario
    from sim.store.results import Store

    path = yesno_scenario_file(tmp_path / "one.yaml", 1)
    store = Store(f"sqlite:///{env['DRILL_DB']}")
    cohort = store.cohort("Hotline team", 2026)
    store.add_members(cohort, [("Ann Lee", None, None)])
    store.assign(cohort, load_scenario(path).id)
    store.set_policy(cohort, load_scenario(path).id, AttemptPolicy(None, "first", "never"))
    child = pexpect.spawn(sys.executable, ["-m", "sim", "drill", str(path), "--trainee", "Ann Lee"], cwd=ROOT,
                          env=env, encoding="utf-8", timeout=30, dimensions=(50, 200))
    child.expect_exact("Practice: results do not count")                       # a typed name is practice
    answer(child, "yes")
    child.expect(pexpect.EOF)
    out = child.before
    assert "100%" in out and "q000" not in out.split("100%", 1)[1]      # the result, not the per-question key
    assert "The answer key and model answers are not shown for this drill" in out


def test_a_typed_name_cannot_continue_an_attempt_started_with_a_link(env, flagship):
    from sim.store.results import Store

    counted = Store(f"sqlite:///{env['DRILL_DB']}").open_attempt("Ann Lee", flagship.id, flagship.content_hash(), "en")
    done = subprocess.run([sys.executable, "-m", "sim", "drill", FLAGSHIP, "--trainee", "Ann Lee", "--attempt",
                           str(counted)], check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"attempt {counted} was started with a personal link or on the hub" in done.stderr
    resumed = subprocess.run([sys.executable, "-m", "sim", "drill", FLAGSHIP, "--trainee", "Ann Lee", "--resume"],
                             check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 2 and "has no unfinished attempt" in resumed.stderr      # practice ones only
