"""Strings for the trainee drill app (added with the finishing work of issue 20): yes/no labels, number bounds,
the reply's length as a reader counts it, a drill written in one language only, and the end of the drill."""
from __future__ import annotations

FINISH_TRAINEE_STRINGS: dict[str, dict[str, str]] = {
    # yes/no prompts: proper labels (the option ids stay "yes" and "no")
    "app.answer_yes": {"en": "Yes", "zh": "是"},
    "app.answer_no": {"en": "No", "zh": "否"},
    # number prompts: what can be given at all
    "app.range_between": {"en": "a number from {low} to {high}{unit}", "zh": "{low} 到 {high}{unit}之间的数字"},
    "app.range_at_least": {"en": "a number of at least {low}{unit}", "zh": "不小于 {low}{unit}的数字"},
    "app.range_at_most": {"en": "a number of at most {high}{unit}", "zh": "不大于 {high}{unit}的数字"},
    "app.number_between": {"en": "Enter {range}.", "zh": "请填写 {range}。"},
    "app.number_outside": {"en": "{value} is not possible here: enter {range}.", "zh": "此处不能填 {value}：请填写 {range}。"},
    "app.number_missing": {"en": "Enter a number.", "zh": "请填写一个数字。"},
    # the reply's length, counted as a reader counts (a Chinese character is one)
    "app.chars": {"en": "{n} characters", "zh": "{n} 个字"},
    "app.chars_short": {"en": "{n} characters · at least {min} expected", "zh": "{n} 个字 · 至少应写约 {min} 个字"},
    # a drill written in one language only
    "app.lang_name.en": {"en": "English", "zh": "英文"},
    "app.lang_name.zh": {"en": "Chinese", "zh": "中文"},
    "app.only_in": {"en": "This drill is written in {language} only: it will run in {language}, with the screen in "
                          "{language} too.",
                    "zh": "本演练只有{language}版本：将以{language}进行，界面也会切换为{language}。"},
    "app.use_language": {"en": "Switch to {language} now", "zh": "现在切换为{language}"},
    "app.switched_to": {"en": "This drill is written in English only, so the screen is in English.",
                        "zh": "本演练只有中文版本，因此界面已切换为中文。"},
    "app.drill_only_in": {"en": "This drill is written in {language} only: its text stays in {language}.",
                          "zh": "本演练只有{language}版本：演练内容仍以{language}显示。"},
    # the end of the drill
    "app.card.ready": {"en": "Drill complete: your scorecard is below.", "zh": "演练完成：评分结果如下。"},
    "app.show_answers": {"en": "Show the incident and my answers", "zh": "显示事件经过和我的作答"},
    "app.hide_answers": {"en": "Hide the incident and my answers", "zh": "隐藏事件经过和我的作答"},
}
