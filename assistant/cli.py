"""The command line: `assistant index`, `assistant ask`, `assistant status`, `assistant serve`, `assistant purge`."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from assistant.staff_cli import staff_app, token_app

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Social-media advice assistant for entrepreneurs.")


def _assistant(check_schema: bool = False):
    from assistant.config import Settings
    from assistant.migrate import SchemaError
    from assistant.pipeline import Assistant

    try:
        assistant = Assistant(Settings())
        if check_schema:  # an out-of-date database is refused with the command to run
            assistant.coordinator  # noqa: B018 - opens the database and checks its schema revision
        return assistant
    except SchemaError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from None
    except Exception as exc:  # configuration or template errors: say what is wrong, no traceback
        typer.secho(f"Cannot start: {exc}", fg="red", err=True)
        raise typer.Exit(2) from None


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log more.")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@app.command()
def index() -> None:
    """Build or update the index from knowledge/ (incremental: unchanged notes are skipped)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    assistant = _assistant(check_schema=True)
    with Progress(TextColumn("Indexing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=False, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("index", total=None)
        result = assistant.index(progress=lambda done, total: bar.update(task, completed=done, total=total))
    for path, why in result.problems:
        typer.secho(f"skipped {path}: {why}", fg="yellow", err=True)
    if result.changed:
        typer.echo(
            f"Indexed {result.documents} documents into {result.chunks_total} chunks: "
            f"{result.num_added} added, {result.num_deleted} deleted, {result.num_skipped} unchanged "
            f"({result.seconds:.1f} s)."
        )
    else:
        typer.echo(f"Index is up to date: nothing added or deleted ({result.chunks_total} chunks, {result.seconds:.1f} s).")


def _render(answer, as_json: bool) -> None:
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
        return
    typer.echo(answer.text)
    if answer.sources:
        typer.echo("\nBronnen / Sources:")
        for s in answer.sources:
            meta = ", ".join(x for x in (s.source, s.published) if x)
            typer.echo(f"  [{s.n}] {s.title}" + (f" ({meta})" if meta else "") + (f" {s.url}" if s.url else ""))
    if answer.related:
        typer.echo("\n" + ("Misschien wil je ook weten:" if answer.language == "nl" else "You may also want to know:"))
        for suggestion in answer.related:
            typer.echo(f"  - {suggestion.question}")
    if answer.referral and answer.referral.contact:
        typer.echo("\n" + answer.referral.specialist + ": " + ", ".join(f"{k}: {v}" for k, v in answer.referral.contact.items()))


@app.command()
def ask(
    question: Annotated[Optional[str], typer.Argument(help="The question.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the structured answer as JSON.")] = False,
    batch: Annotated[Optional[Path], typer.Option(help="JSONL file of {id, question, history?}.")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Where batch answers go (JSONL).")] = None,
    language: Annotated[Optional[str], typer.Option(help="Force nl or en.")] = None,
) -> None:
    """Ask one question, or a batch of questions from a JSONL file."""
    from assistant.pipeline import IndexMissingError, QuestionError

    assistant = _assistant()
    try:
        if batch:
            _ask_batch(assistant, batch, out)
            return
        if not question:
            typer.secho("Give a question, or --batch FILE.jsonl.", fg="red", err=True)
            raise typer.Exit(2)
        _render(assistant.ask(question, language=language), as_json)
    except QuestionError as exc:
        typer.secho(f"Cannot answer: {exc}.", fg="red", err=True)
        raise typer.Exit(2) from None
    except IndexMissingError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from None


def _ask_batch(assistant, batch: Path, out: Path | None) -> None:
    from rich.progress import track

    items = []
    for n, line in enumerate(batch.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                raise ValueError("needs a string 'question'")
        except ValueError as exc:
            typer.secho(f"{batch}:{n}: skipped, not a valid item ({exc})", fg="yellow", err=True)
            continue
        items.append(item)
    assistant.warm_up()
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    try:
        results = assistant.ask_many(items)
        for row in track(results, total=len(items), description="Answering", disable=not sys.stderr.isatty() or not out):
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out:
            sink.close()
    if out:
        typer.echo(f"Wrote {len(items)} answers to {out}.")


cards_app = typer.Typer(no_args_is_help=True, help="Answer cards in knowledge/cards.")
app.add_typer(cards_app, name="cards")
router_app = typer.Typer(no_args_is_help=True, help="The router classifier and its examples (prompts/routing.yaml).")
app.add_typer(router_app, name="router")
app.add_typer(staff_app, name="staff")
app.add_typer(token_app, name="token")


@cards_app.command("check")
def cards_check(
    support: Annotated[bool, typer.Option(help="Also list answer sentences whose cited note holds under 80 % of "
                                               "their words (warnings, as the eval's citation check sees them).")] = False,
) -> None:
    """Lint the cards: sources exist, figures appear in a cited note, no shared phrasings, nl and en agree."""
    from assistant.card_support import unsupported_sentences
    from assistant.cards import CardError, check_cards, load_cards
    from assistant.config import Settings

    settings = Settings()
    try:
        cards = load_cards(settings.knowledge_dir / "cards", settings.knowledge_dir)
    except CardError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(1) from None
    problems = check_cards(cards, settings.knowledge_dir)
    for problem in problems:
        typer.secho(problem, fg="red", err=True)
    phrasings = sum(len(c.texts[lang].questions) for c in cards for lang in c.texts)
    typer.echo(f"{len(cards)} cards, {phrasings} phrasings: {len(problems)} problem(s).")
    if support:
        weak = unsupported_sentences(cards)
        for line in weak:
            typer.secho(line, fg="yellow")
        typer.echo(f"{len(weak)} sentence citation(s) under 80 % support (warnings).")
    if problems:
        raise typer.Exit(1)


@router_app.command("check")
def router_check(folds: Annotated[int, typer.Option(help="Cross-validation folds.")] = 5) -> None:
    """Cross-validated accuracy of the router classifier on its own examples."""
    assistant = _assistant()
    report = assistant.policy.classifier.cross_validate(folds)
    typer.echo(json.dumps(report, indent=2))


@app.command()
def status() -> None:
    """Show where the data lives and how many chunks are indexed."""
    assistant = _assistant()
    s = assistant.settings
    typer.echo(f"data dir:      {s.data_dir}\nknowledge dir: {s.knowledge_dir}\nembedding:     {s.embedding_model}")
    typer.echo(f"chunks:        {assistant.chunk_count()}")


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="Interface to listen on (default ASSISTANT_HOST, 127.0.0.1).")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port (default ASSISTANT_PORT, 7860).")] = None,
    access_log: Annotated[bool, typer.Option(help="Log every request (with client addresses).")] = False,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (each loads the models, ~1 GB); more than "
                                                     "one needs ASSISTANT_CHROMA_URL.")] = 1,
) -> None:
    """Start the web server (chat page, API, widget, admin); builds the index first when there is none."""
    import time

    import uvicorn

    started = time.perf_counter()
    assistant = _assistant(check_schema=True)
    settings = assistant.settings
    host, port = host or settings.host, port or settings.port
    if workers > 1 and not settings.chroma_url:
        typer.secho("--workers above 1 needs a Chroma server that every worker shares: set ASSISTANT_CHROMA_URL "
                    "(see the README's Deployment). The embedded store serves one process.", fg="red", err=True)
        raise typer.Exit(2)
    try:
        chunks = assistant.chunk_count()
    except Exception as exc:  # chromadb raises many types for a damaged store
        typer.secho(
            f"Cannot open the index under {settings.chroma_dir} ({type(exc).__name__}); it looks damaged. It is "
            f"rebuilt from the knowledge files: delete {settings.chroma_dir}, {settings.lexical_dir} and "
            f"{settings.data_dir / 'records.sqlite'}, then run `assistant index` (or start `assistant serve` again).",
            fg="red", err=True)
        raise typer.Exit(2) from None
    if chunks == 0:
        typer.echo(f"No index yet under {settings.data_dir}: building it from {settings.knowledge_dir} (first start only).")
        shown = [0]

        def progress(done: int, total: int) -> None:
            step = max(total // 10, 1)
            if done == total or done - shown[0] >= step:
                shown[0] = done
                typer.echo(f"  indexed {done}/{total} chunks")

        result = assistant.index(progress=progress)
        for path, why in result.problems:
            typer.secho(f"skipped {path}: {why}", fg="yellow", err=True)
        typer.echo(f"Indexed {result.documents} documents into {result.chunks_total} chunks ({result.seconds:.1f} s).")
    if workers > 1:  # each worker builds its own app (uvicorn's factory) from the same environment
        typer.echo(f"Starting {workers} workers on http://{host}:{port}/ (each loads the models) ...")
        uvicorn.run("assistant.web.app:worker_app", factory=True, workers=workers, host=host, port=port,
                    forwarded_allow_ips=settings.forwarded_allow_ips, access_log=access_log, log_level="info")
        return
    typer.echo("Loading models ...")
    assistant.warm_up()
    from assistant.web.app import create_app

    web = create_app(settings, assistant)
    typer.echo(f"Ready in {time.perf_counter() - started:.1f} s: open http://{host}:{port}/  (API docs: /docs)")
    uvicorn.run(web, host=host, port=port, forwarded_allow_ips=settings.forwarded_allow_ips,
                access_log=access_log, log_level="info")


db_app = typer.Typer(help="The database schema (Alembic migrations).", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _engine():
    from sqlalchemy import create_engine

    from assistant.config import Settings

    settings = Settings()
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return create_engine(settings.db_url)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database (ASSISTANT_DATABASE_URL, default SQLite under the data dir) to this release's schema."""
    from assistant.migrate import upgrade

    engine = _engine()
    try:
        before, after = upgrade(engine)
    except Exception as exc:  # noqa: BLE001 - a driver error: say which database and why, no traceback
        typer.secho(f"Cannot upgrade {engine.url.render_as_string(hide_password=True)}: {exc}", fg="red", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Database at revision {after}" + (" (unchanged)." if before == after else f" (was {before or 'empty'})."))


@db_app.command("current")
def db_current() -> None:
    """Show the database's schema revision and the one this release needs."""
    from assistant.migrate import current, head

    revision, wanted = current(_engine()), head()
    typer.echo(f"database: {revision or 'not set up'}\nneeded:   {wanted}")
    if revision != wanted:
        raise typer.Exit(1)


@app.command()
def purge(
    older_than: Annotated[Optional[int], typer.Option(
        "--older-than", min=0, help="Days; default ASSISTANT_RETENTION_DAYS.")] = None,
) -> None:
    """Delete conversations, feedback and handled contact requests older than the retention period, and audit
    events older than ASSISTANT_AUDIT_RETENTION_DAYS."""
    from assistant.staff import Staff
    from assistant.store import Store

    settings = _assistant().settings
    days = settings.retention_days if older_than is None else older_than
    store = Store(settings)
    counts = store.purge(days)
    typer.echo(f"Purged data older than {days} days: " + ", ".join(f"{n} {what}" for what, n in counts.items()) + ".")
    audit = Staff(store).purge_audit(settings.audit_retention_days)
    typer.echo(f"Purged {audit} audit events older than {settings.audit_retention_days} days.")


if __name__ == "__main__":
    app()
