"""Staff access: personal accounts with roles, service tokens for the API, and the audit trail.

Passwords are hashed with Argon2id (argon2-cffi); service tokens are random, shown once and stored as SHA-256
digests (they are long random secrets, so a fast hash is enough to make a stolen database useless). The audit
trail records who did what, when and from where; never the personal data an action touched.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Boolean, Integer, String, Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from assistant.store import Base, NotFoundError, Store, UTCDateTime, row_dict, utcnow

ROLES = ("viewer", "editor", "admin")  # each role may do what the roles before it may
TOKEN_PREFIX = "sma_"
MIN_PASSWORD_CHARS = 12
_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")


class StaffError(ValueError):
    """A staff or token change that cannot be made; the message says why."""


def role_allows(role: str | None, needed: str) -> bool:
    """Whether `role` may do what `needed` may (viewer < editor < admin)."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ServiceToken(Base):
    __tablename__ = "service_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    role: Mapped[str] = mapped_column(String(16))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120))       # "staff:anna", "token:crm-export", "cli", "admin-token"
    action: Mapped[str] = mapped_column(String(60))       # "login", "referrals.export", "person.delete", ...
    target: Mapped[str] = mapped_column(Text, default="")  # an id or a file name; never a name, e-mail or phone
    client: Mapped[str] = mapped_column(String(64), default="")
    outcome: Mapped[str] = mapped_column(String(16), default="ok")


def _check_name(name: str) -> str:
    name = name.strip().lower()
    if not name or len(name) > 80 or not set(name) <= _NAME_CHARS:
        raise StaffError("a name is 1-80 characters: letters, digits, '.', '_', '-' or '@'")
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise StaffError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    return role


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Staff:
    """Accounts, tokens and the audit trail, in the application database (`Store`)."""

    def __init__(self, store: Store):
        from argon2 import PasswordHasher

        self.store = store
        self._hasher = PasswordHasher()
        # Verified against when a name is unknown, so that a wrong name takes as long as a wrong password.
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    # -- accounts ----------------------------------------------------------------------------------------------
    def add_user(self, name: str, role: str, password: str) -> dict:
        name, role = _check_name(name), _check_role(role)
        if len(password) < MIN_PASSWORD_CHARS:
            raise StaffError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
        with self.store.session() as db:
            if db.scalar(select(StaffUser).where(StaffUser.name == name)) is not None:
                raise StaffError(f"there is already an account named {name!r}")
            user = StaffUser(name=name, role=role, password_hash=self._hasher.hash(password))
            db.add(user)
            db.flush()
            return _public(user)

    def set_user(self, name: str, *, role: str | None = None, active: bool | None = None,
                 password: str | None = None) -> dict:
        with self.store.session() as db:
            user = db.scalar(select(StaffUser).where(StaffUser.name == _check_name(name)))
            if user is None:
                raise NotFoundError(f"no account named {name!r}")
            if role is not None:
                user.role = _check_role(role)
            if active is not None:
                user.active = active
            if password is not None:
                if len(password) < MIN_PASSWORD_CHARS:
                    raise StaffError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
                user.password_hash = self._hasher.hash(password)
            return _public(user)

    def users(self) -> list[dict]:
        with self.store.session() as db:
            return [_public(u) for u in db.scalars(select(StaffUser).order_by(StaffUser.name))]

    def login(self, name: str, password: str) -> dict | None:
        """The account for a name and password, or None (unknown, disabled or a wrong password)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        with self.store.session() as db:
            user = db.scalar(select(StaffUser).where(StaffUser.name == (name or "").strip().lower()))
            try:
                self._hasher.verify(user.password_hash if user else self._dummy, password or "")
            except (VerificationError, InvalidHashError):
                return None
            if user is None or not user.active:
                return None
            if self._hasher.check_needs_rehash(user.password_hash):
                user.password_hash = self._hasher.hash(password)
            return _public(user)

    def user(self, name: str) -> dict | None:
        with self.store.session() as db:
            user = db.scalar(select(StaffUser).where(StaffUser.name == (name or "").strip().lower()))
            return _public(user) if user is not None and user.active else None

    # -- service tokens ----------------------------------------------------------------------------------------
    def create_token(self, name: str, role: str) -> tuple[dict, str]:
        """A new token for one purpose; the secret is returned once and only its digest is kept."""
        name, role = _check_name(name), _check_role(role)
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.store.session() as db:
            if db.scalar(select(ServiceToken).where(ServiceToken.name == name)) is not None:
                raise StaffError(f"there is already a token named {name!r}; revoke it first or pick another name")
            token = ServiceToken(name=name, role=role, token_sha256=_digest(secret))
            db.add(token)
            db.flush()
            return _token(token), secret

    def revoke_token(self, name: str) -> dict:
        with self.store.session() as db:
            token = db.scalar(select(ServiceToken).where(ServiceToken.name == _check_name(name)))
            if token is None:
                raise NotFoundError(f"no token named {name!r}")
            token.revoked_at = token.revoked_at or utcnow()
            return _token(token)

    def tokens(self) -> list[dict]:
        with self.store.session() as db:
            return [_token(t) for t in db.scalars(select(ServiceToken).order_by(ServiceToken.name))]

    def check_token(self, secret: str) -> dict | None:
        """The live token for a secret, or None; its last use is noted."""
        if not secret.startswith(TOKEN_PREFIX):
            return None
        with self.store.session() as db:
            token = db.scalar(select(ServiceToken).where(ServiceToken.token_sha256 == _digest(secret)))
            if token is None or token.revoked_at is not None:
                return None
            token.last_used_at = utcnow()
            return _token(token)

    # -- audit trail -------------------------------------------------------------------------------------------
    def audit(self, actor: str, action: str, target: str = "", client: str = "", outcome: str = "ok") -> None:
        with self.store.session() as db:
            db.add(AuditEvent(actor=actor[:120], action=action[:60], target=str(target)[:500], client=client[:64],
                              outcome=outcome[:16]))

    def purge_audit(self, older_than_days: int) -> int:
        """Delete audit events older than N days (they hold client addresses); the number deleted."""
        if older_than_days < 0:
            raise ValueError("older_than_days must be 0 or more")
        cutoff = utcnow() - timedelta(days=older_than_days)
        with self.store.session() as db:
            return db.execute(delete(AuditEvent).where(AuditEvent.at < cutoff)).rowcount

    def audit_events(self, limit: int = 1000, offset: int = 0) -> list[dict]:
        with self.store.session() as db:
            rows = db.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit).offset(offset))
            return [row_dict(r) for r in rows]


def _public(user: StaffUser) -> dict:
    return {"name": user.name, "role": user.role, "active": user.active, "created_at": user.created_at}


def _token(token: ServiceToken) -> dict:
    return {"name": token.name, "role": token.role, "created_at": token.created_at, "revoked_at": token.revoked_at,
            "last_used_at": token.last_used_at}
