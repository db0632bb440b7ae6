"""Answer-quality evals: golden datasets, pure metrics, a gating runner and reports (`python -m evals --help`)."""
