"""Runs a dataset through one Assistant (models loaded once), grades it, gates it and writes every report."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)

from assistant.config import PROJECT_ROOT, Settings
from evals.aggregate import summarize
from evals.context import GradingContext, known_doc_ids, settings_snapshot
from evals.dataset import EvalCase, dataset_hash, lint
from evals.gate import EXIT_ERROR, ConfigError, Thresholds, compare_runs, evaluate_gate, load_run_file
from evals.grading import CaseResult, error_result, grade
from evals.history import RunHistory
from evals.indexcache import IndexCache

SCHEMA_VERSION = 1
DEFAULT_THRESHOLDS = Path(__file__).parent / "thresholds.toml"


@dataclass
class RunOptions:
    dataset: Path
    out: Path
    baseline: Path | None = None
    answerer: str = "extractive"          # extractive | llm
    thresholds: Path = DEFAULT_THRESHOLDS
    judge: str = "auto"                   # auto (when an LLM is configured) | on | off
    history: Path | None = None           # default: <out>/history.sqlite
    save_baseline: Path | None = None
    documents: Path | None = None          # a folder of staff documents, uploaded through the admin API first
    index_cache: Path | None = None        # prepared indexes shared by runs (evals.indexcache); None: build each time
    show_cases: bool = True                # failed cases on the terminal (not for a frozen split: logs are read)


def git_state(root: Path = PROJECT_ROOT) -> tuple[str | None, bool | None]:
    def git(*args: str) -> str | None:
        try:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10,
                                  check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain")
    return commit, (None if status is None else bool(status))


def eval_settings(opts: RunOptions, base: Settings | None = None) -> tuple[Settings, str, bool]:
    """Settings for the run, a note on where the index lives, and whether that data dir is the run's own.

    The data dir is <out>/data unless ASSISTANT_DATA_DIR (or an explicit data_dir) is set; the LLM is kept only
    for the `llm` answerer.
    """
    base = base or Settings()
    overrides: dict = {}
    own = "data_dir" not in base.model_fields_set
    if own:
        overrides["data_dir"] = (opts.out / "data").resolve()
        where = f"index in {overrides['data_dir']}"
    else:
        where = f"reusing the data dir {base.data_dir}"
    if opts.answerer == "extractive":
        overrides["llm"] = None
    elif not base.llm:
        raise ConfigError("--answerer llm needs an LLM: set ASSISTANT_LLM (e.g. openai:gpt-4o-mini, ollama:llama3.1)")
    return base.model_copy(update=overrides), where, own


def _build_assistant(settings: Settings, own_data_dir: bool, console: Console):
    """One Assistant for the whole run: index (incremental) when the data dir is ours or empty, then warm up."""
    from assistant.pipeline import Assistant

    assistant = Assistant(settings)
    with console.status("Building the index (incremental)…"):
        if own_data_dir or assistant.chunk_count() == 0:
            result = assistant.index()
            for path, why in result.problems:
                console.print(f"[yellow]skipped {path}: {why}[/]")
    with console.status("Loading models…"):
        assistant.warm_up()
    return assistant


def _fresh_uploads(settings: Settings, own_data_dir: bool) -> None:
    """An own-documents run starts with no uploads in its data dir (never in someone else's data dir)."""
    import shutil

    from assistant.ingest import uploads_dir

    if not own_data_dir:
        raise ConfigError("--documents uploads into the run's own data dir: unset ASSISTANT_DATA_DIR")
    shutil.rmtree(uploads_dir(settings), ignore_errors=True)


def _chunk_texts(assistant) -> Callable[[str], str | None]:
    """chunk_id -> text from the assistant's vector store (read once); a fake assistant has none."""
    store = getattr(assistant, "vector_store", None)
    if store is None:
        return lambda chunk_id: None
    data = store.get(include=["documents"])
    texts = dict(zip(data["ids"], data["documents"], strict=True))
    return texts.get


def ask_all(cases: list[EvalCase], assistant, ctx: GradingContext, console: Console) -> list[CaseResult]:
    from assistant.types import Turn

    results: list[CaseResult] = []
    columns = (SpinnerColumn(), TextColumn("[bold]Evaluating[/] {task.description}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("", total=len(cases))
        for case in cases:
            progress.update(task, description=f"[dim]{case.id}[/]")
            started = time.perf_counter()
            try:
                answer = assistant.ask(case.question, [Turn(**t.model_dump()) for t in case.history] or None)
                result = grade(case, answer, ctx)
            except Exception as exc:  # a case that raises is an error of the run (exit 2), never a silent pass
                result = error_result(case, f"{type(exc).__name__}: {exc}")
            result.seconds = round(time.perf_counter() - started, 3)
            results.append(result)
            progress.advance(task)
        progress.update(task, description="done")
    return results


def run_judge(results: list[CaseResult], cases: list[EvalCase], ctx: GradingContext, judge, console: Console) -> None:
    by_id = {c.id: c for c in cases}
    with console.status("LLM judge…"):
        for r in results:
            if r.error or r.route == "out_of_scope" or not r.text:
                continue
            context = "\n\n".join(f"[{s['n']}] {ctx.notes.get(s['doc_id'], '')[:3000]}" for s in r.sources)
            verdict = judge.grade(r.question, r.text, context, by_id[r.id].key_facts)
            if verdict is not None:
                r.judge = verdict.to_dict()


def build_document(opts: RunOptions, results: list[CaseResult], summary: dict, gate,
                   thresholds: Thresholds, run_meta: dict, baseline: dict | None) -> dict:
    doc = {
        "schema": "evals.run",
        "schema_version": SCHEMA_VERSION,
        "run": run_meta,
        **summary,
        "gate": gate.to_dict(),
        "thresholds": {"min": thresholds.minimum, "max": thresholds.maximum,
                       "case": {"min_key_fact_recall": thresholds.min_case_key_fact_recall}},
        "baseline": None,
        "cases": [r.to_dict() for r in results],
    }
    if baseline is not None:
        doc["baseline"] = {"path": str(opts.baseline), "run": baseline.get("run", {}), **compare_runs(baseline, doc)}
    return doc


def slim(doc: dict) -> dict:
    """A run document small enough to commit as a baseline: metrics and per-case outcome, no answer texts."""
    keep = ("id", "passed", "route", "reason", "failures", "scores", "critical")
    out = {k: v for k, v in doc.items() if k not in ("cases", "baseline")}
    out["cases"] = [{k: c.get(k) for k in keep} for c in doc["cases"]]
    return out


@dataclass
class Prepared:
    cases: list[EvalCase]
    thresholds: Thresholds
    baseline: dict | None
    base: Settings       # as configured (the judge uses its LLM)
    settings: Settings   # as the run uses them
    where: str
    own_data_dir: bool


def prepare(opts: RunOptions, assistant, settings: Settings | None, console: Console) -> Prepared:
    """Everything that can be checked before a model loads; raises ConfigError (or ValueError) when unusable."""
    if opts.answerer not in ("extractive", "llm"):
        raise ConfigError(f"--answerer must be extractive or llm, not {opts.answerer!r}")
    thresholds = Thresholds.load(opts.thresholds)
    baseline = load_run_file(opts.baseline) if opts.baseline else None
    base = settings or (Settings() if assistant is None else Settings(_env_file=None))
    if assistant is None:
        run_settings, where, own = eval_settings(opts, base)
    else:
        run_settings, where, own = base, "given assistant", False
    report = lint(opts.dataset, known_doc_ids(run_settings.knowledge_dir))
    if not report.ok:
        for error in report.errors:
            console.print(f"[red]{error}[/]")
        raise ConfigError(f"{opts.dataset}: {len(report.errors)} dataset error(s); run `python -m evals lint`")
    return Prepared(report.cases, thresholds, baseline, base, run_settings, where, own)


def write_reports(doc: dict, opts: RunOptions, console: Console) -> None:
    from evals.reports import html, junit

    opts.out.mkdir(parents=True, exist_ok=True)
    try:
        RunHistory(_history_path(opts)).record(doc)
    except Exception as exc:  # the history is a convenience; losing it must not lose the run's reports
        console.print(f"[yellow]Run history not written: {exc}[/]")
    (opts.out / "results.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    (opts.out / "junit.xml").write_text(junit.render(doc), encoding="utf-8")
    (opts.out / "report.html").write_text(html.render(doc), encoding="utf-8")
    if opts.save_baseline:
        opts.save_baseline.parent.mkdir(parents=True, exist_ok=True)
        opts.save_baseline.write_text(json.dumps(slim(doc), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def run(opts: RunOptions, assistant=None, settings: Settings | None = None, console: Console | None = None,
        judge=None) -> int:
    """The whole eval run; returns the exit code (0 pass, 1 gate failed, 2 errors).

    `assistant` may be any object with `ask(question, history)` returning an `assistant.types.Answer` (tests pass
    fakes); without one, a real Assistant is built from settings, indexed if needed and warmed up once. `judge`
    (an `evals.judge.Judge`) replaces the one built from ASSISTANT_LLM.
    """
    return run_several([opts], assistant, settings, console, judge)


def run_several(options: list[RunOptions], assistant=None, settings: Settings | None = None,
                console: Console | None = None, judge=None) -> int:
    """Several datasets, as `run` runs one, through one assistant: built (unless given) as for the first of them, in
    its data dir, and loaded once. Each dataset still gets its own out dir, reports and history entry. The worst
    exit code. An own-documents run, a baseline to compare with or to save need a run of their own.
    """
    console = console or Console(stderr=True)
    started = time.perf_counter(), dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    try:
        if len(options) > 1 and any(o.documents or o.baseline or o.save_baseline for o in options):
            raise ConfigError("datasets run together share one index: --documents, --baseline and --save-baseline "
                              "need a run of their own")
        prepared = [prepare(opts, assistant, settings, console) for opts in options]  # all, before a model loads
    except (ConfigError, ValueError) as exc:  # ValueError: pydantic's ValidationError for bad settings
        console.print(f"[red]Cannot run: {exc}[/]")
        return EXIT_ERROR
    first, codes = prepared[0], []
    for opts, p in zip(options, prepared, strict=True):
        if p is not first:  # answered by the first dataset's assistant, in its data dir
            started = time.perf_counter(), dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            p.settings, p.own_data_dir = first.settings, False
            p.where = f"{first.where} (built for {options[0].dataset})"
        console.print(f"[bold]{len(p.cases)} cases[/] from {opts.dataset} · answerer {opts.answerer} · {p.where}")
        try:
            assistant, ctx, keep = _start(opts, p, assistant, console)
        except Exception as exc:  # no index, a model that will not load, a broken template: an error, not a failure
            console.print(f"[red]Cannot start the assistant: {type(exc).__name__}: {exc}[/]")
            return EXIT_ERROR
        codes.append(_finish(opts, p, assistant, ctx, keep, console, judge, started))
    return max(codes)


def _start(opts: RunOptions, p: Prepared, assistant, console: Console):
    """The run's assistant (built and warmed up unless given), its grading context, and the index cache to keep its
    fresh index in after the questions (None: nothing to keep)."""
    keep = None
    if assistant is None:
        cache = IndexCache(opts.index_cache) if opts.index_cache is not None and p.own_data_dir else None
        if opts.documents is not None:
            _fresh_uploads(p.settings, p.own_data_dir)
        if cache is not None and cache.seed(p.settings, console):
            keep = cache
        assistant = _build_assistant(p.settings, p.own_data_dir, console)
        if opts.documents is not None:
            from evals.uploads import upload_folder

            upload_folder(assistant, opts.documents, console)
            assistant.warm_up()
    ctx = GradingContext.from_settings(p.settings, chunk_text=_chunk_texts(assistant),
                                       min_case_key_fact_recall=p.thresholds.min_case_key_fact_recall)
    return assistant, ctx, keep


def _finish(opts: RunOptions, p: Prepared, assistant, ctx: GradingContext, keep: IndexCache | None,
            console: Console, judge, started: tuple[float, str]) -> int:
    """Ask every case, judge, gate and write the reports; the run's exit code."""
    from evals.reports import terminal

    out = Console(width=None if sys.stdout.isatty() else 130)  # CI logs are not terminals: do not wrap at 80
    results = ask_all(p.cases, assistant, ctx, console)
    if keep is not None:  # after the questions: the run itself goes exactly as without a cache
        with console.status("Keeping a copy of the index for the next runs…"):
            keep.keep(assistant, console)
    judge_note = "off"
    if opts.judge != "off":
        if judge is None:
            from evals.judge import build_judge

            judge, judge_note = build_judge(p.base, _history_path(opts))
        else:
            judge_note = f"judge: {judge.model_name}"
        if judge is not None:
            run_judge(results, p.cases, ctx, judge, console)
        elif opts.judge == "on":
            console.print(f"[yellow]LLM judge skipped: {judge_note}[/]")

    answerers = sorted({r.answerer for r in results if r.answerer})
    if opts.answerer == "llm" and answerers != ["llm"]:
        console.print(f"[yellow]Asked for the llm answerer, but answers came from: {', '.join(answerers) or '-'}[/]")
    summary = summarize(results)
    gate = evaluate_gate(summary["metrics"], results, p.thresholds)
    commit, dirty = git_state()
    run_meta = {
        "started_at": started[1],
        "duration_s": round(time.perf_counter() - started[0], 2),
        "git_commit": commit, "git_dirty": dirty,
        "dataset": {"path": str(opts.dataset), "sha256": dataset_hash(opts.dataset), "cases": len(p.cases)},
        "answerer": opts.answerer, "answered_by": answerers, "judge": judge_note,
        "k": ctx.k, "data": p.where, "python": sys.version.split()[0],
        "settings": settings_snapshot(p.settings),
    }
    doc = build_document(opts, results, summary, gate, p.thresholds, run_meta, p.baseline)
    write_reports(doc, opts, console)
    terminal.render(doc, out, show_cases=opts.show_cases)
    out.print(f"Reports: {opts.out / 'report.html'} · {opts.out / 'results.json'} · {opts.out / 'junit.xml'}"
              + (f" · run #{doc['run'].get('id')}" if doc["run"].get("id") else ""))
    return gate.exit_code


def _history_path(opts: RunOptions) -> Path:
    return opts.history or opts.out / "history.sqlite"
