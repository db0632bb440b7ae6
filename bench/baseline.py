"""The plain LangChain pipeline the issue compares against: the same Chroma collection and embeddings,
`similarity_search(k=4)`, and the retrieved text as the answer."""

from __future__ import annotations


class PlainPipeline:
    """Vector search only: no lexical index, no fusion, no language preference, no referral, no composing."""

    def __init__(self, vector_store, k: int = 4):
        self.vector_store = vector_store
        self.k = k

    def ask(self, question: str) -> list[str]:
        """The texts of the k nearest chunks (what a plain RAG chain would put in front of the user or an LLM)."""
        return [doc.page_content for doc in self.vector_store.similarity_search(question, k=self.k)]
