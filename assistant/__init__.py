"""Social-media advice assistant for entrepreneurs (retrieval-augmented, grounded, cited)."""

__version__ = "0.1.0"
