"""The people of the live-session bench: a teacher at the projector and students on
their phones, as the pages behave. A page's requests go over one keep-alive
connection (bench/phone.py) and its poll over a second, as a browser opens one for
a request still in flight: every second a tick asks `/live/<id>/poll?v=N`, a tick
while a poll is in flight is queued (htmx keeps the last), so behind the waiter the
next long poll leaves as soon as the last one is answered. The phone fetches its
page when the version changed; sending an answer leaves the page, which drops the
poll in flight. The projector refreshes its counts every 2 s.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

from .phone import Phone, PhoneError, Response
from .stats import Recorder

VERSION = re.compile(r'data-live-version="(\d+)"')
QUESTION_ID = re.compile(r'name="question_id" type="hidden" value="([^"]+)"')
CHOICE = re.compile(r'name="choice"[^>]*value="(\d+)"')
RETRIES = 6


@dataclass
class Timeline:
    """When each teacher clicked and when each phone showed each version, by session."""

    clicks: dict[int, dict[int, float]] = field(default_factory=lambda: defaultdict(dict))
    screens: list[tuple[int, str, int, float]] = field(default_factory=list)
    recorder: Recorder = field(default_factory=Recorder)
    killed_at: float | None = None


async def send(
    phone: Phone,
    recorder: Recorder,
    endpoint: str,
    expect: set[int],
    method: str,
    path: str,
    fields: dict | None = None,
) -> Response:
    """One request, timed; a failure is counted and retried (every live request is
    safe to repeat: a repeated answer keeps the first)."""
    for attempt in range(RETRIES):
        started = time.perf_counter()
        try:
            if method == "POST":
                response = await phone.post_form(path, fields or {})
            else:
                response = await phone.get(path)
        except PhoneError as error:
            recorder.error(endpoint, str(error).split(": ", 1)[1])
        else:
            if response.status in expect:
                recorder.ok(endpoint, time.perf_counter() - started)
                return response
            recorder.error(endpoint, f"HTTP {response.status}")
        await asyncio.sleep(0.2 * 2**attempt)
    raise PhoneError(f"{method} {path}: gave up")


async def log_in(phone: Phone, recorder: Recorder, username: str, password: str) -> None:
    await send(phone, recorder, "login-page", {200}, "GET", "/login")
    fields = {"username": username, "password": password}
    await send(phone, recorder, "login", {303}, "POST", "/login", fields)


@dataclass
class Teacher:
    """Opens a session from the class page and moves it on every `period` seconds."""

    phone: Phone
    username: str
    classroom_id: int
    timeline: Timeline
    session_id: int = 0
    version: int = 0
    clicks: int = 0

    async def open_session(self, password: str, source: str) -> int:
        recorder = self.timeline.recorder
        await log_in(self.phone, recorder, self.username, password)
        path = f"/teach/classes/{self.classroom_id}/live/new"
        await send(self.phone, recorder, "new-page", {200}, "GET", path)
        created = await send(
            self.phone, recorder, "new", {303}, "POST", path, {"source": source, "timer": "0"}
        )
        self.session_id = int(created.location.split("/")[2])
        await self.read_projector()
        return self.session_id

    async def read_projector(self) -> str:
        page = await send(
            self.phone,
            self.timeline.recorder,
            "projector",
            {200},
            "GET",
            f"/live/{self.session_id}/projector",
        )
        self.version = int(VERSION.search(page.text).group(1))
        return page.text

    async def click(self, action: str) -> str:
        """Press a control; the phones' clock for the new version starts now. Returns
        the projector page it leads to."""
        self.timeline.clicks[self.session_id][self.version + 1] = time.perf_counter()
        await send(
            self.phone,
            self.timeline.recorder,
            "control",
            {303},
            "POST",
            f"/live/{self.session_id}/control",
            {"action": action, "version": str(self.version)},
        )
        self.clicks += 1
        return await self.read_projector()

    async def lead(self, period: tuple[float, float], until: float) -> None:
        """Start, then reveal and next in turn, one click every `period` seconds,
        refreshing the counts every 2 s; end the session at `until` or after the last."""
        counts = asyncio.create_task(self.watch_counts())
        try:
            await self.click("start")
            for action in ["reveal", "next"] * 1000:
                await asyncio.sleep(random.uniform(*period))
                if time.perf_counter() >= until:
                    break
                if "live-poll" not in await self.click(action):
                    return
            await self.click("end")
        finally:
            counts.cancel()
            await asyncio.wait([counts])
            await self.phone.close()

    async def watch_counts(self) -> None:
        """The projector's own requests: its poll, and the counts every 2 s."""
        screen = Phone(self.phone.host, self.phone.port, cookies=self.phone.cookies)
        poller = Poller(self.phone, self.timeline.recorder, "projector-poll")
        polling = asyncio.create_task(self._poll_while_open(poller))
        try:
            while True:
                await asyncio.sleep(2)
                path = f"/live/{self.session_id}/counts"
                await send(screen, self.timeline.recorder, "counts", {200}, "GET", path)
        finally:
            polling.cancel()
            await asyncio.wait([polling])
            await poller.phone.close()
            await screen.close()

    async def _poll_while_open(self, poller: Poller) -> None:
        """The projector's own clicks reload it; its poll asks on with what it shows."""
        while True:
            await poller.until_changed(lambda: f"/live/{self.session_id}/poll?v={self.version}")


@dataclass
class Poller:
    """A page's poll on a connection of its own, timed as htmx times `every 1s`."""

    page_phone: Phone
    recorder: Recorder
    endpoint: str = "poll"
    every: float = 1.0
    phone: Phone = field(init=False)

    def __post_init__(self) -> None:
        page = self.page_phone
        self.phone = Phone(page.host, page.port, timeout=120, cookies=page.cookies)

    async def until_changed(self, path) -> None:
        """Poll from the page's load until an answer says the version changed. The
        ticks come every `every` s from the load; one that comes while a poll is in
        flight sends the next poll the moment that one is answered."""
        loaded = time.perf_counter()
        tick = loaded + self.every
        while True:
            await asyncio.sleep(max(0.0, tick - time.perf_counter()))
            sent = time.perf_counter()
            polled = await send(self.phone, self.recorder, self.endpoint, {200, 204}, "GET", path())
            if polled.status == 200:
                return
            tick = loaded + self.every * (int((sent - loaded) / self.every) + 1)


@dataclass
class Student:
    """Joins with the code, then polls, reads each new screen and answers each question."""

    phone: Phone
    username: str
    timeline: Timeline
    acked: set[str] = field(default_factory=set)
    too_late: int = 0
    session_id: int = 0
    version: int = 0
    answered: str = ""

    async def join(self, password: str, code: str) -> None:
        recorder = self.timeline.recorder
        await log_in(self.phone, recorder, self.username, password)
        await send(self.phone, recorder, "join-page", {200}, "GET", f"/live/join/{code}")
        joined = await send(self.phone, recorder, "join", {303}, "POST", f"/live/join/{code}")
        self.session_id = int(joined.location.split("/")[2])
        await self.read_screen()

    async def read_screen(self) -> str:
        page = await send(
            self.phone, self.timeline.recorder, "page", {200}, "GET", f"/live/{self.session_id}"
        )
        return self.show(page.text)

    def show(self, text: str) -> str:
        self.version = int(VERSION.search(text).group(1))
        self.timeline.screens.append(
            (self.session_id, self.username, self.version, time.perf_counter())
        )
        return text

    async def take_part(self, every: float, think: tuple[float, float]) -> None:
        """Poll as the page does; answer each open question after `think` s; stop at
        the end."""
        page = await self.read_screen()
        poller = Poller(self.phone, self.timeline.recorder, every=every)
        try:
            while "live-poll" in page:
                thinking = random.uniform(*think) if 'class="answer-form"' in page else None
                if await self._changed_within(poller, thinking):
                    page = await self.read_screen()
                else:
                    page = await self.answer(page)
        finally:
            await poller.phone.close()

    async def _changed_within(self, poller: Poller, seconds: float | None) -> bool:
        """Whether the poll says the version changed before `seconds` (None: ever) pass;
        if not, the poll in flight is dropped with its connection, as leaving the page
        drops it."""
        path = f"/live/{self.session_id}/poll?v={self.version}"
        polling = asyncio.create_task(poller.until_changed(lambda: path))
        done, _pending = await asyncio.wait([polling], timeout=seconds)
        if done:
            polling.result()
            return True
        polling.cancel()
        await asyncio.wait([polling])
        await poller.phone.close()
        return False

    async def answer(self, page: str) -> str:
        question_id = QUESTION_ID.search(page).group(1)
        fields = {
            "question_id": question_id,
            "choice": random.choice(CHOICE.findall(page)),
            "certainty": str(random.randint(1, 3)),
        }
        response = await send(
            self.phone,
            self.timeline.recorder,
            "answer",
            {303, 409},
            "POST",
            f"/live/{self.session_id}/answer",
            fields,
        )
        if response.status == 409:
            self.too_late += 1
            return self.show(response.text)
        self.acked.add(question_id)
        return await self.read_screen()
