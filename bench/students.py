"""A virtual student: log in, open a lesson, answer its whole quiz as htmx would.

Each student has its own cookie jar and remembers every answer the server
acknowledged (the feedback card came back), so the load test can compare them
with the rows in the database. Every request is safe to repeat (start resumes
the open attempt, a repeated answer returns the first one, finish scores once),
so a request that failed is retried, and after a failed answer the student
resumes the attempt the way a reloaded phone would.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from dataclasses import dataclass, field

import httpx

from .stats import Recorder

CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')
FORM_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
QUESTION_ID = re.compile(r'name="question_id" type="hidden" value="([^"]+)"')
CHOICE = re.compile(r'name="choice" required type="radio" value="(\d+)"')
NEXT_QUESTION = re.compile(r'hx-get="(/attempts/\d+/questions/\d+)"')
ATTEMPT = re.compile(r"/attempts/(\d+)")
HTMX = {"HX-Request": "true"}
RETRIES = 6


def plain_http_client(base_url: str) -> httpx.AsyncClient:
    """A client for plain HTTP on loopback. Without TLS verification set up (27 ms of
    CPU per client to load the CA bundle) 500 students cost the client nothing to start."""
    return httpx.AsyncClient(base_url=base_url, timeout=60, verify=False, trust_env=False)


class StudentGaveUp(Exception):
    """A request kept failing after every retry."""


@dataclass
class Think:
    """How long a student pauses, in seconds: uniform between the two bounds."""

    low: float
    high: float

    async def pause(self) -> None:
        await asyncio.sleep(random.uniform(self.low, self.high))


@dataclass
class Student:
    username: str
    password: str
    lesson_id: str
    recorder: Recorder
    base_url: str
    acked: set[tuple[int, str]] = field(default_factory=set)
    finished: bool = False
    resumes: int = 0
    recovered: int = 0
    token: str = ""
    interrupted: bool = False

    def client(self) -> httpx.AsyncClient:
        return plain_http_client(self.base_url)

    async def send(self, http, endpoint, method, url, expect, **kwargs) -> httpx.Response:
        """One request, timed; failures are counted and retried with a short back-off."""
        self.interrupted = False
        for attempt in range(RETRIES):
            started = time.perf_counter()
            try:
                response = await http.request(method, url, **kwargs)
            except httpx.TransportError as error:
                self.recorder.error(endpoint, type(error).__name__)
            else:
                if response.status_code in expect:
                    self.recorder.ok(endpoint, time.perf_counter() - started)
                    self.recovered += self.interrupted
                    return response
                self.recorder.error(endpoint, f"HTTP {response.status_code}")
            self.interrupted = True
            await asyncio.sleep(0.2 * 2**attempt)
        raise StudentGaveUp(f"{self.username}: {method} {url}")

    async def log_in(self, http) -> None:
        page = await self.send(http, "login-page", "GET", "/login", {200})
        data = {"csrf_token": CSRF.search(page.text).group(1)}
        data |= {"username": self.username, "password": self.password}
        await self.send(http, "login", "POST", "/login", {303}, data=data)

    async def post_form(self, http, endpoint, url, expect, data=None, **kwargs):
        return await self.send(
            http,
            endpoint,
            "POST",
            url,
            expect,
            data={"csrf_token": self.token} | (data or {}),
            **kwargs,
        )

    async def open_lesson(self, http) -> None:
        page = await self.send(http, "lesson", "GET", f"/lessons/{self.lesson_id}", {200})
        self.token = CSRF.search(page.text).group(1)

    async def start_quiz(self, http, quiz_id: str) -> int:
        response = await self.post_form(http, "start", f"/quizzes/{quiz_id}/start", {303})
        return int(ATTEMPT.search(response.headers["location"]).group(1))

    async def open_attempt(self, http, attempt_id: int) -> str | None:
        """The card of the first unanswered question, or None when all are answered
        (scored or not): where the quiz starts, and where a student resumes after a failure."""
        response = await self.send(
            http, "open", "GET", f"/attempts/{attempt_id}", {200}, follow_redirects=True
        )
        return None if response.url.path.endswith(("/finish", "/result")) else response.text

    async def answer(self, http, attempt_id: int, card: str, certainty: int) -> str:
        """Answer the question on the card; returns the feedback card the server sent."""
        question_id = QUESTION_ID.search(card).group(1)
        data = {
            "question_id": question_id,
            "choice": random.choice(CHOICE.findall(card)),
            "certainty": str(certainty),
        }
        feedback = await self.post_form(
            http, "answer", f"/attempts/{attempt_id}/answer", {200}, data, headers=HTMX
        )
        if 'class="feedback' not in feedback.text:
            raise StudentGaveUp(f"{self.username}: no feedback for {question_id}")
        self.acked.add((attempt_id, question_id))
        # Interrupted on the way (a worker died): resume rather than trust the old card.
        return "" if self.interrupted else feedback.text

    async def answer_quiz(self, http, attempt_id: int, think: Think, read_feedback: Think):
        card = await self.open_attempt(http, attempt_id)
        while card is not None:
            await think.pause()
            feedback = await self.answer(http, attempt_id, card, random.randint(1, 3))
            if not feedback:
                self.resumes += 1
                card = await self.open_attempt(http, attempt_id)
                continue
            link = NEXT_QUESTION.search(feedback)
            if link is None:
                break
            await read_feedback.pause()
            card = (
                await self.send(http, "question", "GET", link.group(1), {200}, headers=HTMX)
            ).text

    async def finish_quiz(self, http, attempt_id: int) -> None:
        """Press the last feedback's "See my results". The last answer scores the
        attempt, so the results come at once; if its worker died before scoring it,
        the result page sends the phone to the all-answered page, whose button scores it."""
        result = f"/attempts/{attempt_id}/result"
        page = await self.send(http, "result", "GET", result, {200}, follow_redirects=True)
        if page.url.path.endswith("/finish"):
            await self.post_form(http, "finish", f"/attempts/{attempt_id}/finish", {303})
            await self.send(http, "result", "GET", result, {200})
        self.finished = True

    async def take_lesson(self, think: Think, read_feedback: Think, read_lesson: Think) -> None:
        """The whole visit: log in, read the lesson, answer its quiz, see the result."""
        async with self.client() as http:
            await self.log_in(http)
            await self.open_lesson(http)
            await read_lesson.pause()
            attempt_id = await self.start_quiz(http, self.lesson_id)
            await self.answer_quiz(http, attempt_id, think, read_feedback)
            await self.finish_quiz(http, attempt_id)
