"""Plain data types shared by every layer; no logic, no imports from the package."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Language = Literal["nl", "en"]
Route = Literal["answer", "refer", "out_of_scope"]
ReferralReason = Literal[
    "personal_plan",
    "budget_or_ads",
    "legal_privacy",
    "account_security",
    "out_of_knowledge",
    "asked_for_human",
]
REFERRAL_REASONS: tuple[str, ...] = ReferralReason.__args__  # type: ignore[attr-defined]
# A declined question (beyond social media) is pointed to the chamber's general desk: the specialist directory's
# entry with this reason, carried as the answer's `referral` (route stays "out_of_scope").
DESK_REASON = "out_of_scope"


class QuestionError(ValueError):
    """A question that cannot be answered as given (empty, too long); the message is safe to show."""


class Turn(BaseModel):
    """One earlier message in a conversation."""

    role: Literal["user", "assistant"]
    content: str


class RetrievedChunk(BaseModel):
    """A chunk found for a question, with everything needed to cite it."""

    chunk_id: str
    doc_id: str
    rank: int
    score: float
    dense_score: float | None = None
    lexical_score: float | None = None
    text: str
    title: str = ""
    language: str = ""
    metadata: dict = Field(default_factory=dict)


class Retrieval(BaseModel):
    """The ranked chunks for a question and whether anything relevant was found."""

    query: str
    language: Language
    chunks: list[RetrievedChunk]
    relevant: bool


class Source(BaseModel):
    n: int
    doc_id: str
    title: str
    source: str = ""
    published: str = ""
    url: str = ""
    snippet: str = ""
    kind: str = ""
    language: str = ""
    section: str = ""  # the section path in the document ("Kosten > Leden"), when known


class Referral(BaseModel):
    specialist_id: str
    specialist: str
    reason: ReferralReason | Literal["out_of_scope"]
    message: str
    contact: dict = Field(default_factory=dict)


class RetrievedRef(BaseModel):
    chunk_id: str
    doc_id: str
    rank: int
    score: float


class Suggestion(BaseModel):
    """A question the user can click: a card they may have meant, a related follow-up, or a section of the
    chamber's own documents they may have meant (`section_id`; then `card_id` is empty and `question` names the
    section and its document, which asked is answered from that section)."""

    card_id: str
    question: str
    section_id: str | None = None


class Decision(BaseModel):
    """Why a question got its route: the rule or classifier that decided, with the scores and thresholds."""

    route: Route
    reason: ReferralReason | None = None
    rule: str = ""
    card_id: str | None = None
    # The chunk of a chamber's own document that answers (rule "section"), or that is quoted below the card that
    # answers (rule "card_and_section").
    section_id: str | None = None
    other_card_id: str | None = None  # under a referral: the card that answers another question of the message
    probabilities: dict[str, float] = Field(default_factory=dict)
    card_scores: dict[str, float] = Field(default_factory=dict)
    section_scores: dict[str, float] = Field(default_factory=dict)
    # of those scores, what a follow-up's section gained as the section (or document) that answered the question
    # before it; only sections that gained something
    section_context: dict[str, float] = Field(default_factory=dict)
    retrieval_score: float | None = None
    thresholds: dict[str, float] = Field(default_factory=dict)


class Answer(BaseModel):
    """The structured answer returned by the CLI, the API and the evals."""

    text: str
    language: Language
    route: Route
    referral: Referral | None = None
    sources: list[Source] = Field(default_factory=list)
    retrieved: list[RetrievedRef] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    notice: str | None = None
    answerer: str = "extractive"
    # card | section | passages | clarify | referral | out_of_scope: which kind of answer this is
    kind: str = "passages"
    card_id: str | None = None
    suggestions: list[Suggestion] = Field(default_factory=list)  # "Did you mean ...?" (kind clarify)
    related: list[Suggestion] = Field(default_factory=list)      # follow-up questions under an answer
    decision: Decision | None = None
