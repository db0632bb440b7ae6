"""Who is calling /api/admin and what they may do: service tokens, the legacy admin token, a trusted SSO header;
roles (a refusal leaves an audit row, through the admin service); throttling of failed attempts; and the
security headers of every response.

A request is let in as an `Actor` (name and role) or refused: 401 for missing or wrong credentials, 403 for a role
that may not do this, 429 with `Retry-After` once a client address has failed too often (the failures are
counted in the same rate-limit storage as the chat, so Redis serves it once deployed). Failed attempts are logged
without the secret and with the client address hashed.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.staff import Staff
from assistant.web.admin_service import Who, permitted

log = logging.getLogger(__name__)

_bearer = HTTPBearer(auto_error=False, description="A service token (assistant token create) or ASSISTANT_ADMIN_TOKEN")


@dataclass(frozen=True)
class Actor:
    name: str   # "token:crm-export", "staff:anna", "admin-token"
    role: str


def client_address(request: Request) -> str:
    # uvicorn has already replaced the address with X-Forwarded-For when the peer is a trusted proxy.
    return request.client.host if request.client else "unknown"


def sso_name(request: Request) -> str | None:
    """The staff name a trusted identity proxy sets in the SSO header; None without one, or from elsewhere."""
    settings = request.app.state.settings
    header = getattr(settings, "sso_header", None)
    if not header or client_address(request) not in settings.sso_trusted_proxies:
        return None
    return request.headers.get(header) or None


def sso_user(request: Request) -> dict | None:
    """The active staff account the trusted identity proxy names, else None."""
    name = sso_name(request)
    return request.app.state.staff.user(name) if name is not None else None


def hashed(address: str) -> str:
    """A client address as it goes into logs: enough to see that failures come from one place, no more."""
    return hashlib.sha256(f"sma-log:{address}".encode()).hexdigest()[:12]


class AuthThrottle:
    """Failed sign-ins and bad tokens per client address (and per account name), in the rate-limit storage."""

    def __init__(self, spec: str, storage_uri: str):
        from assistant.web.api import RateLimiter

        self.limiter = RateLimiter(spec, storage_uri)

    def blocked(self, key: str) -> int | None:
        """Seconds to wait when `key` has used up its failures, else None (nothing counted)."""
        return self.limiter.retry_after(f"auth:{key}")

    def failed(self, key: str) -> int | None:
        """Count a failure for `key`; the seconds to wait when that used up the budget, else None."""
        return self.limiter.hit(f"auth:{key}")


def _refuse(request: Request, why: str) -> HTTPException:
    throttle: AuthThrottle = request.app.state.auth_throttle
    client = client_address(request)
    retry = throttle.failed(client)
    log.warning("admin access refused (%s) from client %s", why, hashed(client))
    if retry is not None:
        return HTTPException(429, f"Too many failed attempts; try again in {retry} seconds.",
                             headers={"Retry-After": str(retry)})
    return HTTPException(401, "Missing or wrong admin token (Authorization: Bearer <token>).",
                         headers={"WWW-Authenticate": "Bearer"})


def authenticate(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> Actor:
    """The caller of an admin endpoint, or 401/403/429. Sets `request.state.actor`."""
    settings = request.app.state.settings
    staff: Staff = request.app.state.staff
    throttle: AuthThrottle = request.app.state.auth_throttle
    client = client_address(request)
    retry = throttle.blocked(client)
    if retry is not None:
        raise HTTPException(429, f"Too many failed attempts; try again in {retry} seconds.",
                            headers={"Retry-After": str(retry)})
    actor = None
    if sso_name(request) is not None:
        user = sso_user(request)
        if user is None:
            raise _refuse(request, "unknown SSO user")
        actor = Actor(f"staff:{user['name']}", user["role"])
    elif credentials is not None:
        given = credentials.credentials
        legacy = settings.admin_token.get_secret_value() if settings.admin_token else ""
        if legacy and secrets.compare_digest(given.encode(), legacy.encode()):
            actor = Actor("admin-token", "admin")
        else:
            token = staff.check_token(given)
            if token is not None:
                actor = Actor(f"token:{token['name']}", token["role"])
    if actor is None:
        if not (settings.admin_token or settings.sso_header or any(t["revoked_at"] is None for t in staff.tokens())):
            raise HTTPException(403, "Admin is disabled: create a token with `assistant token create` (or set "
                                     "ASSISTANT_ADMIN_TOKEN) to enable the staff endpoints.")
        raise _refuse(request, "bad credentials")
    request.state.actor = actor
    return actor


def require(role: str):
    """Dependency: the caller must have at least `role` (viewer < editor < admin); a refusal is audited."""

    def check(request: Request, actor: Actor = Depends(authenticate)) -> Actor:
        who = Who(actor.name, actor.role, client_address(request))
        if not permitted(request.app.state.staff, who, role, f"{request.method} {request.url.path}"):
            raise HTTPException(403, f"This needs the {role} role; {actor.name} is {actor.role}.")
        return actor

    return check


class LoginThrottle:
    """ASGI middleware for the /admin login form (Gradio's): a client address that has failed too often gets 429
    with Retry-After before its password is even checked, and every refused login counts against the address,
    as bad tokens do on the API. (Per account, the login check itself counts: see assistant.web.page.)"""

    def __init__(self, app, path: str = "/admin/login"):
        self.app = app
        self.path = path

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("path") != self.path or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        throttle: AuthThrottle = scope["app"].state.auth_throttle
        client = (scope.get("client") or ("unknown", 0))[0]
        retry = throttle.blocked(client)
        if retry is not None:
            from starlette.responses import JSONResponse

            response = JSONResponse({"detail": f"Too many failed sign-ins; try again in {retry} seconds."},
                                    status_code=429, headers={"Retry-After": str(retry)})
            await response(scope, receive, send)
            return

        async def count_failures(message):
            if message["type"] == "http.response.start" and message["status"] == 400:
                throttle.failed(client)
                log.warning("admin sign-in refused from client %s", hashed(client))
            await send(message)

        await self.app(scope, receive, count_failures)


# -- security headers ------------------------------------------------------------------------------------------
def content_security_policy(path: str, frame_ancestors: list[str]) -> str:
    """The CSP of a page. /embed (the widget page) runs only our own script file. Gradio's pages (/ and /admin)
    need inline scripts and string evaluation for their components, so there only the sources are pinned to our
    own origin. Everywhere: no plugins, no <base> or form hijacking, and no framing but /embed by the allowed
    origins."""
    origins = [o for o in frame_ancestors if re.fullmatch(r"https?://[^\s;,']+", o)]
    embed = path.startswith("/embed")
    ancestors = " ".join(["'self'", *origins]) if embed else "'none'"
    scripts = "'self'" if embed else "'self' 'unsafe-inline' 'unsafe-eval'"
    return (f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            f"base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}")


def strict_cookie(header: bytes) -> bytes:
    """A Set-Cookie header with SameSite=Strict: the /admin login cookie (Gradio sets SameSite=None, for pages
    embedded elsewhere) then never rides along with a request another site makes, which is what stops a
    cross-site form or script from acting as a signed-in staff member. HttpOnly is kept or added."""
    parts = [p.strip() for p in header.decode("latin-1").split(";")]
    kept = [p for p in parts if not p.lower().startswith("samesite")]
    if not any(p.lower() == "httponly" for p in kept):
        kept.append("HttpOnly")
    return "; ".join([*kept, "SameSite=strict"]).encode("latin-1")


class SecurityHeaders:
    """ASGI middleware: CSP, nosniff and a referrer policy on every response (widget.js excepted from framing
    rules: it is a script other sites load), and SameSite=Strict on every cookie it sets (the /admin login)."""

    def __init__(self, app, frame_ancestors: list[str]):
        self.app = app
        self.frame_ancestors = frame_ancestors

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"strict-origin-when-cross-origin")]
        if not path.startswith(("/api/", "/widget.js")):
            extra.append((b"content-security-policy", content_security_policy(path, self.frame_ancestors).encode()))

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, strict_cookie(v) if k.lower() == b"set-cookie" else v)
                           for k, v in message.get("headers", [])]
                present = {k.lower() for k, _ in headers}
                message["headers"] = headers + [(k, v) for k, v in extra if k not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)
