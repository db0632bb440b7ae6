"""Request and response models of the HTTP API (they are the OpenAPI schema too)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field, StringConstraints, field_validator, model_validator

from assistant.types import Answer, Turn

SessionId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
LanguageCode = Literal["nl", "en"]
# Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is checked by the adviser who calls.
EMAIL_RE = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[A-Za-z]{2,}$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,38}$")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
MAX_ROW_ID = 2**63 - 1  # the largest SQLite INTEGER: a larger id is a 422, not a database overflow


def _language(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


Language = Annotated[LanguageCode, BeforeValidator(_language)]


class ChatRequest(BaseModel):
    message: str = Field(max_length=100_000, description="The question (its length limit is ASSISTANT_MAX_QUESTION_CHARS).")
    session_id: SessionId | None = Field(None, description="From an earlier answer; omit to start a conversation.")
    language: Language | None = Field(None, description="Force nl or en; detected from the message when omitted.")
    history: list[Turn] | None = Field(
        None, max_length=50, description="Earlier turns, used only when the server has no history for the session."
    )


class ChatResponse(Answer):
    session_id: str
    message_id: int = Field(description="Refer to this answer in feedback.")


class FeedbackRequest(BaseModel):
    session_id: SessionId
    message_id: int | None = Field(None, ge=1, le=MAX_ROW_ID, description="The rated answer (from /api/chat).")
    question: str | None = Field(None, min_length=1, max_length=4000, description="The question, when no message_id.")
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=2000)

    @model_validator(mode="after")
    def _something_rated(self) -> FeedbackRequest:
        if self.message_id is None and not (self.question or "").strip():
            raise ValueError("give the message_id of the answer (or the question) the feedback is about")
        return self


class FeedbackComment(BaseModel):
    """What was missing: asked after a thumbs down, put on the rating's row."""

    session_id: SessionId
    comment: str = Field(min_length=1, max_length=2000)


class FeedbackResponse(BaseModel):
    id: int
    status: Literal["stored"] = "stored"
    message: str


class ReferralCreate(BaseModel):
    session_id: SessionId | None = None
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(max_length=254)
    phone: str | None = Field(None, max_length=40)
    question: str = Field(min_length=1, max_length=4000)
    specialist_id: str | None = Field(None, max_length=100)
    language: Language | None = None
    consent: bool = Field(False, strict=True, validate_default=True,
                          description="Must be true: the person agrees that we store their details and contact them.")

    @field_validator("name", "question")
    @classmethod
    def _text(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be empty")
        if CONTROL_RE.search(value.replace("\n", " ").replace("\t", " ")):
            raise ValueError("contains control characters")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip()
        if not EMAIL_RE.match(value) or CONTROL_RE.search(value):
            raise ValueError("is not a valid email address")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        if value and not PHONE_RE.match(value):
            raise ValueError("is not a valid phone number (digits, spaces, +, -, parentheses)")
        return value or None

    @field_validator("consent")
    @classmethod
    def _consent(cls, value: bool) -> bool:
        if value is not True:
            raise ValueError("is required: the person must agree that we store their details and contact them")
        return value


class ReferralCreated(BaseModel):
    id: int
    status: Literal["new", "handled"]
    message: str


class Health(BaseModel):
    status: Literal["ok", "index_missing", "degraded"]
    chunks: int
    database: bool
    version: str


class SpecialistOut(BaseModel):
    id: str
    name: str
    description: str
    reasons: list[str]
    contact: dict
    example_contact: bool = Field(description="The contact details are examples that staff still have to replace.")


class PublicConfig(BaseModel):
    """Branding and texts for the chat page and the widget."""

    assistant_name: str
    primary_color: str
    logo_url: str | None
    privacy_url: str | None
    welcome: dict[str, str]
    starter_questions: dict[str, list[str]]
    max_question_chars: int
    older_source_years: int


class PersonRequest(BaseModel):
    """A person's email, sent in the body so that it never lands in an access log."""

    email: str = Field(min_length=3, max_length=254)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return value.strip()


class HandledRequest(BaseModel):
    handled: bool = True
