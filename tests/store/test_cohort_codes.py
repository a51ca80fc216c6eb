"""A cohort found by the code a trainee types (behind JupyterHub) or a trainer names on the command line: spelt
exactly, or loosely (case, width, spacing), or as its label with the year; ambiguity finds nothing."""
from sim.store.results import Store


def test_a_cohort_is_found_however_its_name_is_typed(db_url):
    store = Store(db_url)
    hotline = store.cohort("Hotline Team", 2026)
    chinese = store.cohort("热线 一组", 2026)
    for typed in ("Hotline Team", "hotline team", "  HOTLINE   team ", "Ｈｏｔｌｉｎｅ\u3000Ｔｅａｍ",
                  "Hotline Team (2026)", "hotline team（2026）"):
        assert store.find_cohort(typed).id == hotline, typed
    assert store.find_cohort("热线 一组").id == chinese and store.find_cohort("热线　一组").id == chinese
    for typed in ("Hotline", "Hotline Teams", "热线一组", "Hotline Team (2025)", ""):
        assert store.find_cohort(typed) is None, typed


def test_the_latest_year_wins_and_a_year_can_be_named(db_url):
    store = Store(db_url)
    old, new = store.cohort("Chat", 2025), store.cohort("Chat", 2026)
    assert store.find_cohort("chat").id == new
    assert store.find_cohort("chat (2025)").id == old and store.find_cohort("Chat", 2025).id == old


def test_an_exact_name_wins_and_a_loose_spelling_of_two_names_finds_none(db_url):
    store = Store(db_url)
    upper, lower = store.cohort("EMEA", 2026), store.cohort("emea", 2026)
    assert store.find_cohort("EMEA").id == upper and store.find_cohort("emea").id == lower
    assert store.find_cohort("Emea") is None                       # which one? neither: the caller lists them
