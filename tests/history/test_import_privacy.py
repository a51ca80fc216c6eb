"""Customer identifiers are pseudonymised on import: no raw id in the table, the problem lines or the
summary; the salt comes from $HISTORY_SALT or a private key file and is never shown."""
from __future__ import annotations

import re
import stat

import pytest

from sim.format.errors import ScenarioError
from sim.history.exports import Mess, example_table, write_export
from sim.history.mapping import load_mapping
from sim.history.pseudonym import KEY_FILE, SALT_VARIABLE, pseudonym, pseudonymise, salt_for
from sim.history.read import load_history


def test_a_pseudonym_is_c_and_16_hex_of_the_salted_hmac():
    # HMAC-SHA256("0123456789abcdef", "13800138000"), first 16 hex digits, worked out with the standard library.
    import hashlib
    import hmac
    digest = hmac.new(b"0123456789abcdef", b"13800138000", hashlib.sha256).hexdigest()
    assert pseudonym(" 13800138000 ", b"0123456789abcdef") == "c" + digest[:16]
    assert re.fullmatch(r"c[0-9a-f]{16}", pseudonym("x", b"s" * 16))
    assert pseudonym("13800138000", b"another salt, 16+") != pseudonym("13800138000", b"0123456789abcdef")


def test_the_same_customer_keeps_one_pseudonym():
    import pandas as pd
    out = pseudonymise(pd.Series(["42", " 42", None, "", "43"]), b"s" * 16)
    assert out[0] == out[1] and out[0] != out[4] and out[2:4].isna().all()


def test_the_salt_from_the_environment_or_a_private_key_file(tmp_path):
    assert salt_for(tmp_path, environ={SALT_VARIABLE: "  a-long-enough-secret  "}) == b"a-long-enough-secret"
    made = salt_for(tmp_path, environ={})
    key = tmp_path / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert salt_for(tmp_path, environ={}) == made and len(made) >= 16      # created once, then reused


def test_a_bad_salt_is_one_line_that_never_shows_it(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        salt_for(tmp_path, environ={SALT_VARIABLE: "short-s3cret"})
    assert "short-s3cret" not in caught.value.text() and "short-s3cret" not in caught.value.text("zh")
    assert caught.value.text() == "HISTORY_SALT: $HISTORY_SALT is shorter than 16 characters; use a longer secret"
    (tmp_path / KEY_FILE).write_text("tiny\n", encoding="ascii")
    with pytest.raises(ScenarioError, match="holds fewer than 16 characters") as caught:
        salt_for(tmp_path, environ={})
    assert "tiny" not in caught.value.text()


def test_no_raw_identifier_reaches_any_output(tmp_path, monkeypatch):
    monkeypatch.setenv(SALT_VARIABLE, "organisation-secret-0123")
    table = example_table(200, seed=3)
    export = write_export(table, tmp_path / "tickets.csv", "tickets", seed=3, mess=Mess())
    # A row whose id repeats with another customer: the problem line names the column, never the values.
    lines = export.path.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(",")
    cells[1] = "13999999999"
    export.path.write_text("\n".join([*lines, ",".join(cells)]) + "\n", encoding="utf-8-sig")
    mapping = load_mapping("tickets")
    mapping = mapping.model_copy(update={"time": mapping.time.model_copy(update={"zone": "Asia/Shanghai"})})
    history = load_history(export.path, mapping)                 # salt=None: $HISTORY_SALT
    assert history.problems[-1].endswith("with different content (customer_id); row 2 is kept")
    outputs = "\n".join([history.table.to_csv(), *history.problems, *history.summary_lines(),
                         *history.summary_lines("zh"), repr(history.summary)])
    raw_ids = set(table["customer"].dropna()) | {"13999999999"}
    assert not [raw for raw in raw_ids if raw in outputs]
    assert "organisation-secret-0123" not in outputs
    assert history.table["customer"].dropna().str.fullmatch(r"c[0-9a-f]{16}").all()
    assert history.table["customer"].nunique() == export.expected["customer"].nunique()
