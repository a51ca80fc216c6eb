"""Personal-link tokens (sim.store.tokens): hand-built tokens checked by the pure verify() (good, one character
changed, another secret's signature, revoked, reissued), the secret (DRILL_SECRET or a 0600 key file made once),
and the store's side: issuing, revoking, listing, and attempt_context rows."""
import os
import stat

import pytest

from sim.store.results import Store, StoreError
from sim.store.tokens import (
    KEY_FILE,
    TokenRow,
    key_file_for,
    make_token,
    secret_for,
    signature,
    verify,
)

SECRET = b"our-organisation-secret-0123456789"
OTHER = b"somebody-elses-secret-9876543210"
NONCE = "AbCdEfGhIjKlMnOpQrStUvWxYz012345"          # 32 characters, as token_urlsafe(24) makes
ROW = TokenRow(7, "Ann Lee", 3, NONCE, None, None)


def find(*rows):
    return {r.id: r for r in rows}.get


def flip(text: str, i: int) -> str:
    """``text`` with the character at ``i`` changed to another of the token alphabet."""
    return text[:i] + ("B" if text[i] != "B" else "C") + text[i + 1:]


# --- verify(): pure --------------------------------------------------------------------------------

def test_a_good_token_gives_its_trainee_and_cohort():
    token = make_token(SECRET, 7, NONCE)
    assert token == f"7.{NONCE}.{signature(SECRET, 7, NONCE)}" and len(token.split(".")[2]) == 43
    verdict = verify(token, SECRET, find(ROW))
    assert verdict.ok and verdict.reason is None and (verdict.trainee, verdict.row.cohort_id) == ("Ann Lee", 3)


@pytest.mark.parametrize("where", ["nonce", "signature_first", "signature_last"])
def test_one_character_changed_is_refused_as_forged(where):
    token = make_token(SECRET, 7, NONCE)
    i = {"nonce": 2 + 5, "signature_first": token.rindex(".") + 1, "signature_last": len(token) - 1}[where]
    changed = flip(token, i)
    assert changed != token
    assert verify(changed, SECRET, find(ROW)).reason == "forged"


def test_the_row_id_changed_is_forged_not_someone_elses_row():
    other = TokenRow(8, "Bob", 3, NONCE, None, None)
    token = make_token(SECRET, 7, NONCE)
    assert verify("8" + token[1:], SECRET, find(ROW, other)).reason == "forged"


def test_a_signature_made_with_another_secret_is_forged():
    assert verify(make_token(OTHER, 7, NONCE), SECRET, find(ROW)).reason == "forged"


def test_a_revoked_token_is_refused_as_revoked():
    from datetime import UTC, datetime
    revoked = TokenRow(7, "Ann Lee", 3, NONCE, None, datetime(2026, 5, 1, tzinfo=UTC))
    verdict = verify(make_token(SECRET, 7, NONCE), SECRET, find(revoked))
    assert not verdict.ok and verdict.reason == "revoked" and verdict.trainee is None


def test_a_well_signed_token_without_its_row_is_unknown():
    assert verify(make_token(SECRET, 9, NONCE), SECRET, find(ROW)).reason == "unknown"
    changed_nonce = TokenRow(7, "Ann Lee", 3, "Z" * 32, None, None)       # the row now holds another nonce
    assert verify(make_token(SECRET, 7, NONCE), SECRET, find(changed_nonce)).reason == "unknown"


@pytest.mark.parametrize("token", [
    "", "7", "7.abc", f"7.{NONCE}", f"0.{NONCE}.{'a' * 43}", f"x.{NONCE}.{'a' * 43}", f"7.{NONCE}.{'a' * 42}",
    f"7.{NONCE}.{'a' * 44}", f"7.{NONCE[:15]}.{'a' * 43}", f"7.{NONCE}!.{'a' * 43}", f"7.{NONCE}.{'a' * 42}=",
    "7." + "n" * 200 + "." + "a" * 43, None, 7,
])
def test_malformed_tokens_are_refused_before_any_lookup(token):
    def find_nothing(_row_id):
        raise AssertionError("looked up")
    assert verify(token, SECRET, find_nothing).reason == "malformed"


def test_a_forged_token_is_refused_before_any_lookup():
    def find_nothing(_row_id):
        raise AssertionError("looked up")
    assert verify(make_token(OTHER, 7, NONCE), SECRET, find_nothing).reason == "forged"


def test_refusals_say_why_in_both_languages_and_never_show_the_token():
    token = make_token(OTHER, 7, NONCE)
    verdict = verify(token, SECRET, find(ROW))
    assert "not issued by your organisation" in verdict.message("en")
    assert "并非由本单位签发" in verdict.message("zh")
    assert NONCE not in verdict.message("en")


# --- the secret ---------------------------------------------------------------------------------------

def test_drill_secret_wins_and_a_short_one_is_refused_without_showing_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'd.sqlite'}"
    assert secret_for(url, environ={"DRILL_SECRET": "  a-long-enough-secret  "}) == b"a-long-enough-secret"
    assert not (tmp_path / KEY_FILE).exists()
    with pytest.raises(StoreError) as err:
        secret_for(url, environ={"DRILL_SECRET": "short-one"})
    assert "DRILL_SECRET is too short" in str(err.value) and "short-one" not in str(err.value)


def test_the_key_file_is_made_once_beside_the_database_readable_by_its_owner_only(tmp_path):
    url = f"sqlite:///{tmp_path / 'd.sqlite'}"
    assert key_file_for(url) == tmp_path / KEY_FILE
    first = secret_for(url, environ={})
    path = tmp_path / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(first) >= 32
    assert secret_for(url, environ={}) == first                         # read back, not made again
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []   # no temporary file left
    path.write_text("tiny\n")
    with pytest.raises(StoreError, match="is damaged") as err:
        secret_for(url, environ={})
    assert "tiny" not in str(err.value)


def test_a_server_database_keeps_its_key_in_the_user_data_folder(monkeypatch, tmp_path):
    import sim.store.tokens as tokens_module
    monkeypatch.setattr(tokens_module, "data_dir", lambda: tmp_path / "data")
    assert key_file_for("postgresql+psycopg://drill:pw@db.example/drills") == tmp_path / "data" / KEY_FILE
    assert key_file_for("sqlite://") == tmp_path / "data" / KEY_FILE


# --- the store's side ----------------------------------------------------------------------------------

@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("DRILL_SECRET", SECRET.decode())
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    cohort = store.cohort("Hotline", 2026)
    store.add_members(cohort, [("Ann Lee", "hotline", None), ("Bob", "social", None)])
    store.cohort_id = cohort
    return store


def test_issued_tokens_verify_and_a_reissued_one_replaces_the_old(store):
    assert store.issue_tokens(store.cohort_id) == 2
    assert store.issue_tokens(store.cohort_id) == 0                     # each member has one already
    links = {link.trainee: link for link in store.personal_links(store.cohort_id)}
    assert list(links) == ["Ann Lee", "Bob"] and links["Ann Lee"].team == "hotline"
    old = links["Ann Lee"].token
    verdict = store.verify_token(old)
    assert verdict.ok and (verdict.trainee, verdict.row.cohort_id) == ("Ann Lee", store.cohort_id)
    assert store.issue_tokens(store.cohort_id, ["Ann Lee"], reissue=True) == 1
    new = {link.trainee: link.token for link in store.personal_links(store.cohort_id)}["Ann Lee"]
    assert new != old and store.verify_token(new).trainee == "Ann Lee"
    assert store.verify_token(old).reason == "revoked"
    assert store.verify_token(links["Bob"].token).ok                  # Bob's link is untouched


def test_revoked_tokens_are_refused_and_left_out_of_the_links(store):
    store.issue_tokens(store.cohort_id)
    bob = {link.trainee: link.token for link in store.personal_links(store.cohort_id)}["Bob"]
    assert store.revoke_tokens(store.cohort_id, ["Bob"]) == 1
    assert store.revoke_tokens(store.cohort_id, ["Bob"]) == 0          # nothing live left to revoke
    assert store.verify_token(bob).reason == "revoked"
    assert [link.trainee for link in store.personal_links(store.cohort_id)] == ["Ann Lee"]


def test_a_name_that_is_not_a_member_is_one_line_and_nothing_is_done(store):
    store.issue_tokens(store.cohort_id)
    before = store.personal_links(store.cohort_id)
    with pytest.raises(StoreError, match=r"'Carol' is not a trainee of Hotline \(2026\)"):
        store.issue_tokens(store.cohort_id, ["Ann Lee", "Carol"], reissue=True)
    with pytest.raises(StoreError, match="Carol"):
        store.revoke_tokens(store.cohort_id, ["Carol"])
    assert store.personal_links(store.cohort_id) == before


def test_a_token_signed_with_another_secret_does_not_open_this_store(store):
    store.issue_tokens(store.cohort_id)
    link = store.personal_links(store.cohort_id)[0]
    assert store.verify_token(make_token(OTHER, link.token_id, link.token.split(".")[1])).reason == "forged"


def test_attempt_context_is_written_once(store):
    attempt = store.open_attempt("Ann Lee", "s", "h", "en")
    first = store.record_context(attempt, "token", False, token_id=None)
    again = store.record_context(attempt, "typed", True)               # a second tab joins: the first row holds
    assert first == again and (again.identity, again.practice) == ("token", False)
    practice = store.open_practice_attempt("Ann Lee", "s", "h", "en")
    store.record_context(practice, "typed", True)
    assert {i: c.practice for i, c in store.contexts([attempt, practice]).items()} == {attempt: False, practice: True}
    assert store.practice_attempts([attempt, practice]) == {practice}
    with pytest.raises(ValueError):
        store.record_context(attempt, "guess", False)


def test_the_secret_is_read_from_the_key_file_when_no_variable_is_set(tmp_path, monkeypatch):
    monkeypatch.delenv("DRILL_SECRET", raising=False)
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    cohort = store.cohort("Hotline", 2026)
    store.add_members(cohort, [("Ann", None, None)])
    store.issue_tokens(cohort)
    token = store.personal_links(cohort)[0].token
    assert (tmp_path / KEY_FILE).exists()
    assert Store(f"sqlite:///{tmp_path / 'd.sqlite'}").verify_token(token).ok      # another process, same key
    assert os.environ.get("DRILL_SECRET") is None
