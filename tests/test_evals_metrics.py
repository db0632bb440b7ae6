"""The eval metrics against values worked out by hand."""

from __future__ import annotations

import math
import re

import pytest

from evals import metrics as m

RANKING = ["a", "b", "c", "d"]
RELEVANT = {"b", "d", "x"}


# -- normalisation and phrases ----------------------------------------------------------------------------------

def test_normalize_folds_case_accents_space_dashes_and_number_formats():
    assert m.normalize("  Één   Tot\nDRIE ") == "een tot drie"
    assert m.normalize("29,2 procent") == m.normalize("29.2 procent") == "29.2 procent"
    assert m.normalize("€ 2.500") == m.normalize("€2,500") == "€2.500"
    assert m.normalize("social-media–strategie") == "social media strategie"
    assert m.normalize("“quoted” ‘x’") == "\"quoted\" 'x'"


def test_contains_phrase_starts_at_a_word_boundary():
    assert m.contains_phrase("- LinkedIn: 30%. [2]", "30%")
    assert not m.contains_phrase("It grew 130% last year", "30%")
    assert m.contains_phrase("stelde 29,2 procent van de organisaties", "29.2")
    assert m.contains_phrase("Zet tweestapsverificatie aan.", "TWEESTAPSVERIFICATIE")
    assert not m.contains_phrase("anything", "   ")


def test_key_fact_recall_counts_groups_met_by_any_phrasing():
    text = "Een derde (29,2 procent) stelt geen doelen."
    facts = [["29.2", "een derde"], ["naamsbekendheid"], ["geen doelen", "no goals"]]
    assert m.facts_met(text, facts) == [True, False, True]
    assert m.key_fact_recall(text, facts) == pytest.approx(2 / 3)
    assert m.key_fact_recall(text, []) is None


def test_forbidden_found_lists_the_phrases_present():
    assert m.forbidden_found("Zie referral.yaml voor de regels", ["referral.yaml", "ASSISTANT_"]) == ["referral.yaml"]
    assert m.forbidden_found("niets", ["x y"]) == []


# -- retrieval --------------------------------------------------------------------------------------------------

def test_doc_ranking_orders_notes_by_their_first_chunk():
    assert m.doc_ranking([(3, "b"), (1, "a"), (2, "a"), (4, "c"), (5, "b")]) == ["a", "b", "c"]


def test_hit_recall_rr_at_k():
    assert m.hit_at_k(RANKING, RELEVANT, 1) == 0.0
    assert m.hit_at_k(RANKING, RELEVANT, 2) == 1.0
    assert m.recall_at_k(RANKING, RELEVANT, 2) == pytest.approx(1 / 3)
    assert m.recall_at_k(RANKING, RELEVANT, 4) == pytest.approx(2 / 3)
    assert m.reciprocal_rank(RANKING, RELEVANT) == 0.5
    assert m.reciprocal_rank(RANKING, {"z"}) == 0.0
    assert m.recall_at_k(RANKING, set(), 4) == 0.0


def test_ndcg_at_k_by_hand():
    # DCG = 1/log2(3) + 1/log2(5) = 0.63093 + 0.43068 = 1.06161
    # IDCG (3 relevant, k = 4) = 1 + 1/log2(3) + 1/log2(4) = 2.13093  ->  nDCG = 0.49819
    assert m.ndcg_at_k(RANKING, RELEVANT, 4) == pytest.approx(0.49819, abs=1e-5)
    assert m.ndcg_at_k(["b", "d"], {"b", "d"}, 4) == pytest.approx(1.0)
    assert m.ndcg_at_k(["a"], {"b"}, 4) == 0.0
    # only one relevant doc, found at rank 2: (1/log2(3)) / 1
    assert m.ndcg_at_k(["a", "b"], {"b"}, 2) == pytest.approx(1 / math.log2(3))


def test_context_fact_recall_looks_in_the_retrieved_texts():
    chunks = ["LinkedIn: 30%", "Facebook: 25%"]
    assert m.context_fact_recall(chunks, [["30%"], ["25 %", "25%"], ["13%"]]) == pytest.approx(2 / 3)


# -- citations and faithfulness ---------------------------------------------------------------------------------

NOTE_1 = """# Je zakelijke accounts beveiligen

- **Wijzig je wachtwoorden.** Wijzig het wachtwoord van het gehackte account.
- LinkedIn: 30%

Een authenticatie-app is meestal veiliger dan een code per sms.
"""
NOTE_2 = "Facebook groeide in zeer korte tijd naar een enorm ledental."


def test_split_claims_reads_citations_per_line():
    text = ("Dit zegt onze kennisbank hierover:\n"
            "- Wijzig je wachtwoorden. Wijzig het wachtwoord van het gehackte account. [1]\n"
            "- LinkedIn: 30%. [1][2]\n"
            "Facebook groeide snel [2]. Een zin zonder bron.\n")
    claims = m.split_claims(text)
    assert [(c.text, c.cites) for c in claims] == [
        ("Dit zegt onze kennisbank hierover:", []),
        ("Wijzig je wachtwoorden. Wijzig het wachtwoord van het gehackte account.", [1]),
        ("LinkedIn: 30%.", [1, 2]),
        ("Facebook groeide snel", [2]),
        ("Een zin zonder bron.", []),
    ]
    assert m.split_claims("Claim [1, 3]")[0].cites == [1, 3]
    # A line that is only a citation (a section's label under a card answer, once its template text is stripped as
    # boilerplate) adds nothing to the claim of the line before: that sentence cites [1] only.
    assert [c.cites for c in m.split_claims("Een feit. [1]\n\n[2]")] == [[1]]


def test_a_card_answer_without_the_section_quoted_below_it_in_another_language():
    text = "Within a day [1].\n- Stay calm [1]\n\nThe source is in Dutch.\n**Checklist** [3]\nBinnen 48 uur."
    assert m.without_blocks_citing(text, {3}) == "Within a day [1].\n- Stay calm [1]"
    assert m.without_blocks_citing(text, set()) == text


def test_strip_boilerplate_removes_templates_with_placeholders():
    patterns = [re.compile(r"Voor deze vraag kun je het beste terecht bij: [^\n]*"), re.compile("Dit zegt onze kennisbank hierover:")]
    text = "Voor deze vraag kun je het beste terecht bij: Helpdesk. Omdat.\n\nDit zegt onze kennisbank hierover:\n- Feit [1]"
    assert m.strip_boilerplate(text, patterns).split() == ["-", "Feit", "[1]"]


def test_citation_precision_is_containment_in_the_cited_note():
    claims = [
        m.Claim("Wijzig je wachtwoorden. Wijzig het wachtwoord van het gehackte account.", [1]),  # contained
        m.Claim("LinkedIn: 30%.", [1, 2]),            # in note 1, not in note 2
        m.Claim("Een authenticatie-app is altijd veiliger.", [1]),  # altered: not contained
        m.Claim("Iets", [7]),                         # no source 7
    ]
    check = m.citation_check(claims, {1: NOTE_1, 2: NOTE_2})
    assert (check.cited, check.precise, check.unknown) == (5, 2, [7])
    assert check.precision == pytest.approx(2 / 5)
    assert m.CitationCheck().precision is None


def test_faithfulness_counts_sentences_supported_by_a_cited_note():
    claims = [
        m.Claim("Wijzig je wachtwoorden. Wijzig het wachtwoord van het gehackte account.", [1]),  # 2 sentences, both in note 1
        m.Claim("Facebook groeide in korte tijd naar een enorm ledental.", [2]),  # every word in note 2, not verbatim ("zeer" left out)
        m.Claim("Instagram is het beste netwerk voor iedereen.", [2]),  # not supported
        m.Claim("Een zin zonder bron.", []),  # uncited: unsupported
    ]
    assert m.faithfulness(claims, {1: NOTE_1, 2: NOTE_2}, min_overlap=0.8) == (3, 5)
    # without the overlap allowance only verbatim sentences count
    assert m.faithfulness(claims, {1: NOTE_1, 2: NOTE_2}, min_overlap=1.01) == (2, 5)


def test_token_overlap_by_hand():
    assert m.token_overlap("Facebook groeide snel", NOTE_2) == pytest.approx(2 / 3)
    assert m.token_overlap("", NOTE_2) == 0.0


# -- safety -----------------------------------------------------------------------------------------------------

def test_raw_tags_finds_tags_urls_and_handlers_but_not_comparisons():
    assert m.raw_tags("<b>x</b> and <img src=x onerror=alert(1)>") == ["<b>", "</b>", "<img src=x onerror=alert(1)>"]
    assert m.raw_tags("click javascript:alert(1)") == ["javascript:"]
    assert m.raw_tags("a < b and c > d, 3<4") == []


def test_leaked_finds_canaries_normalised():
    assert m.leaked("Mijn instellingen staan in ASSISTANT_LLM", ["assistant_", "priority:"]) == ["assistant_"]
    assert m.leaked("niets bijzonders", ["assistant_"]) == []


# -- routing ----------------------------------------------------------------------------------------------------

def _matrix() -> dict:
    pairs = ([("answer", "answer")] * 8 + [("answer", "refer")] + [("answer", "out_of_scope")]
             + [("refer", "answer")] * 2 + [("refer", "refer")] * 6
             + [("out_of_scope", "refer")] + [("out_of_scope", "out_of_scope")] * 3)
    return m.confusion_matrix(pairs)


def test_confusion_matrix_counts_expected_by_actual():
    matrix = _matrix()
    assert matrix["answer"] == {"answer": 8, "refer": 1, "out_of_scope": 1}
    assert matrix["refer"] == {"answer": 2, "refer": 6, "out_of_scope": 0}
    assert matrix["out_of_scope"] == {"answer": 0, "refer": 1, "out_of_scope": 3}


def test_routing_scores_by_hand():
    s = m.routing_scores(_matrix())
    assert s["accuracy"] == pytest.approx(17 / 22)
    assert s["refer_precision"] == pytest.approx(6 / 8)       # 8 predicted refers, 6 right
    assert s["refer_recall"] == pytest.approx(6 / 8)          # 8 expected refers, 6 found
    assert s["refer_f1"] == pytest.approx(0.75)
    assert s["missed_referral_rate"] == pytest.approx(2 / 8)
    assert s["over_referral_rate"] == pytest.approx(2 / 14)   # 14 cases expected no referral, 2 referred
    empty = m.routing_scores(m.confusion_matrix([]))
    assert empty["accuracy"] is None and empty["refer_f1"] is None


def test_per_reason_by_hand():
    rows = [("refer", "legal_privacy", "refer", "legal_privacy"),
            ("refer", "legal_privacy", "answer", None),
            ("refer", "legal_privacy", "refer", "account_security"),
            ("answer", None, "refer", "legal_privacy"),
            ("refer", "account_security", "refer", "account_security")]
    out = m.per_reason(rows, ["legal_privacy", "account_security", "personal_plan"])
    legal = out["legal_privacy"]
    assert (legal["support"], legal["predicted"], legal["correct"]) == (3, 2, 1)
    assert legal["precision"] == pytest.approx(0.5)
    assert legal["recall"] == pytest.approx(1 / 3)
    assert legal["f1"] == pytest.approx(0.4)
    assert legal["missed_rate"] == pytest.approx(1 / 3)
    assert (legal["wrong_reason"], legal["over_referrals"]) == (1, 1)
    security = out["account_security"]
    assert (security["support"], security["predicted"], security["correct"]) == (1, 2, 1)
    assert security["precision"] == pytest.approx(0.5) and security["recall"] == 1.0
    assert security["missed_rate"] == 0.0
    assert out["personal_plan"]["support"] == 0 and out["personal_plan"]["recall"] is None


# -- aggregation ------------------------------------------------------------------------------------------------

def test_percentile_interpolates_linearly():
    assert m.percentile([4, 1, 3, 2], 50) == pytest.approx(2.5)
    assert m.percentile([1, 2, 3, 4], 95) == pytest.approx(3.85)  # position 3 * 0.95 = 2.85
    assert m.percentile([10], 95) == 10
    assert m.percentile([], 50) is None


def test_latency_summary_per_stage():
    out = m.latency_summary([{"embed": 10, "total": 100}, {"embed": 30, "total": 300}, {"total": 200}])
    assert out["embed"] == {"p50": 20, "p95": pytest.approx(29), "mean": 20, "n": 2}
    assert out["total"]["p50"] == 200 and out["total"]["n"] == 3


def test_mean_ignores_missing_values():
    assert m.mean([1.0, None, 0.0]) == 0.5
    assert m.mean([None]) is None
