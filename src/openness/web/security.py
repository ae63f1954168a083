"""Security middleware for the web app: response headers and a request body limit.

Owns the headers every response carries (Content-Security-Policy, nosniff,
referrer and framing policy) and the 2 MB cap on request bodies, checked on
the declared Content-Length and on the bytes actually streamed. It does not
escape text: templates autoescape. Entry point: ``SecurityMiddleware``.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openness.limits import REQUEST_BYTES as MAX_BODY_BYTES  # larger bodies get 413

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
    "connect-src 'self'"
)
"""No inline script or style, nothing from other origins."""

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class BodyTooLargeError(HTTPException):
    """The streamed request body went over the limit (an HTTP 413)."""

    def __init__(self) -> None:
        """Build the 413 with its one-line message."""
        super().__init__(413, "request body over 2 MB; send a shorter text")


class SecurityMiddleware:
    """Pure ASGI middleware adding security headers and enforcing the body limit."""

    def __init__(self, app: ASGIApp, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        """Wrap *app*.

        Args:
            app: the ASGI application to protect.
            max_body_bytes: the largest request body accepted.
        """
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection scope."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        head = scope["method"] == "HEAD"
        if head:  # a HEAD is answered as its GET would be, without the body
            scope = {**scope, "method": "GET"}

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        if self._declared_length(scope) > self.max_body_bytes:
            await _send_too_large(send_with_headers)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLargeError
            return message

        try:
            await self.app(scope, counting_receive, send_with_headers)
        except BodyTooLargeError:
            if not started:
                await _send_too_large(send_with_headers)

    @staticmethod
    def _declared_length(scope: Scope) -> int:
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    return int(value)
                except ValueError:
                    return 0
        return 0


async def _send_too_large(send: Send) -> None:
    body = b'{"error": "request body over 2 MB; send a shorter text"}'
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
