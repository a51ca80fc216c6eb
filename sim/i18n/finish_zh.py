"""Strings for Chinese plots, fonts and plain-language names on scorecards and the terminal drill (added with the finishing work of issue 20)."""
from __future__ import annotations

FINISH_ZH_STRINGS: dict[str, dict[str, str]] = {
    # sim.i18n.fonts: said once per process when a Chinese figure cannot be drawn in Chinese
    "fonts.no_cjk": {
        "en": "No Chinese (CJK) font is installed, so plot text is drawn in English. Install one (Debian/Ubuntu: "
              "sudo apt-get install fonts-noto-cjk) and run again.",
        "zh": "本机未安装中文（CJK）字体，图表文字改用英文显示。请安装中文字体（Debian/Ubuntu：sudo apt-get install "
              "fonts-noto-cjk）后重新运行。"},
    # sim.reports.plots: a Chinese name no installed font can draw gives way to its place
    "plots.step_n": {"en": "Step {n}", "zh": "步骤 {n}"},
    "plots.scenario_n": {"en": "Scenario {n}", "zh": "场景 {n}"},
    # sim.drill.evidence: a rubric criterion with no 'expects' of its own
    "evidence.criterion_n": {"en": "Criterion {n}", "zh": "评分要点 {n}"},
    # scorecards (terminal and app): the scenario's good example reply, beside the trainee's own
    "scorecard.model_answer": {"en": "Model answer: “{reply}”", "zh": "参考回复：“{reply}”"},
    "scorecard.model_label": {"en": "Model answer", "zh": "参考回复"},
    "scorecard.question_gone": {"en": "(a question this drill no longer has)", "zh": "（本演练已删除的问题）"},
    # the terminal drill: an answer stored
    "drill.cli.saved": {"en": "Answer saved ({n} so far).", "zh": "答案已保存（已答 {n} 题）。"},
}
