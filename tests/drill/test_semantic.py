"""Sentence meaning as vectors (sim.drill.semantic): unit length, the same every time, and shared safely."""
from __future__ import annotations

import numpy as np
import pytest

from sim.drill.semantic import cosine, embed


def test_a_vector_is_of_unit_length_and_the_same_every_time():
    v = embed("Please unplug it and keep it away from your son.")
    assert v.shape == (512,) and v.dtype == np.float32
    assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-5
    embed.cache_clear()
    assert np.array_equal(embed("Please unplug it and keep it away from your son."), v)


def test_the_cached_vector_cannot_be_changed_by_a_caller():
    v = embed("我们会在今晚九点前给您回电。")
    with pytest.raises(ValueError):
        v[0] = 1.0
    with pytest.raises(ValueError):
        v.setflags(write=True)


def test_a_paraphrase_in_the_other_language_is_nearer_than_another_act():
    assert cosine("Our team will call you before 9 tonight.", "今晚九点前我们的同事会给您打电话。") > \
        cosine("Our team will call you before 9 tonight.", "Please stop using the power bank.") + 0.1
