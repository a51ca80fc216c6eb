"""The apps' look comes from one place: the kit's rating colours (sim.reports.theme) in every app's style
sheet, one badge for a rating, and error lines that escape what they show."""
import re

import pytest

from sim.reports.theme import BAD, RATING_COLOURS
from sim.ui.theme import DRILL_CSS, TRAINER_CSS, badge, error_html


@pytest.mark.parametrize("css", [DRILL_CSS, TRAINER_CSS], ids=["drill", "trainer"])
def test_every_app_shows_ratings_in_the_kit_colours(css):
    shown = set(re.findall(r"#[0-9a-f]{6}", css))
    assert set(RATING_COLOURS.values()) <= shown


@pytest.mark.parametrize("rating", sorted(RATING_COLOURS))
def test_a_badge_has_a_colour_rule_for_its_rating(rating):
    cls = re.search(r"class='dk-badge (dk-r\w+)'", badge(rating)).group(1)
    assert f".{cls}{{background:{RATING_COLOURS[rating]}" in DRILL_CSS
    assert badge(rating).endswith(f">{rating}</span>")


def test_error_lines_escape_and_are_red():
    line = error_html("<script>x</script>", mark=True, block=True)
    assert line.startswith("<div class='dk-error'") and BAD in line and "&lt;script&gt;" in line and "✗" in line
