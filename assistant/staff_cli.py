"""`assistant staff ...` and `assistant token ...`: personal staff accounts and service tokens for the API.

Every change is written to the audit trail as done by "cli" (whoever can run this has the server's database).
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from assistant.staff import ROLES

staff_app = typer.Typer(no_args_is_help=True, help="Personal staff accounts for /admin (roles: viewer, editor, admin).")
token_app = typer.Typer(no_args_is_help=True, help="Service tokens for /api/admin, one per purpose.")

Role = Annotated[str, typer.Option("--role", help=f"One of {', '.join(ROLES)}.")]


def _staff():
    from assistant.config import Settings
    from assistant.staff import Staff
    from assistant.store import Store

    try:
        return Staff(Store(Settings()))
    except Exception as exc:  # configuration or database errors: say what is wrong, no traceback
        typer.secho(f"Cannot open the database: {exc}", fg="red", err=True)
        raise typer.Exit(2) from None


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = typer.prompt("Password (at least 12 characters)", hide_input=True)
    if typer.prompt("Repeat the password", hide_input=True) != first:
        typer.secho("The passwords differ; nothing changed.", fg="red", err=True)
        raise typer.Exit(1)
    return first


def _fail(exc: Exception) -> typer.Exit:
    typer.secho(str(exc), fg="red", err=True)
    return typer.Exit(1)


@staff_app.command("add")
def staff_add(name: str, role: Role = "viewer",
              password_stdin: Annotated[bool, typer.Option(help="Read the password from standard input.")] = False) -> None:
    """Add a staff account (the password is asked twice, hidden)."""
    from assistant.staff import StaffError

    staff = _staff()
    try:
        user = staff.add_user(name, role, _password(password_stdin))
    except StaffError as exc:
        raise _fail(exc) from None
    staff.audit("cli", "staff.add", f"{user['name']} ({user['role']})")
    typer.echo(f"added {user['name']} as {user['role']}")


@staff_app.command("set")
def staff_set(name: str, role: Annotated[Optional[str], typer.Option(help="A new role.")] = None,
              disable: Annotated[bool, typer.Option(help="Disable the account (staff who left).")] = False,
              enable: Annotated[bool, typer.Option(help="Enable it again.")] = False,
              password: Annotated[bool, typer.Option(help="Set a new password (asked).")] = False,
              password_stdin: Annotated[bool, typer.Option(help="Read the new password from standard input.")] = False) -> None:
    """Change an account's role, password, or whether it may sign in."""
    from assistant.staff import StaffError
    from assistant.store import NotFoundError

    staff = _staff()
    active = False if disable else True if enable else None
    secret = _password(password_stdin) if (password or password_stdin) else None
    try:
        user = staff.set_user(name, role=role, active=active, password=secret)
    except (StaffError, NotFoundError) as exc:
        raise _fail(exc) from None
    changes = [f"role={role}" if role else "", "disabled" if disable else "enabled" if enable else "",
               "password" if secret else ""]
    staff.audit("cli", "staff.set", f"{user['name']}: {' '.join(c for c in changes if c) or 'nothing'}")
    typer.echo(f"{user['name']}: {user['role']}, {'active' if user['active'] else 'disabled'}")


@staff_app.command("list")
def staff_list() -> None:
    """The staff accounts (no passwords)."""
    for user in _staff().users():
        typer.echo(f"{user['name']:<24} {user['role']:<7} {'active' if user['active'] else 'disabled':<9} "
                   f"since {user['created_at']:%Y-%m-%d}")


@token_app.command("create")
def token_create(name: Annotated[str, typer.Option("--name", help="What the token is for, e.g. crm-export.")],
                 role: Role = "viewer") -> None:
    """Create a service token; it is shown once (store it in the calling system's secrets)."""
    from assistant.staff import StaffError

    staff = _staff()
    try:
        token, secret = staff.create_token(name, role)
    except StaffError as exc:
        raise _fail(exc) from None
    staff.audit("cli", "token.create", f"{token['name']} ({token['role']})")
    typer.echo(f"token {token['name']} ({token['role']}), shown only now:", err=True)
    typer.echo(secret)


@token_app.command("revoke")
def token_revoke(name: str) -> None:
    """Revoke a service token at once."""
    from assistant.store import NotFoundError

    staff = _staff()
    try:
        token = staff.revoke_token(name)
    except NotFoundError as exc:
        raise _fail(exc) from None
    staff.audit("cli", "token.revoke", token["name"])
    typer.echo(f"revoked {token['name']}")


@token_app.command("list")
def token_list() -> None:
    """The service tokens (never their secrets)."""
    for token in _staff().tokens():
        state = f"revoked {token['revoked_at']:%Y-%m-%d}" if token["revoked_at"] else "active"
        used = f"{token['last_used_at']:%Y-%m-%d %H:%M}" if token["last_used_at"] else "never used"
        typer.echo(f"{token['name']:<24} {token['role']:<7} {state:<18} {used}")
