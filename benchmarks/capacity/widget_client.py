"""One page of the drill as the server sees it, without a browser: the widget protocol over the kernel websocket.

What a browser does when a trainee opens the drill, and what this page does in its place:

1. ``GET /``: Voila starts a kernel for the visit, runs the notebook in it and streams the page, whose
   page config names the kernel (``kernelId``). The page then loads Voila's scripts and styles: a first
   visit fetches them all (about 5 MB in ~95 requests); :class:`DrillPage` fetches the list it is given,
   or else the files the page itself names (its scripts load the rest, which only a browser finds).
2. The browser's widget manager opens the kernel websocket (``/api/kernels/<id>/channels``), opens the
   ``jupyter.widget.control`` comm and asks for every widget's state (``request_states``).
3. From then on widgets talk by comm messages: the kernel opens new widgets (``comm_open``) and sends
   changes (``update``, ``echo_update``); the page sends changes a trainee makes (``update``) and button
   clicks (``custom`` ``{"event": "click"}``).
4. A ``Play`` widget that is playing advances its value every ``interval`` ms *in the browser* and sends
   each step to the kernel (the app's one-second timer works this way): :class:`DrillPage` does the same,
   so the server carries the same load per trainee as with a real browser.

The page keeps a mirror of every widget's state and answers "which widgets with this CSS class are on the
screen" (reachable from the app's root ``dk-app`` and not hidden by ``display: none``), as a browser test
finds them by ``.dk-name`` and such. Messages use the kernel websocket's JSON protocol (no subprotocol).
"""
from __future__ import annotations

import asyncio
import json
import re
import struct
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, TypeVar

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.iostream import StreamClosedError
from tornado.websocket import WebSocketClientConnection, WebSocketClosedError, websocket_connect

T = TypeVar("T")
MODEL_REF = "IPY_MODEL_"
SCREEN_KEYS = {"_dom_classes", "children", "display", "disabled"}   # changes that move what is on screen
CONTROL_PROTOCOL = "1.0.0"       # ipywidgets 8's widget control protocol (request_states / update_states)
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]+)"')
NAMED_FILE = re.compile(r'(?:src|href)="(/[^/"][^"]*)"')     # same-origin scripts and styles in the page


class PageError(Exception):
    """A page could not be opened or did not answer in time (the message is one line)."""


def http_client() -> AsyncHTTPClient:
    """The shared HTTP client, allowed as many requests at once as a cohort of browsers makes (tornado's
    default of 10 would queue page requests in the benchmark, not in the server)."""
    AsyncHTTPClient.configure(None, max_clients=1000)
    return AsyncHTTPClient()


def _message(msg_type: str, content: dict, session: str, metadata: dict | None = None,
             msg_id: str | None = None) -> str:
    """A shell-channel message in the kernel websocket's JSON form."""
    header = {"msg_id": msg_id or uuid.uuid4().hex, "msg_type": msg_type, "username": "bench", "session": session,
              "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "version": "5.3"}
    return json.dumps({"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content,
                       "channel": "shell", "buffers": []})


def _decode(frame: str | bytes) -> dict:
    """A websocket frame as a message: JSON text, or (a message with binary buffers) the legacy binary form:
    a big-endian count of parts, their offsets, then the JSON message first (buffers are not needed here)."""
    if isinstance(frame, str):
        return json.loads(frame)
    (count,) = struct.unpack("!I", frame[:4])
    offsets = list(struct.unpack(f"!{count}I", frame[4:4 + 4 * count])) + [len(frame)]
    return json.loads(frame[offsets[0]:offsets[1]].decode("utf-8"))


class DrillPage:
    """A trainee's page on the Voila server at ``base_url`` (``http://host:port/``); ``assets``: the static
    files a first visit fetches (paths under the server; None: those the page names). Use :meth:`open`, then read the widget mirror,
    :meth:`set` and :meth:`click`, and :meth:`wait_for` what the kernel sends back; :meth:`close` at the end."""

    def __init__(self, base_url: str, assets: list[str] | None = None, timeout: float = 180.0):
        self.base_url = base_url.rstrip("/") + "/"
        self.assets = assets
        self.timeout = timeout
        self.session = uuid.uuid4().hex
        self.kernel_id: str | None = None
        self.states: dict[str, dict[str, Any]] = {}     # model id -> the widget's state, as the kernel sent it
        self.model_names: dict[str, str] = {}           # model id -> model name (e.g. "ButtonModel")
        self.closed = False
        self.ticks = 0                                   # Play steps sent (the app's timer)
        # for each click: when it was sent, and (the kernel's clock, epoch seconds) when the kernel went busy
        # with it and idle again, from the status messages' headers
        self.handled: dict[str, dict[str, float]] = {}
        self._ws: WebSocketClientConnection | None = None
        self._control = uuid.uuid4().hex
        self._states_in = asyncio.Event()
        self._changed = asyncio.Condition()
        self._tasks: list[asyncio.Task] = []

    # --- opening and closing ---------------------------------------------------------------
    async def open(self) -> None:
        """Request the page (starting its kernel), fetch its assets, connect to the kernel and load every
        widget's state, as a browser does before the trainee sees the app. PageError if any step fails."""
        client = http_client()
        try:
            response = await client.fetch(HTTPRequest(self.base_url, request_timeout=self.timeout,
                                                      connect_timeout=self.timeout))
        except (HTTPClientError, OSError) as exc:
            raise PageError(f"GET {self.base_url}: {exc}") from None
        page = response.body.decode("utf-8", errors="replace")
        found = KERNEL_ID.search(page)
        if found is None:
            raise PageError(f"GET {self.base_url}: the page names no kernel (kernelId); is this a Voila page?")
        self.kernel_id = found.group(1)
        assets = self.assets if self.assets is not None else NAMED_FILE.findall(page)
        results = await asyncio.gather(*(client.fetch(HTTPRequest(self.base_url + a.lstrip("/"),
                                                                  request_timeout=self.timeout), raise_error=False)
                                          for a in assets))
        missing = [a for a, r in zip(assets, results) if r.code != 200]
        if missing:
            raise PageError(f"{len(missing)} of {len(assets)} page assets could not be fetched (first: {missing[0]})")
        ws_url = re.sub(r"^http", "ws", self.base_url) + f"api/kernels/{self.kernel_id}/channels?session_id={self.session}"
        try:
            self._ws = await websocket_connect(HTTPRequest(ws_url, connect_timeout=self.timeout,
                                                           request_timeout=self.timeout),
                                               max_message_size=256 * 1024 * 1024)
        except (HTTPClientError, OSError) as exc:
            raise PageError(f"kernel websocket {ws_url}: {exc}") from None
        self._tasks.append(asyncio.create_task(self._read()))
        await self._send("comm_open", {"comm_id": self._control, "target_name": "jupyter.widget.control",
                                       "data": {}}, metadata={"version": CONTROL_PROTOCOL})
        await self._send("comm_msg", {"comm_id": self._control, "data": {"method": "request_states"}})
        try:
            await asyncio.wait_for(self._states_in.wait(), self.timeout)
        except TimeoutError:
            raise PageError(f"kernel {self.kernel_id}: no widget states within {self.timeout:.0f} s") from None
        self._tasks.append(asyncio.create_task(self._play()))

    async def close(self) -> None:
        """Close the websocket (the tab is closed; Voila 0.5 keeps the kernel until it is culled)."""
        for task in self._tasks:
            task.cancel()
        if self._ws is not None:
            self._ws.close()
        self.closed = True

    # --- the kernel's messages -------------------------------------------------------------
    async def _send(self, msg_type: str, content: dict, metadata: dict | None = None,
                    msg_id: str | None = None) -> str:
        """Send a message to the kernel; its id."""
        closed = PageError(f"kernel {self.kernel_id}: the websocket is closed (kernel culled or gone)")
        if self._ws is None or self.closed:
            raise closed
        msg_id = msg_id or uuid.uuid4().hex
        try:
            await self._ws.write_message(_message(msg_type, content, self.session, metadata, msg_id))
            return msg_id
        except (WebSocketClosedError, StreamClosedError):
            self.closed = True
            raise closed from None

    async def _read(self) -> None:
        while True:
            frame = await self._ws.read_message()
            if frame is None:
                self.closed = True
            if frame is None or self._apply(_decode(frame)):
                async with self._changed:
                    self._changed.notify_all()
            if frame is None:
                return

    def _apply(self, msg: dict) -> bool:
        """Apply one message to the mirror; True if it may change what is on the screen (waiters look
        again only then: the timer's updates, several a second for every page, need no look)."""
        kind = msg.get("header", {}).get("msg_type") or msg.get("msg_type")
        content = msg.get("content", {})
        if kind == "status":
            times = self.handled.get(msg.get("parent_header", {}).get("msg_id"))
            if times is not None and "date" in msg.get("header", {}):
                times[content.get("execution_state", "?")] = datetime.fromisoformat(msg["header"]["date"]).timestamp()
            return False
        if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            data = content.get("data", {})
            self.states[content["comm_id"]] = dict(data.get("state", {}))
            self.model_names[content["comm_id"]] = data.get("state", {}).get("_model_name", "")
            return True
        if kind == "comm_msg":
            data = content.get("data", {})
            comm = content.get("comm_id")
            if comm == self._control and data.get("method") == "update_states":
                for model_id, model in data.get("states", {}).items():
                    self.states[model_id] = dict(model.get("state", {}))
                    self.model_names[model_id] = model.get("model_name", "")
                self._states_in.set()
                return True
            if comm in self.states and data.get("method") in ("update", "echo_update"):
                state = data.get("state", {})
                self.states[comm].update(state)
                return bool(SCREEN_KEYS & state.keys()) or "dk-card" in (self.states[comm].get("_dom_classes") or ())
            return False
        if kind == "comm_close":
            return self.states.pop(content.get("comm_id"), None) is not None
        return False

    async def _play(self) -> None:
        """Advance every playing Play widget as a browser does: value + step each interval, sent to the kernel."""
        while True:
            await asyncio.sleep(0.05)
            for model_id, state in list(self.states.items()):
                if self.model_names.get(model_id) != "PlayModel" or not state.get("playing"):
                    continue
                due = state.setdefault("_bench_due", time.monotonic() + state.get("interval", 100) / 1000)
                if time.monotonic() >= due and not self.closed:
                    state["_bench_due"] = due + state.get("interval", 100) / 1000
                    state["value"] = state.get("value", 0) + state.get("step", 1)
                    self.ticks += 1
                    try:
                        await self._send("comm_msg", {"comm_id": model_id, "data": {
                            "method": "update", "state": {"value": state["value"]}, "buffer_paths": []}})
                    except PageError:
                        return
            for state in self.states.values():
                if not state.get("playing"):
                    state.pop("_bench_due", None)

    # --- what is on the screen -------------------------------------------------------------
    def root(self) -> str | None:
        """The app's root widget (class ``dk-app``)."""
        return next((m for m, s in self.states.items() if "dk-app" in (s.get("_dom_classes") or ())), None)

    def _hidden(self, state: dict) -> bool:
        layout = state.get("layout")
        if isinstance(layout, str) and layout.startswith(MODEL_REF):
            return self.states.get(layout[len(MODEL_REF):], {}).get("display") == "none"
        return False

    def displayed(self) -> Iterator[str]:
        """Every widget on the screen: reachable from the root through children, none hidden."""
        start = self.root()
        stack = [start] if start else []
        seen: set[str] = set()
        while stack:
            model_id = stack.pop()
            state = self.states.get(model_id)
            if model_id in seen or state is None or self._hidden(state):
                continue
            seen.add(model_id)
            yield model_id
            stack.extend(c[len(MODEL_REF):] for c in reversed(state.get("children") or ())
                         if isinstance(c, str) and c.startswith(MODEL_REF))

    def find(self, css_class: str, within: str | None = None) -> list[str]:
        """The widgets on the screen with ``css_class`` (``within``: only under that widget), in page order."""
        ids = self.descendants(within) if within else list(self.displayed())
        return [m for m in ids if css_class in (self.states[m].get("_dom_classes") or ())]

    def descendants(self, model_id: str) -> list[str]:
        """``model_id`` and every widget under it that is not hidden, in page order."""
        out, stack = [], [model_id]
        while stack:
            current = stack.pop()
            state = self.states.get(current)
            if state is None or self._hidden(state):
                continue
            out.append(current)
            stack.extend(c[len(MODEL_REF):] for c in reversed(state.get("children") or ())
                         if isinstance(c, str) and c.startswith(MODEL_REF))
        return out

    def classes(self, model_id: str) -> list[str]:
        return list(self.states.get(model_id, {}).get("_dom_classes") or ())

    def text(self, css_class: str) -> str:
        """The HTML values of the widgets on the screen with ``css_class``, joined."""
        return "\n".join(str(self.states[m].get("value", "")) for m in self.find(css_class))

    # --- what a trainee does ---------------------------------------------------------------
    async def set(self, model_id: str, **state: Any) -> None:
        """Change a widget as the trainee would (the browser sends the new state to the kernel)."""
        self.states[model_id].update(state)
        await self._send("comm_msg", {"comm_id": model_id, "data": {"method": "update", "state": state,
                                                                      "buffer_paths": []}})

    async def click(self, model_id: str) -> str:
        """Click a button; the id of the message (:attr:`handled` gets when the kernel handled it)."""
        msg_id = uuid.uuid4().hex
        self.handled[msg_id] = {"sent": time.time()}
        return await self._send("comm_msg", {"comm_id": model_id, "data": {"method": "custom",
                                                                          "content": {"event": "click"}}},
                                msg_id=msg_id)

    async def wait_for(self, predicate: Callable[[], T], timeout: float) -> T:
        """The first truthy value of ``predicate()``, checked now and after each message from the kernel;
        PageError after ``timeout`` seconds or if the kernel goes away."""
        def check():
            if self.closed:
                raise PageError(f"kernel {self.kernel_id}: the websocket closed (kernel culled or gone)")
            return predicate()
        try:
            async with self._changed:
                return await asyncio.wait_for(self._changed.wait_for(check), timeout)
        except TimeoutError:
            raise PageError(f"kernel {self.kernel_id}: nothing after {timeout:.0f} s") from None


__all__ = ["DrillPage", "PageError", "http_client"]
