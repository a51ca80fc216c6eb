"""Which cohort a command-drill run counts for, by how its duty manager was known (sim.store.commands), and
practice attempts marked as such when they are started (sim.store.results)."""
from sim.store.results import Store


def run(store, name, identity=None):
    result = {"score": 50.0, **({"identity": identity} if identity is not None else {})}
    return store.save_command_result(name, "product-defect-surge", "h", "en", result)


def test_a_run_counts_for_the_cohort_its_identity_names_and_practice_for_none(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    a, b = store.cohort("Hotline A", 2026), store.cohort("Hotline B", 2026)
    store.add_members(a, [("Ann", None, None)])
    store.add_members(b, [("Ann", None, None)])              # B joined last: old runs count for B
    old = run(store, "Ann")
    linked = run(store, "Ann", {"how": "token", "practice": False, "cohort_id": a, "token_id": 1})
    practice = run(store, "Ann", {"how": "typed", "practice": True, "cohort_id": None, "token_id": None})
    assert [r.id for r in store.command_results(cohort_id=a)] == [linked]
    assert [r.id for r in store.command_results(cohort_id=b)] == [old]
    assert {r.id for r in store.command_results(trainee="Ann")} == {old, linked, practice}   # all kept


def test_a_practice_attempt_is_marked_practice_in_the_transaction_that_starts_it(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    started = store.start_practice_attempt("Ann", "s1", "h", "en")
    opened = store.open_practice_attempt("Bob", "s1", "h", "en")
    counted = store.open_attempt("Ann", "s1", "h", "en")           # never joins her practice attempt
    contexts = store.contexts([started, opened, counted])
    assert {i: (c.identity, c.practice) for i, c in contexts.items()} == \
        {started: ("typed", True), opened: ("typed", True)}
    assert counted not in (started, opened)
