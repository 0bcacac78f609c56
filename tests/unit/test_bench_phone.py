"""The live bench's raw-HTTP phone: keep-alive, cookies, CSRF token, both body framings."""

import asyncio

from bench.phone import Phone, PhoneError
from tests.conftest import run_apart

PAGE = (
    b'<body data-hx-headers=\'{"X-CSRFToken": "tok-1"}\'>'
    b'<input name="csrf_token" type="hidden" value="tok-1"></body>'
)


def _response(status: str, headers: list[str], body: bytes = b"") -> bytes:
    head = [f"HTTP/1.1 {status}", *headers]
    if body and not any(h.lower().startswith("transfer-encoding") for h in headers):
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def _chunked(body: bytes) -> bytes:
    half = len(body) // 2
    parts = [body[:half], body[half:]]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


async def _serve(replies: list[bytes], seen: list[bytes], connections: list[int]):
    """A server answering each request with the next reply, recording what it got."""

    async def handle(reader, writer):
        connections.append(1)
        while replies:
            head = await reader.readuntil(b"\r\n\r\n")
            length = [
                int(h.split(b":")[1])
                for h in head.split(b"\r\n")
                if h.lower().startswith(b"content-length")
            ]
            body = await reader.readexactly(length[0]) if length else b""
            seen.append(head + body)
            reply = replies.pop(0)
            writer.write(reply)
            await writer.drain()
            if b"Connection: close" in reply:
                break
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


def test_a_phone_keeps_its_cookies_and_token_on_one_connection():
    async def scenario():
        replies = [
            _response(
                "200 OK",
                ["Content-Type: text/html", "Set-Cookie: session=abc; HttpOnly; Path=/"],
                PAGE,
            ),
            _response("303 See Other", ["Location: /live/7", "Content-Length: 0"]),
            _response(
                "200 OK",
                ["Content-Type: text/html", "Transfer-Encoding: chunked"],
                _chunked(b"<p>hi</p>" * 50),
            ),
            _response("204 No Content", ["X-Live-Version: 3"]),
        ]
        seen, connections = [], []
        server = await _serve(replies, seen, connections)
        port = server.sockets[0].getsockname()[1]
        phone = Phone("127.0.0.1", port)
        first = await phone.get("/login")
        posted = await phone.post_form("/live/join/ABC", {"nickname": "sam"})
        chunked = await phone.get("/live/7")
        polled = await phone.get("/live/7/poll?v=3")
        await phone.close()
        server.close()
        await server.wait_closed()
        return first, posted, chunked, polled, seen, connections, phone

    first, posted, chunked, polled, seen, connections, phone = run_apart(scenario)

    assert first.status == 200 and phone.token == "tok-1"
    assert posted.status == 303 and posted.location == "/live/7"
    assert b"Cookie: session=abc" in seen[1]
    assert seen[1].endswith(b"csrf_token=tok-1&nickname=sam")
    assert chunked.body == b"<p>hi</p>" * 50
    assert polled.status == 204 and polled.headers["x-live-version"] == "3"
    assert len(connections) == 1, "one keep-alive connection for every request"


def test_a_closed_connection_is_reopened_and_a_cleared_cookie_forgotten():
    async def scenario():
        replies = [
            _response("200 OK", ["Set-Cookie: session=abc", "Connection: close"], b"one"),
            _response("200 OK", ["Set-Cookie: session=; Max-Age=0"], b"two"),
        ]
        seen, connections = [], []
        server = await _serve(replies, seen, connections)
        phone = Phone("127.0.0.1", server.sockets[0].getsockname()[1])
        await phone.get("/a")
        second = await phone.get("/b")
        await phone.close()
        server.close()
        await server.wait_closed()
        return second, connections, phone

    second, connections, phone = run_apart(scenario)

    assert second.body == b"two"
    assert len(connections) == 2
    assert phone.cookies == {}


def test_no_server_is_a_phone_error():
    async def scenario():
        server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        server.close()
        await server.wait_closed()
        try:
            await Phone("127.0.0.1", port, timeout=2).get("/")
        except PhoneError as error:
            return str(error)
        return "no error"

    assert run_apart(scenario).startswith("GET /: ")
