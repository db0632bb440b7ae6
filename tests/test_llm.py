"""The LLM answerer with LangChain's fake chat models: prompts, citations, grounding, streaming and fallback."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator

import httpx
import openai
import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.answer import ExtractiveAnswerer
from assistant.config import PROJECT_ROOT, Settings
from assistant.llm import LLMAnswerer, format_context, load_llm_prompts
from assistant.providers import build_chat_model, parse_llm_name
from assistant.templates import Messages, TemplateError
from assistant.types import RetrievedChunk, Turn

GOALS = (
    "Veel ondernemers posten zonder plan. Uit onderzoek blijkt dat 42% van de kleine bedrijven geen doelen stelt "
    "voor social media. Stel daarom meetbare doelen, zoals meer websitebezoek of aanvragen via LinkedIn."
)
LINKEDIN = (
    "LinkedIn is het zakelijke netwerk bij uitstek. Voor dienstverleners en b2b-bedrijven is het een goed kanaal "
    "om expertise te tonen."
)
GOALS_MORE = "Doelen moeten meetbaar zijn. Kijk elk kwartaal of je doelen nog kloppen en stuur bij."

NOTICE_NL = "Het taalmodel was niet beschikbaar"


def chunk(n: int, doc: str, text: str, title: str) -> RetrievedChunk:
    return RetrievedChunk(
        chunk_id=f"{doc}#{n}", doc_id=doc, rank=n, score=1.0 / n, dense_score=0.9, text=text, title=title,
        language="nl", metadata={"source": "KVK", "published": "2024", "url": f"https://example.org/{doc}"},
    )


CHUNKS = [
    chunk(1, "doelen", GOALS, "Doelen stellen"),
    chunk(2, "linkedin", LINKEDIN, "LinkedIn voor kleine bedrijven"),
    chunk(3, "doelen", GOALS_MORE, "Doelen stellen"),
]
QUESTION = "Welke doelen stel ik voor social media?"


class RecordingChatModel(GenericFakeChatModel):
    """GenericFakeChatModel that also keeps the messages it was sent."""

    received: list = []

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        self.received.append(messages)
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


def fake(*replies: str | AIMessage) -> RecordingChatModel:
    return RecordingChatModel(messages=iter(replies), received=[])


def failing(exc: Exception) -> GenericFakeChatModel:
    def raise_it() -> Iterator[str]:
        raise exc
        yield ""  # pragma: no cover - makes this a generator

    return GenericFakeChatModel(messages=raise_it())


@pytest.fixture
def llm_settings(settings: Settings) -> Settings:
    # The fake model is handed in; the base URL only satisfies the settings check and is never called.
    return settings.model_copy(update={"llm": "openai:test-model", "llm_base_url": "http://127.0.0.1:9/v1",
                                       "llm_timeout": 2.0, "llm_retry_after": 0.0})


def make_answerer(settings: Settings, model) -> LLMAnswerer:
    messages = Messages(settings.prompts_dir / "messages.yaml")
    return LLMAnswerer(settings, messages, load_llm_prompts(settings.prompts_dir),
                       ExtractiveAnswerer(settings, messages), model=model)


def compose(answerer: LLMAnswerer, chunks=CHUNKS, intro_key="answer_intro"):
    deltas: list[str] = []
    turn = answerer.start_turn(deltas.append)
    text, sources = turn.compose(QUESTION, "nl", chunks, intro_key)
    return turn, text, sources, deltas


# -- prompts -------------------------------------------------------------------------------------------------
def test_every_prompt_is_checked_when_the_assistant_is_built(tmp_path, settings):
    from assistant.pipeline import Assistant

    broken = tmp_path / "prompts"
    shutil.copytree(PROJECT_ROOT / "prompts", broken)
    answer = broken / "answer.md"
    answer.write_text(answer.read_text().replace("variables: [context, question, language]", "variables: [context, question]"))
    with pytest.raises(TemplateError, match="answer"):
        Assistant(settings.model_copy(update={"prompts_dir": broken}))  # no LLM configured: checked all the same

    answer.write_text(answer.read_text().replace("{language}", "Dutch"))  # agrees with itself, not with the code
    with pytest.raises(TemplateError, match="the code fills in"):
        load_llm_prompts(broken)

    shutil.copy(PROJECT_ROOT / "prompts" / "answer.md", answer)
    (broken / "condense.md").unlink()
    with pytest.raises(TemplateError, match="condense.md is missing"):
        load_llm_prompts(broken)


def test_the_prompt_numbers_the_context_and_asks_for_citations_in_the_users_language(llm_settings):
    answerer = make_answerer(llm_settings, fake("-"))
    system, human = answerer.answer_messages(QUESTION, "nl", CHUNKS)
    assert system.type == "system" and "[1]" in system.content and "only" in system.content
    assert human.type == "human"
    assert "[1] Doelen stellen (KVK, 2024)\n" + GOALS in human.content
    assert "[2] LinkedIn voor kleine bedrijven (KVK, 2024)\n" + LINKEDIN in human.content
    assert "[3] Doelen stellen" in human.content and "[4]" not in human.content
    assert f"Question: {QUESTION}" in human.content
    assert "in Dutch" in human.content
    (english,) = answerer.condense_messages("And LinkedIn?", [Turn(role="user", content="Goals?")], "en")
    assert "user: Goals?" in english.content and "And LinkedIn?" in english.content and "in English" in english.content


def test_the_model_receives_the_assembled_prompt(llm_settings):
    model = fake("42% van de kleine bedrijven stelt geen doelen [1].")
    compose(make_answerer(llm_settings, model))
    (sent,) = model.received
    assert [m.type for m in sent] == ["system", "human"]
    assert format_context(CHUNKS) in sent[1].content


# -- citations and grounding ------------------------------------------------------------------------------------
def test_citations_map_to_sources_numbered_by_first_use(llm_settings):
    reply = (
        "LinkedIn is een goed kanaal voor b2b-bedrijven om expertise te tonen [2]. "
        "Maak je doelen meetbaar en kijk elk kwartaal of ze nog kloppen [3]. "
        "42% van de kleine bedrijven stelt geen doelen [1][2]."
    )
    turn, text, sources, _ = compose(make_answerer(llm_settings, fake(reply)))
    assert turn.answerer == "llm" and turn.notice is None
    # context [2] is the first note cited: source 1; [3] and [1] are the same note: source 2.
    assert [(s.n, s.doc_id) for s in sources] == [(1, "linkedin"), (2, "doelen")]
    assert text == (
        "LinkedIn is een goed kanaal voor b2b-bedrijven om expertise te tonen. [1] "
        "Maak je doelen meetbaar en kijk elk kwartaal of ze nog kloppen. [2] "
        "42% van de kleine bedrijven stelt geen doelen. [2][1]"
    )
    assert sources[1].url == "https://example.org/doelen" and sources[1].title == "Doelen stellen"


def test_unsupported_sentences_are_removed(llm_settings):
    reply = (
        "42% van de kleine bedrijven stelt geen doelen voor social media [1]. "
        "Post elke dinsdag om negen uur een filmpje op TikTok [1]. "
        "LinkedIn is een goed kanaal voor b2b-bedrijven [2]. "
        "Gemiddeld levert dat 30% meer omzet op [2]."
    )
    turn, text, sources, deltas = compose(make_answerer(llm_settings, fake(reply)))
    assert turn.answerer == "llm"
    assert "TikTok" not in text and "30%" not in text
    assert text == (
        "42% van de kleine bedrijven stelt geen doelen voor social media. [1] "
        "LinkedIn is een goed kanaal voor b2b-bedrijven. [2]"
    )
    assert "".join(deltas) == text  # only checked text was ever streamed


def test_unknown_citation_numbers_are_dropped(llm_settings):
    reply = "LinkedIn is een goed kanaal voor b2b-bedrijven [2][7]. 42% van de kleine bedrijven stelt geen doelen [9]."
    turn, text, sources, _ = compose(make_answerer(llm_settings, fake(reply)))
    assert "[7]" not in text and "[9]" not in text
    # [9] was the only citation: the sentence is checked against every chunk and cites the one that holds it.
    assert text == "LinkedIn is een goed kanaal voor b2b-bedrijven. [1] 42% van de kleine bedrijven stelt geen doelen. [2]"
    assert [s.doc_id for s in sources] == ["linkedin", "doelen"]


def test_too_little_left_gives_the_extractive_answer_with_the_notice(llm_settings):
    reply = "Begin een podcast [1]. Huur een influencer in [2]. Koop advertenties op TikTok [1]. LinkedIn is zakelijk [2]."
    answerer = make_answerer(llm_settings, fake(reply))
    turn, text, sources, deltas = compose(answerer)
    extractive, _ = answerer.fallback.compose(QUESTION, "nl", CHUNKS)
    assert turn.answerer == "extractive" and turn.notice.startswith(NOTICE_NL)
    assert text == extractive and text.startswith("Dit zegt onze kennisbank hierover:")
    assert "".join(deltas) == "LinkedIn is zakelijk. [1]"  # streamed before the end; the pipeline resets it


class CutOffChatModel(GenericFakeChatModel):
    """Streams like GenericFakeChatModel, then reports that the token limit cut the answer off."""

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        from langchain_core.messages import AIMessageChunk
        from langchain_core.outputs import ChatGenerationChunk

        yield from super()._stream(messages, stop=stop, run_manager=run_manager, **kwargs)
        yield ChatGenerationChunk(message=AIMessageChunk(content="", response_metadata={"finish_reason": "length"}))


def test_a_sentence_cut_off_at_the_token_limit_is_dropped(llm_settings):
    reply = "Stel meetbare doelen, zoals meer websitebezoek [1]. LinkedIn is een goed kanaal voor"
    turn, text, _, _ = compose(make_answerer(llm_settings, CutOffChatModel(messages=iter([reply]))))
    assert turn.answerer == "llm" and text == "Stel meetbare doelen, zoals meer websitebezoek. [1]"
    # Without the cut-off the same last words are a finished (and supported) list item.
    _, text, _, _ = compose(make_answerer(llm_settings, fake(reply)))
    assert text.endswith("LinkedIn is een goed kanaal voor [2]")


def test_a_general_knowledge_part_keeps_its_intro(llm_settings):
    turn, text, _, deltas = compose(make_answerer(llm_settings, fake("LinkedIn is een goed kanaal voor b2b-bedrijven [2].")),
                                    intro_key="general_knowledge_intro")
    assert text == "Wat de kennisbank er in het algemeen over zegt:\nLinkedIn is een goed kanaal voor b2b-bedrijven. [1]"
    assert "".join(deltas) == text


def test_lists_and_paragraphs_survive_the_check(llm_settings):
    reply = "Twee tips:\n\n- Stel meetbare doelen [1]\n- Kijk elk kwartaal of je doelen nog kloppen [3]\n"
    _, text, _, _ = compose(make_answerer(llm_settings, fake(reply)))
    assert text == "- Stel meetbare doelen [1]\n- Kijk elk kwartaal of je doelen nog kloppen [1]"


# -- failures -------------------------------------------------------------------------------------------------
def rate_limited() -> openai.RateLimitError:
    response = httpx.Response(429, request=httpx.Request("POST", "http://127.0.0.1/v1/chat/completions"))
    return openai.RateLimitError("rate limited: secret question text", response=response, body=None)


@pytest.mark.parametrize("model", [
    pytest.param(failing(ConnectionError("refused")), id="endpoint-down"),
    pytest.param(failing(rate_limited()), id="rate-limited"),
    pytest.param(FakeListChatModel(responses=["Stel meetbare doelen [1]. " * 5], error_on_chunk_number=30), id="error-mid-stream"),
    pytest.param(None, id="garbage-empty"),
    pytest.param(None, id="garbage-content-type"),
    pytest.param(None, id="wrong-language"),
    pytest.param(None, id="garbage-tokens"),
])
def test_failures_give_the_extractive_answer_with_the_notice(llm_settings, model, request, caplog):
    case = request.node.callspec.id
    if case == "garbage-empty":
        model = fake("")
    elif case == "garbage-content-type":
        model = fake(AIMessage(content=[{"type": "image", "url": "x"}]))  # not text at all
    elif case == "garbage-tokens":
        model = fake("<|im_end|> ! ! ! [[[ 1 ]]] <unused42><unused42>")
    elif case == "wrong-language":
        model = fake("Set measurable goals, such as more website visits or requests via LinkedIn [1]. "
                     "LinkedIn is the business network for b2b companies [2].")
    answerer = make_answerer(llm_settings, model)
    turn, text, sources, _ = compose(answerer)
    extractive, extractive_sources = answerer.fallback.compose(QUESTION, "nl", CHUNKS)
    assert (text, sources) == (extractive, extractive_sources)
    assert turn.answerer == "extractive"
    assert turn.notice.startswith(NOTICE_NL)
    assert QUESTION not in caplog.text and "secret question text" not in caplog.text


def test_a_slow_model_is_abandoned_at_the_timeout(llm_settings):
    slow = FakeListChatModel(responses=["Stel meetbare doelen [1]. " * 20], sleep=0.05)  # ~25 s in all
    answerer = make_answerer(llm_settings.model_copy(update={"llm_timeout": 0.5}), slow)
    started = time.monotonic()
    turn, text, _, _ = compose(answerer)
    assert time.monotonic() - started < 0.5 + 0.3
    assert turn.answerer == "extractive" and turn.notice.startswith(NOTICE_NL)
    assert text.startswith("Dit zegt onze kennisbank hierover:")


def test_after_a_failure_the_llm_rests_then_is_tried_again(llm_settings):
    model = fake("LinkedIn is een goed kanaal voor b2b-bedrijven [2].")
    answerer = make_answerer(llm_settings.model_copy(update={"llm_retry_after": 60.0}), model)
    answerer.failed("answering", "test")
    turn, _, _, _ = compose(answerer)
    assert turn.answerer == "extractive" and turn.notice and model.received == []  # the model was not called
    answerer._down_until = 0.0  # the rest period is over
    turn, _, _, _ = compose(answerer)
    assert turn.answerer == "llm"


def test_no_relevant_context_means_no_llm_call(llm_settings):
    model = fake("Iets [1].")
    irrelevant = [c.model_copy(update={"dense_score": 0.1}) for c in CHUNKS]
    turn, text, sources, _ = compose(make_answerer(llm_settings, model), chunks=irrelevant)
    assert (text, sources, turn.notice, model.received) == ("", [], None, [])


# -- condensing -----------------------------------------------------------------------------------------------
HISTORY = [Turn(role="user", content="Is LinkedIn nuttig voor een klein bedrijf?"),
           Turn(role="assistant", content="LinkedIn is het zakelijke netwerk bij uitstek. [1]")]


def test_condensing_uses_the_llms_question(llm_settings):
    answerer = make_answerer(llm_settings, fake('Vraag: "Hoeveel tijd kost LinkedIn voor een klein bedrijf?"\n'))
    turn = answerer.start_turn()
    assert turn.condense("En hoeveel tijd kost dat?", HISTORY, "nl") == "Hoeveel tijd kost LinkedIn voor een klein bedrijf?"


@pytest.mark.parametrize("reply", [
    "Conversation so far:\n\nuser: Is LinkedIn nuttig voor een klein bedrijf?",  # the prompt echoed
    "Hier is de herschreven vraag:",  # a lead-in
    "Wat is de hoofdstad van Frankrijk?",  # nothing in common with the conversation
    "",
])
def test_an_implausible_condensed_question_is_not_used(llm_settings, reply):
    turn = make_answerer(llm_settings, fake(reply)).start_turn()
    assert turn.condense("En hoeveel tijd kost dat?", HISTORY, "nl") is None
    assert turn.notice is None  # the rule-based condensing serves; nothing failed


def test_a_failed_condensing_leaves_the_rule_and_skips_the_llm_for_the_turn(llm_settings):
    answerer = make_answerer(llm_settings, failing(ConnectionError("refused")))
    turn = answerer.start_turn()
    assert turn.condense("En hoeveel tijd kost dat?", HISTORY, "nl") is None
    text, _ = turn.compose(QUESTION, "nl", CHUNKS)  # no second wait on a dead endpoint
    assert turn.answerer == "extractive" and turn.notice.startswith(NOTICE_NL)


# -- the chat-model factory -----------------------------------------------------------------------------------
def test_llm_names_are_provider_and_model():
    assert parse_llm_name("openai:gpt-4o-mini") == ("openai", "gpt-4o-mini")
    assert parse_llm_name("llamacpp:/models/a:b.gguf") == ("llamacpp", "/models/a:b.gguf")
    for bad in ("gpt-4o-mini", "anthropic:claude", "openai:"):
        with pytest.raises(ValueError, match="provider:model"):
            parse_llm_name(bad)


def test_build_chat_model_for_each_provider(settings, tmp_path):
    from langchain_ollama import ChatOllama
    from langchain_openai import ChatOpenAI

    model = build_chat_model(Settings(
        _env_file=None, llm="openai:gemma", llm_base_url="http://127.0.0.1:8080/v1", llm_api_key="sk-test",
        llm_timeout=7.0, llm_max_tokens=123))
    assert isinstance(model, ChatOpenAI)
    assert (model.model_name, model.openai_api_base, model.max_retries, model.request_timeout) == (
        "gemma", "http://127.0.0.1:8080/v1", 0, 7.0)
    assert model.extra_body == {"max_tokens": 123}  # compatible servers ignore max_completion_tokens
    assert model.openai_api_key.get_secret_value() == "sk-test"
    hosted = build_chat_model(Settings(_env_file=None, llm="openai:gpt-4o-mini", llm_api_key="sk-test"))
    assert hosted.max_tokens == 600 and hosted.openai_api_base is None

    with pytest.raises(ValueError, match="ASSISTANT_LLM_API_KEY"):
        build_chat_model(settings.model_copy(update={"llm": "openai:gpt-4o-mini"}))

    ollama = build_chat_model(settings.model_copy(update={"llm": "ollama:llama3.1", "llm_base_url": "http://127.0.0.1:11434"}))
    assert isinstance(ollama, ChatOllama) and ollama.model == "llama3.1" and ollama.num_predict == 600

    with pytest.raises(FileNotFoundError, match="GGUF"):
        build_chat_model(settings.model_copy(update={"llm": f"llamacpp:{tmp_path / 'missing.gguf'}"}))


@pytest.mark.parametrize("llm, error", [
    ("gpt4", "provider:model"),
    ("openai:gpt-4o-mini", "ASSISTANT_LLM_API_KEY"),  # the hosted API without a key
    ("llamacpp:/nowhere/model.gguf", "does not exist"),
])
def test_a_wrong_llm_setting_fails_when_the_assistant_is_built(settings, llm, error):
    from assistant.pipeline import Assistant

    with pytest.raises((ValueError, FileNotFoundError), match=error):
        Assistant(settings.model_copy(update={"llm": llm}))


# -- through the Assistant (real retrieval and referral; the chat model is a fake) -----------------------------
class QuotingChatModel(GenericFakeChatModel):
    """A fake model that answers from its prompt: the first sentence of two context passages, cited, plus one
    sentence the context does not hold; a follow-up is condensed to `standalone`."""

    messages: Iterator = iter(())
    received: list = []
    standalone: str = "Hoeveel tijd kost social media per week voor een klein bedrijf?"
    invented: str = "Bel ons gratis op 0800-1234 voor een persoonlijk actieplan [1]."

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        import re

        from langchain_core.outputs import ChatGeneration, ChatResult

        self.received.append(messages)
        prompt = messages[-1].content
        if "Follow-up message:" in prompt:
            reply = self.standalone
        else:
            from assistant.text import split_sentences

            blocks = re.findall(r"^\[(\d+)\] [^\n]*\n(.+?)(?=\n\n\[\d+\] |\n\nQuestion:)", prompt, re.S | re.M)
            quotes = [f"{split_sentences(text)[0].rstrip('.')} [{n}]." for n, text in blocks[:2]]
            reply = " ".join([quotes[0], self.invented, *quotes[1:]])
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=reply))])


@pytest.fixture
def with_llm(indexed_assistant):
    """The shared indexed Assistant with an LLM answerer over `model`; restored afterwards."""
    assistant = indexed_assistant

    def attach(model, **update) -> LLMAnswerer:
        settings = assistant.settings.model_copy(update={
            "llm": "openai:fake", "llm_base_url": "http://127.0.0.1:9/v1", "llm_retry_after": 0.0, **update})
        assistant.llm_answerer = LLMAnswerer(settings, assistant.messages, assistant.llm_prompts, assistant.answerer,
                                             model=model)
        return assistant.llm_answerer

    yield attach
    assistant.llm_answerer = None


def run_stream(assistant, question, history=None):
    events = list(assistant.ask_stream(question, history))
    last_reset = max((i for i, e in enumerate(events) if e["type"] == "reset"), default=-1)
    streamed = "".join(e["text"] for e in events[last_reset + 1:] if e["type"] == "delta")
    assert events[-1]["type"] == "answer"
    return events, streamed, events[-1]["answer"]


@pytest.mark.integration
def test_stream_shows_checked_llm_text_as_it_comes(indexed_assistant, with_llm):
    model = QuotingChatModel(received=[])
    with_llm(model)
    events, streamed, answer = run_stream(indexed_assistant, "Welke doelen stel ik voor social media?")
    assert answer.route == "answer" and answer.answerer == "llm" and answer.notice is None
    assert streamed == answer.text and not any(e["type"] == "reset" for e in events)
    assert sum(e["type"] == "delta" for e in events) >= 2  # sentence by sentence, not all at once
    assert "0800" not in answer.text and "actieplan" not in answer.text  # the grounding check removed it
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert cited and cited == {s.n for s in answer.sources}


@pytest.mark.integration
def test_a_referral_stays_a_referral_and_the_llm_writes_the_general_part(indexed_assistant, with_llm):
    with_llm(QuotingChatModel(received=[]))
    events, streamed, answer = run_stream(indexed_assistant, "Kun je een social media plan voor mijn bakkerij maken?")
    assert answer.route == "refer" and answer.referral and answer.referral.reason == "personal_plan"
    assert streamed == answer.text
    assert answer.text.startswith("Voor deze vraag kun je het beste terecht bij:")
    assert answer.text.endswith(indexed_assistant.messages.get("referral_contact_hint", "nl"))
    assert answer.answerer == "llm" and answer.sources
    assert "\n\nWat de kennisbank er in het algemeen over zegt:\n" in answer.text and "0800" not in answer.text


@pytest.mark.integration
def test_follow_ups_are_condensed_by_the_llm(indexed_assistant, with_llm):
    model = QuotingChatModel(received=[])
    with_llm(model)
    history = [Turn(role="user", content="Is LinkedIn nuttig voor een klein bedrijf?"),
               Turn(role="assistant", content="LinkedIn is het zakelijke netwerk bij uitstek. [1]")]
    answer = indexed_assistant.ask("En hoeveel tijd kost dat?", history)
    condense_prompt, answer_prompt = model.received
    assert "Follow-up message: En hoeveel tijd kost dat?" in condense_prompt[-1].content
    assert "user: Is LinkedIn nuttig voor een klein bedrijf?" in condense_prompt[-1].content
    assert f"Question: {model.standalone}" in answer_prompt[-1].content  # retrieved and written for it
    assert answer.route == "answer" and answer.answerer == "llm"


@pytest.mark.integration
def test_llm_text_replaced_by_the_extractive_answer_is_reset_in_the_stream(indexed_assistant, with_llm):
    model = QuotingChatModel(received=[], invented=" ".join(
        f"Post elke dag om {h} uur een filmpje op TikTok [1]." for h in range(7, 12)))  # mostly unsupported
    with_llm(model)
    events, streamed, answer = run_stream(indexed_assistant, "Welke doelen stel ik voor social media?")
    assert answer.answerer == "extractive" and answer.notice.startswith(NOTICE_NL)
    assert [e["type"] for e in events].count("reset") == 1 and streamed == answer.text


@pytest.mark.integration
def test_an_unreachable_endpoint_gives_the_extractive_answer_quickly(indexed_assistant, with_llm):
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = indexed_assistant.settings.model_copy(update={"llm": "openai:gemma", "llm_base_url": f"http://127.0.0.1:{port}/v1"})
    with_llm(build_chat_model(settings), llm_timeout=5.0)
    started = time.monotonic()
    events, streamed, answer = run_stream(indexed_assistant, "Welke doelen stel ik voor social media?")
    assert time.monotonic() - started < 5.0
    assert answer.answerer == "extractive" and answer.notice.startswith(NOTICE_NL) and streamed == answer.text
    assert answer.text.startswith("Dit zegt onze kennisbank hierover:")
