"""What a user may read on a page of the kit, and the two rules the walk-through holds every page to.

* **No internal id.** The ids the scenario files and the kit use for prompts, rubric criteria, plan steps,
  KPIs, teams and roles, categories, channels, severities, flags and plan actions never reach a reader: a page
  shows their labels. Ids written with ``_``, ``-`` or ``.`` (``receive_and_record``, ``reply-li``,
  ``utilisation.frontline``) cannot be ordinary words and are looked for on every page; one-word ids
  (``logistics``, ``apology``) are English words, so on an English page they may be text, and on a Chinese page
  any English word is already a fault.
* **A Chinese page is Chinese.** Apart from what the user typed, numbers, times, and a short list of names
  that are written in Latin letters in Chinese too (``Excel``, ``CSV``, ``KPI``…), no Latin word appears.

:func:`readable_text` is what the browser shows, with tooltips, placeholders and control values, because a
reader sees those too.
"""
from __future__ import annotations

import re
from functools import lru_cache

# What a user reads: the text, and the tooltips, placeholders and values of controls.
# (A select whose value is unset reports the string "null": nobody reads that.)
# (A checkbox's or radio button's value is the form value "on" unless set: never shown.)
READABLE_JS = """() => document.body.innerText + "\\n" + Array.from(document.querySelectorAll("*")).flatMap(
    e => ["title", "placeholder", "aria-label", "value"].map(a => e.getAttribute(a) || "")
         .concat(e.value !== undefined && typeof e.value === "string"
                 && !(e.type === "checkbox" || e.type === "radio") ? [e.value] : [])
         .filter(v => v !== "null")).join("\\n")"""

# Labels the page cuts short with an ellipsis ("Plan steps (P/S/M…"): a button, tab, checkbox or label whose text
# is wider than its box. (Only visible elements: a hidden tab's labels are looked at when it is shown.)
TRUNCATED_JS = """() => {
    const clipped = e => { const s = getComputedStyle(e);
        return e.scrollWidth > e.clientWidth + 1 && (s.textOverflow === "ellipsis" || s.overflowX === "hidden"
                                                     || s.overflowX === "clip"); };
    return Array.from(document.querySelectorAll("button, label, .widget-label, .widget-label-basic, \
.lm-TabBar-tabLabel, .p-TabBar-tabLabel, .lm-TabBar-tab, .p-TabBar-tab")).filter(
        e => e.offsetParent !== null && clipped(e)).map(e => (e.innerText || "").trim()).filter(x => x);
}"""

# Written in Latin letters in Chinese text too (file types, products, units and abbreviations a Chinese
# trainer uses as they are).
LATIN_IN_CHINESE = frozenset({
    "AAR", "API", "CSV", "Excel", "HTML", "ID", "KPI", "PDF", "PowerPoint", "SLA", "SQLite", "T", "VIP", "xlsx",
    "csv", "html", "pdf", "png", "yaml", "min", "h", "AM", "PM", "App", "APP", "Wi", "Fi", "USB", "QR", "SMS",
    "HSEEP",        # the exercise standard whose P/S/M/U ratings the plan uses, cited by name in Chinese too
    "English",      # the language switch names each language in itself: English / 简体中文
    "KB", "MB",     # a file's size
})
# Terms written the same way in Chinese queueing texts (Kendall's notation for the model the kit checks itself
# against).
LATIN_TERMS = ("M/M/c", "M/M/1")


@lru_cache(maxsize=1)
def internal_ids() -> frozenset[str]:
    """Every internal id of the library's scenarios and plans and of the kit's KPIs."""
    import sim
    from sim.format.errors import ScenarioError
    from sim.format.library import scenarios_dir
    from sim.i18n import STRINGS
    ids: set[str] = set()
    for path in sorted(scenarios_dir().glob("*.yaml")):
        try:
            scenario = sim.load_scenario(path)
        except ScenarioError:   # (not a valid scenario: check rejects it, and the picker does not list it)
            continue
        plan = scenario.plan
        for section in ("steps", "roles", "categories", "channels", "severities", "flags"):
            ids.update(getattr(plan, section))
        ids.update(plan.kpi_targets)
        ids.update(plan.activation.default_actions)
        ids.update(scenario.staffing)
        if scenario.drill is not None:
            for prompt in scenario.drill.prompts():
                ids.add(prompt.id)
                ids.update(prompt.option_ids())
                ids.update(c.id for c in (prompt.rubric or ()))
    kpis = {key.split(".", 1)[1] for key in STRINGS if key.startswith("kpi.") and key != "kpi.of"}
    ids.update(kpis)
    ids.update(f"utilisation.{team}" for team in list(ids))
    return frozenset(i for i in ids if len(i) > 2)


# Ids that are also ordinary English words with a hyphen ("satisfaction at follow-up"): text on an English page.
ENGLISH_COMPOUNDS = frozenset({"follow-up", "e-mail", "call-back", "re-ship", "set-up", "check-in"})


def _separated(text_id: str) -> bool:
    return any(ch in text_id for ch in "_-.")


def ids_in(text: str, lang: str) -> list[str]:
    """The internal ids found in ``text`` (a page in ``lang``), as whole tokens."""
    found = []
    for text_id in sorted(internal_ids()):
        if lang == "en" and (not _separated(text_id) or text_id in ENGLISH_COMPOUNDS):
            continue
        if re.search(rf"(?<![A-Za-z0-9_.\-]){re.escape(text_id)}(?![A-Za-z0-9_\-]|\.[A-Za-z])", text):
            found.append(text_id)
    return found


def latin_words(text: str, allowed: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Latin words in a Chinese page's ``text`` that are not names written in Latin letters in Chinese too,
    nor in ``allowed`` (what the user typed)."""
    for term in LATIN_TERMS:
        text = text.replace(term, " ")
    text = re.sub(r"@[\w.]+", " ", text)          # a social-media handle is a name, written as its owner wrote it
    text = re.sub(r"[\w.-]+\.(?:html|csv|xlsx|pdf|png|yaml|sqlite)\b", " ", text)    # a file's name
    text = re.sub(r"(?<![A-Za-z])[A-Z]{1,4}-\d+", " ", text)  # a case reference as agents write it (PB-1187)
    words = re.findall(r"[A-Za-z][A-Za-z']*", text)
    # One capital letter is a code, not a word: a rating (P/S/M/U, N/A), a shift or team letter ("热线 A").
    return sorted({w for w in words if w not in LATIN_IN_CHINESE and w not in allowed
                   and not (len(w) == 1 and w.isupper())})


def context(text: str, needle: str, width: int = 60) -> str:
    at = text.find(needle)
    return text[max(0, at - width):at + len(needle) + width].replace("\n", " ⏎ ")


def faults(text: str, lang: str, allowed: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """One line for each id, and on a Chinese page each Latin word, with where it stands."""
    lines = [f"internal id {i!r}: …{context(text, i)}…" for i in ids_in(text, lang)]
    if lang == "zh":
        lines += [f"English word {w!r}: …{context(text, w)}…" for w in latin_words(text, allowed)]
    return lines
