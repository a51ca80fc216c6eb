"""Which language a matplotlib figure can be labelled in on this machine, and the Chinese font it is drawn with.

Chinese plot text needs a CJK font (Debian/Ubuntu: ``fonts-noto-cjk`` or ``fonts-wqy-microhei``). matplotlib
knows only the fonts listed in its font cache (``fontlist-v*.json`` in its cache folder, ``~/.cache/matplotlib``
or ``$MPLCONFIGDIR``), written the first time it ran: a font installed after that is not in it, and a Chinese
label would silently fall back to another language. So the kit does not trust the cache alone. Once per
process, :func:`cjk_families`

1. asks fontconfig which installed fonts cover Chinese (``fc-list :lang=zh``), where fontconfig exists;
2. adds to matplotlib every installed font file its cache does not list (``fontManager.addfont``: what a
   rebuilt cache would hold) and, when it added any, writes the cache again so the next start finds them;
3. names the CJK families among matplotlib's fonts: those fontconfig named, else well-known CJK family
   names, else (no fontconfig, no known name) any installed font whose character map holds 中 (not
   matplotlib's own "Last Resort" font, which maps every character to a box).

:func:`plot_language` puts those families on matplotlib's sans-serif list (first for a Chinese figure, after
the usual fonts for an English one) and names them in ``font.family`` too, the only list matplotlib falls back
through glyph by glyph: a trainee called 王小明 is still drawn in an English heatmap. With no
CJK font installed, a Chinese figure is labelled in English and the kit says so once per process: one line
on the ``sim.i18n.fonts`` log (shown on the terminal when nothing else handles logging), in the user's
language, and in :func:`font_notice` for a page to show. ``MPL_IGNORE_SYSTEM_FONTS`` (matplotlib's own
switch) also keeps fontconfig out, as if no font were installed.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

import matplotlib

from sim.i18n import t

log = logging.getLogger(__name__)

# Well-known CJK families, the Simplified Chinese ones first: the first installed one draws a Chinese figure.
KNOWN_CJK_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
    "Noto Sans SC", "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti",
    "Noto Sans CJK TC", "Noto Sans CJK JP", "Droid Sans Fallback", "Arial Unicode MS",
)
_PROBE = ord("中")            # a font whose character map holds this draws Chinese
_FAMILIES_USED = 2           # CJK families put on the sans-serif list (a second one in case the first lacks a glyph)

_found: tuple[str, ...] | None = None      # the CJK families, looked up once per process
_told = False                              # the no-font notice was given


def _fontconfig_cjk_files() -> set[str]:
    """The font files fontconfig says cover Chinese (real paths); empty without fontconfig."""
    if os.getenv("MPL_IGNORE_SYSTEM_FONTS") or shutil.which("fc-list") is None:
        return set()
    try:
        out = subprocess.run(["fc-list", "--format=%{file}\\n", ":lang=zh"], capture_output=True, text=True,
                             timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {os.path.realpath(line.strip()) for line in out.splitlines() if line.strip()}


def _add_missing_fonts(manager, extra: set[str]) -> int:
    """Add to ``manager`` every installed font file (and each of ``extra``) its cache does not list; how many."""
    from matplotlib import font_manager
    known = {os.path.realpath(f.fname) for f in manager.ttflist}
    added = 0
    for path in sorted({*font_manager.findSystemFonts(), *extra}):
        real = os.path.realpath(path)
        if real in known or Path(path).suffix.lower() not in (".ttf", ".otf", ".ttc"):
            continue
        known.add(real)
        try:
            manager.addfont(path)
        except Exception as exc:   # noqa: BLE001 - a file FreeType cannot read is skipped, as matplotlib does
            log.debug("font %s not added: %s", path, exc)
            continue
        added += 1
    return added


def _write_cache(manager) -> None:
    """Write matplotlib's font cache again, now listing the fonts just added (best effort: a read-only cache
    folder only costs the same look-up at the next start)."""
    from matplotlib import font_manager
    try:
        path = Path(matplotlib.get_cachedir(), f"fontlist-v{font_manager.FontManager.__version__}.json")
        font_manager.json_dump(manager, path)
    except Exception as exc:   # noqa: BLE001 - the figure is drawn all the same
        log.debug("font cache not written: %s", exc)


def _covers_chinese(fname: str) -> bool:
    from matplotlib import ft2font
    try:
        return _PROBE in ft2font.FT2Font(fname).get_charmap()
    except Exception:          # noqa: BLE001 - an unreadable font draws nothing
        return False


def _rank(name: str) -> tuple:
    """Known families in their order, then sans before serif and monospaced faces."""
    known = KNOWN_CJK_FAMILIES.index(name) if name in KNOWN_CJK_FAMILIES else len(KNOWN_CJK_FAMILIES)
    return known, "Mono" in name, "Serif" in name, name


def find_cjk_families(manager, fontconfig_files: set[str]) -> tuple[str, ...]:
    """The CJK font families ``manager`` knows, best first, after adding the installed fonts it missed."""
    if _add_missing_fonts(manager, fontconfig_files):
        _write_cache(manager)
    entries = manager.ttflist
    names = [f.name for f in entries if os.path.realpath(f.fname) in fontconfig_files]
    if not names:
        names = [f.name for f in entries if f.name in KNOWN_CJK_FAMILIES]
    if not names and not fontconfig_files:      # no fontconfig to ask: read each font's character map
        # ... of the installed fonts: matplotlib's own "Last Resort" font maps every character, to a box
        bundled = os.path.realpath(matplotlib.get_data_path())
        names = [f.name for f in entries
                 if not os.path.realpath(f.fname).startswith(bundled) and _covers_chinese(f.fname)]
    return tuple(sorted(dict.fromkeys(names), key=_rank))


def cjk_families() -> tuple[str, ...]:
    """The installed CJK font families matplotlib can use, best first (looked up once per process)."""
    global _found
    if _found is None:
        from matplotlib import font_manager
        _found = find_cjk_families(font_manager.fontManager, _fontconfig_cjk_files())
    return _found


def can_draw_chinese() -> bool:
    """Whether a figure can draw Chinese characters (a CJK font is installed)."""
    return bool(cjk_families())


def font_notice(lang: str) -> str | None:
    """What to tell a user whose Chinese figures are labelled in English (no CJK font), or None."""
    return None if can_draw_chinese() else t("fonts.no_cjk", lang)


def plot_language(lang: str) -> str:
    """The language a figure asked for in ``lang`` is labelled in, with matplotlib set to draw it: Chinese
    needs a CJK font; without one, labels fall back to English (rather than empty boxes) and the kit says so
    once. Any language gets the CJK fonts as a fallback, for Chinese names in an English figure."""
    global _told
    families = list(cjk_families()[:_FAMILIES_USED])
    rc = matplotlib.rcParams
    others = [f for f in rc["font.sans-serif"] if f not in families]
    rc["font.sans-serif"] = families + others if lang == "zh" else others + families
    # Matplotlib falls back glyph by glyph only through the families named in font.family (a generic name
    # there stands for the first installed font of its list): the CJK fonts are named too, so a Chinese name
    # in an English figure is drawn, not left as empty boxes.
    rc["font.family"] = ["sans-serif", *families]
    if lang != "zh" or families:
        return lang
    if not _told:
        _told = True
        log.warning(t("fonts.no_cjk", lang))
    return "en"


__all__ = ["KNOWN_CJK_FAMILIES", "can_draw_chinese", "cjk_families", "find_cjk_families", "font_notice",
           "plot_language"]
