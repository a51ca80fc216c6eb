"""Which language a matplotlib figure can be labelled in on this machine (Chinese needs a CJK font)."""
from __future__ import annotations

import matplotlib

_CJK_FONTS = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC", "SimHei", "Microsoft YaHei"]


def plot_language(lang: str) -> str:
    """The language plot labels can be drawn in: Chinese needs a CJK font (e.g. Debian's fonts-noto-cjk);
    without one, labels fall back to English rather than rendering as empty boxes. Returns that language."""
    if lang != "zh":
        return lang
    from matplotlib import font_manager
    have = {f.name for f in font_manager.fontManager.ttflist}
    chosen = [f for f in _CJK_FONTS if f in have]
    if not chosen:
        return "en"
    rc = matplotlib.rcParams
    rc["font.sans-serif"] = chosen + [f for f in rc["font.sans-serif"] if f not in chosen]
    return "zh"
