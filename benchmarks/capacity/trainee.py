"""A simulated trainee: opens the drill, gives a name, picks the drill and answers it prompt by prompt.

Each trainee arrives at its time in the cohort's schedule, opens the page (:class:`~.widget_client.DrillPage`,
the widget protocol; or a real Chromium page for the probe), enters a name if the app asks for one (the
``dk-name`` field; behind a hub or with a personal link the app shows ``dk-signed-in`` instead and nothing
is typed), picks the drill by its title in ``dk-picker``, presses ``dk-start`` and then answers each open
prompt (``dk-current``): it thinks, fills the input by its kind (``dk-input-choice`` and so on; a reply is
typed a few characters at a time, as a browser sends a text area with ``continuous_update``) and presses
``dk-submit``.

**Submit latency** is the time from the click on Submit to the next prompt being on the screen (or, after
the last answer, the scorecard ``dk-scorecard``): for the widget protocol, until the kernel's messages that
put it there have arrived; for the browser probe, until Chromium shows it.

**Pacing.** A cohort finishes together: every trainee's last Submit falls in the same short window after
the last one joined (``end_at``), its thinking time spread over the prompts at random. Early arrivals pace
themselves slowly, the last to arrive answer quickly; all are in the drill at once from the last join to
that window. A real drill lasts 25 to 30 minutes; this one a few, so submits and the one-off costs of each
trainee (the kernel, the sentence encoder) come closer together than in a real drill: the figures are
pessimistic.
"""
from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .widget_client import DrillPage, PageError

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STEP_TIMEOUT = 60.0          # seconds to wait for the app after a click before the trainee gives up
TYPING_STEP = 0.25           # seconds between the text area updates while a reply is typed
REPLY = ("We are sorry for the worry this has caused. We have stopped selling the affected air fryers "
         "while our quality team tests the coating with an independent laboratory. Please stop using the "
         "product; we will refund or replace it. We will publish the results and answer every question.")


@dataclass
class TraineeResult:
    """What one trainee saw. Times are ``time.monotonic()``; durations are seconds."""
    name: str
    client: str                                 # "widget protocol" or "browser"
    arrived: float = 0.0                        # when the page was requested
    joined: float | None = None                 # when the app was on the screen
    finished: float | None = None               # when the scorecard was shown
    latencies: list[float] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)     # the kind of each prompt submitted (choice, reply…)
    clicks: list[float] = field(default_factory=list)  # when each Submit was clicked
    shown: list[float] = field(default_factory=list)   # when its answer's next screen arrived (epoch seconds)
    submit_ids: list[str] = field(default_factory=list)    # the click messages (widget protocol only)
    error: str | None = None
    ticks: int = 0                              # timer steps the page sent to the kernel
    kernel_id: str | None = None
    join_cpu: float | None = None               # CPU seconds the trainee's kernel had used when the app showed
    end_cpu: float | None = None                # … and when the scorecard showed
    handle: object = field(default=None, repr=False)   # the open page (or browser), closed by the caller
    # each submit's latency split: (to the kernel, in the kernel, back to the page), seconds; None if unknown
    split: list[tuple[float, float, float] | None] = field(default_factory=list)

    @property
    def join_seconds(self) -> float | None:
        return None if self.joined is None else self.joined - self.arrived


def think_times(rng: random.Random, prompts: int, seconds: float) -> list[float]:
    """``seconds`` of drill spread over ``prompts`` answers at random (each share between 0.5 and 1.5 of the
    mean), never under one second (so a late trainee may take longer than ``seconds``).

    >>> times = think_times(random.Random(1), 4, 40.0)
    >>> len(times), round(sum(times), 6), min(times) >= 1.0
    (4, 40.0, True)
    """
    weights = [rng.uniform(0.5, 1.5) for _ in range(prompts)]
    total = sum(weights)
    return [max(1.0, seconds * w / total) for w in weights]


# --- the widget protocol ----------------------------------------------------------------------

def _prompt_id(classes: list[str]) -> str:
    return next((c[len("dk-prompt-"):] for c in classes if c.startswith("dk-prompt-")), "?")


def _open_prompt(page: DrillPage, previous: str | None):
    """(box id, prompt id) of the open prompt on the screen if it is not ``previous``; "card" once the
    scorecard is shown; else None."""
    if "dk-scorecard" in page.text("dk-card"):
        return "card"
    for box in page.find("dk-current"):
        if "dk-prompt" in page.classes(box):
            prompt = _prompt_id(page.classes(box))
            if prompt != previous:
                return box, prompt
    return None


def _split(times: dict[str, float], shown: float) -> tuple[float, float, float] | None:
    """A submit's latency in three: from the click to the kernel starting on it (Voila passing it on, and
    the kernel's queue: a timer tick before it, say), the kernel's work (busy to idle), and from the kernel
    to the next screen on the page (Voila passing the kernel's messages back). None if a status is missing."""
    if not {"sent", "busy", "idle"} <= times.keys():
        return None
    return times["busy"] - times["sent"], times["idle"] - times["busy"], max(0.0, shown - times["idle"])


def _kind(page: DrillPage, box: str) -> str:
    return next((c[len("dk-input-"):] for m in page.descendants(box) for c in page.classes(m)
                 if c.startswith("dk-input-")), "?")


async def _identify(page: DrillPage, name: str) -> None:
    """Type the name if the app asks for one; nothing if it already knows who this is."""
    fields = page.find("dk-name")
    if fields and not page.states[fields[0]].get("disabled"):
        await page.set(fields[0], value=name)
    elif not page.find("dk-signed-in"):
        raise PageError("the setup screen shows neither a name field (dk-name) nor a signed-in name "
                        "(dk-signed-in): update benchmarks/capacity/trainee.py for the app's identity screen")


async def _pick(page: DrillPage, title: str) -> None:
    pickers = page.find("dk-picker")
    if not pickers:
        return                                       # a one-drill app shows no picker
    labels = page.states[pickers[0]].get("_options_labels") or []
    index = next((i for i, label in enumerate(labels) if label.startswith(title)), None)
    if index is None:
        raise PageError(f"the drill {title!r} is not in the picker (dk-picker)")
    await page.set(pickers[0], index=index)


async def _fill(page: DrillPage, box: str, rng: random.Random, think: float) -> None:
    """Fill the open prompt's input by its kind within ``think`` seconds."""
    for model_id in page.descendants(box):
        kind = next((c[len("dk-input-"):] for c in page.classes(model_id) if c.startswith("dk-input-")), None)
        if kind is None:
            continue
        state = page.states[model_id]
        if kind == "reply":                       # typed: an update every TYPING_STEP seconds
            steps = max(1, int(think * 0.8 / TYPING_STEP))
            for k in range(1, steps + 1):
                await page.set(model_id, value=REPLY[:len(REPLY) * k // steps])
                await asyncio.sleep(TYPING_STEP)
            await asyncio.sleep(max(0.0, think - steps * TYPING_STEP))
            return
        await asyncio.sleep(think / 2)
        if kind in ("choice", "yesno"):
            await page.set(model_id, index=rng.randrange(len(state.get("_options_labels") or [0])))
        elif kind == "multi":
            boxes = [c for c in page.descendants(model_id) if page.model_names.get(c) == "CheckboxModel"]
            for check in rng.sample(boxes, k=min(len(boxes), rng.randint(1, 2))):
                await page.set(check, value=True)
        elif kind == "number":
            await page.set(model_id, value=float(rng.randint(1, 500)))
        # order: the order shown is a valid answer; nothing to move
        await asyncio.sleep(think / 2)
        return
    raise PageError(f"the open prompt {_prompt_id(page.classes(box))} has no input (dk-input-…)")


async def protocol_trainee(result: TraineeResult, base_url: str, assets: list[str] | None, title: str,
                           prompts: int, end_at: float, rng: random.Random,
                           kernel_cpu: Callable[[str], float | None] = lambda _id: None) -> TraineeResult:
    """One trainee over the widget protocol (``result`` is filled in as it goes, and returned), answering
    ``prompts`` prompts by ``end_at`` (monotonic time); ``kernel_cpu(kernel id)``: the CPU seconds of that
    kernel so far (read at the join and at the end). A trainee who gives up (an error) closes the page."""
    page = DrillPage(base_url, assets)
    try:
        await page.open()
        await page.wait_for(lambda: page.find("dk-setup"), STEP_TIMEOUT)
        result.joined = time.monotonic()
        result.kernel_id = page.kernel_id
        result.join_cpu = kernel_cpu(page.kernel_id)
        await _identify(page, result.name)
        await _pick(page, title)
        await page.click(page.find("dk-start")[0])
        current = await page.wait_for(lambda: _open_prompt(page, None), STEP_TIMEOUT)
        thinks = think_times(rng, prompts, end_at - time.monotonic())
        while current != "card":        # a branch may add a prompt: answer until the scorecard is shown
            box, prompt = current
            await _fill(page, box, rng, thinks[min(len(result.latencies), len(thinks) - 1)])
            clicked = time.monotonic()
            msg_id = await page.click(page.find("dk-submit", within=box)[0])
            current = await page.wait_for(lambda p=prompt: _open_prompt(page, p), STEP_TIMEOUT)
            result.latencies.append(time.monotonic() - clicked)
            result.kinds.append(_kind(page, box))
            result.clicks.append(clicked)
            result.shown.append(time.time())
            result.submit_ids.append(msg_id)
        result.finished = time.monotonic()
        result.end_cpu = kernel_cpu(page.kernel_id)
        await asyncio.sleep(0.5)      # the kernel's last "idle" status, for the latency split
    except PageError as exc:
        result.error = str(exc)
        await page.close()            # a stuck page is closed: its timer stops, so its kernel can be culled
    finally:
        result.ticks = page.ticks
        result.handle = page      # left open on the scorecard, as tabs are: culling must free the kernel anyway
        result.split = [_split(page.handled.get(m, {}), shown) for m, shown in zip(result.submit_ids, result.shown)]
    return result


# --- the browser probe ------------------------------------------------------------------------

def browser_available() -> str | None:
    """None if the probe can run here, else why not (one line)."""
    from pathlib import Path
    if not Path(CHROMIUM).exists():
        return f"Debian Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is missing (pip install playwright)"
    return None


async def record_assets(base_url: str) -> tuple[list[str], float]:
    """The same-origin files a first visit fetches after the page itself (paths), and how long Chromium
    took to show the app, from one visit on a quiet server."""
    from playwright.async_api import async_playwright
    seen: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page()
            page.on("request", lambda r: seen.append(r.url))
            started = time.monotonic()
            await page.goto(base_url, timeout=120_000)
            await page.locator(".dk-app").wait_for(timeout=120_000)
            shown = time.monotonic() - started
            await asyncio.sleep(1.0)
        finally:
            await browser.close()
    paths = []
    for url in seen:
        if url.startswith(base_url) and "/api/" not in url and url.rstrip("/") != base_url.rstrip("/"):
            path = url[len(base_url.rstrip("/")):]
            if path not in paths:
                paths.append(path)
    return paths, shown


async def browser_trainee(result: TraineeResult, base_url: str, title: str, prompts: int, end_at: float,
                          rng: random.Random) -> TraineeResult:
    """One trainee in a real Chromium page on this machine (the probe): same steps, same pacing."""
    import os

    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright
    nice = os.getpriority(os.PRIO_PROCESS, 0)
    os.setpriority(os.PRIO_PROCESS, 0, 0)     # the browser (driver and Chromium) at the server's priority
    try:
        pw = await async_playwright().start()
        browser = None
    finally:
        try:
            os.setpriority(os.PRIO_PROCESS, 0, nice)
        except PermissionError:
            pass
    try:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 1600})
        page.set_default_timeout(STEP_TIMEOUT * 1000)
        await page.goto(base_url, timeout=180_000)
        await page.locator(".dk-setup").wait_for(timeout=180_000)
        result.joined = time.monotonic()
        result.kernel_id = await page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data')?.textContent || '{}').kernelId || null")
        if await page.locator(".dk-name input:enabled").count():
            await page.locator(".dk-name input").fill(result.name)
            await page.locator(".dk-name input").press("Enter")
        if await page.locator(".dk-picker").count():
            await page.locator(".dk-picker label", has_text=title).click()
        await page.locator(".dk-start").click()
        thinks = think_times(rng, prompts, end_at - time.monotonic())
        while not await page.locator(".dk-scorecard").count():
            think = thinks[min(len(result.latencies), len(thinks) - 1)]
            box = page.locator(".dk-prompt.dk-current")
            await box.wait_for()
            classes = (await box.get_attribute("class") or "").split()
            prompt = _prompt_id(classes)
            kind = "?"
            for candidate in ("reply", "choice", "yesno", "multi", "number", "order"):
                if await box.locator(f".dk-input-{candidate}").count():
                    kind = candidate
                    break
            if kind == "reply":
                await asyncio.sleep(think * 0.2)
                await box.locator("textarea").press_sequentially(REPLY, delay=max(1, int(think * 600 / len(REPLY))))
            else:
                await asyncio.sleep(think / 2)
                if kind in ("choice", "yesno"):
                    await box.locator(".dk-input-choice .widget-radio-box label, .dk-input-yesno button").first.click()
                elif kind == "multi":
                    await box.locator(".dk-input-multi input").first.check()
                elif kind == "number":
                    await box.locator(".dk-input-number input").fill("120")
                await asyncio.sleep(think / 2)
            clicked = time.monotonic()
            await box.locator(".dk-submit").click()
            await page.locator(f".dk-prompt.dk-current:not(.dk-prompt-{prompt}), .dk-scorecard").first.wait_for()
            result.latencies.append(time.monotonic() - clicked)
            result.kinds.append(kind)
            result.clicks.append(clicked)
        await page.locator(".dk-scorecard").wait_for()
        result.finished = time.monotonic()
    except PlaywrightError as exc:
        result.error = str(exc).splitlines()[0]
        if browser is not None:
            await browser.close()     # a stuck page is closed: its timer stops, so its kernel can be culled
            browser = None
    finally:
        result.handle = (pw, browser)
    return result


async def close(result: TraineeResult) -> None:
    """Close the trainee's page (the widget protocol's websocket, or the probe's browser)."""
    if isinstance(result.handle, DrillPage):
        await result.handle.close()
    elif isinstance(result.handle, tuple):
        pw, browser = result.handle
        if browser is not None:
            await browser.close()
        await pw.stop()
    result.handle = None


__all__ = ["TraineeResult", "browser_available", "browser_trainee", "close", "protocol_trainee",
           "record_assets", "think_times"]
