"""A light phone for the live-session bench: raw HTTP/1.1 over one keep-alive connection.

httpx costs the client about a millisecond of CPU per request; two thousand phones
polling every second would then take a whole core of the two the server needs. A
phone here is one asyncio stream, its cookies (name -> value, sent back on every
request) and the CSRF token of the last page it read: a few tens of microseconds
a request, and thousands of phones in one process. It speaks only what the app
and nginx send it: Content-Length or chunked bodies, no compression (it asks for
none), no TLS.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"|name="csrf_token" type="hidden" value="([^"]+)"')


class PhoneError(Exception):
    """The connection failed or the response could not be read: the phone retries."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        """The redirect's target as a path (nginx and the app send relative ones)."""
        target = self.headers.get("location", "")
        return "/" + target.split("://", 1)[1].split("/", 1)[1] if "://" in target else target


@dataclass
class Phone:
    """One student's (or teacher's) browser: a connection, cookies and a CSRF token."""

    host: str
    port: int
    timeout: float = 30.0
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, headers: dict | None = None) -> Response:
        return await self.request("GET", path, headers=headers)

    async def post_form(self, path: str, fields: dict, headers: dict | None = None) -> Response:
        """A form post carrying the CSRF token the phone's last page gave it."""
        body = urlencode({"csrf_token": self.token} | fields).encode()
        form = {"Content-Type": "application/x-www-form-urlencoded"} | (headers or {})
        return await self.request("POST", path, body, form)

    async def request(
        self, method: str, path: str, body: bytes = b"", headers: dict | None = None
    ) -> Response:
        """One request and its whole response; a dropped keep-alive connection is
        reopened once before giving up (the server may close an idle one)."""
        for reuse in (self.writer is not None, False):
            try:
                if self.writer is None:
                    await self._connect()
                self.writer.write(self._head(method, path, body, headers) + body)
                response = await asyncio.wait_for(self._read_response(), self.timeout)
            except (OSError, EOFError, asyncio.IncompleteReadError, TimeoutError) as error:
                await self.close()
                if reuse:
                    continue
                raise PhoneError(f"{method} {path}: {type(error).__name__}") from None
            self._remember(response)
            if response.headers.get("connection", "").lower() == "close":
                await self.close()
            return response
        raise AssertionError("unreachable")

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None

    async def _connect(self) -> None:
        self.reader, self.writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port), self.timeout
        )

    def _head(self, method: str, path: str, body: bytes, headers: dict | None) -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        lines.extend(f"{k}: {v}" for k, v in (headers or {}).items())
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def _read_response(self) -> Response:
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers: dict[str, str] = {}
        cookies: list[str] = []
        for line in filter(None, header_lines):
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookies.append(value)
            headers[name] = value
        response = Response(status, headers, await self._read_body(headers, status))
        response.headers["set-cookie"] = "\n".join(cookies)
        return response

    async def _read_body(self, headers: dict[str, str], status: int) -> bytes:
        if status in (204, 304) or 100 <= status < 200:
            return b""
        if headers.get("transfer-encoding", "").lower() == "chunked":
            return await self._read_chunks()
        return await self.reader.readexactly(int(headers.get("content-length", "0")))

    async def _read_chunks(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    def _remember(self, response: Response) -> None:
        """Keep the cookies the response set (an empty value or Max-Age=0 deletes
        one) and the CSRF token of an HTML page."""
        for line in filter(None, response.headers.get("set-cookie", "").split("\n")):
            pair, *attributes = line.split(";")
            name, _, value = pair.strip().partition("=")
            deleted = any(a.strip().lower() == "max-age=0" for a in attributes)
            if value and not deleted:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        if response.headers.get("content-type", "").startswith("text/html"):
            found = CSRF.search(response.text)
            if found:
                self.token = found.group(1) or found.group(2)
