"""Staff access over real HTTP: strong secrets, throttled failures, service tokens with roles, the audit trail,
cross-site posts and security headers (issue: staff access fit for personal data)."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from assistant.staff import Staff, role_allows
from assistant.store import Store

pytest_plugins = ["web_server"]
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def staff(web_settings) -> Staff:
    """The accounts and tokens of the web server's database (a second connection, as the CLI would open)."""
    store = Store(web_settings)
    yield Staff(store)
    store.close()


@pytest.fixture(scope="module")
def tokens(staff) -> dict[str, str]:
    made = {}
    for role in ("viewer", "editor", "admin"):
        _, secret = staff.create_token(f"test-{role}-{os.getpid()}", role)
        made[role] = secret
    return made


def as_role(new_client, web_server, secret: str) -> httpx.Client:
    return new_client(web_server, Authorization=f"Bearer {secret}")


def test_a_weak_admin_token_is_refused_at_start_with_what_to_do(tmp_path):
    env = {**os.environ, "ASSISTANT_ADMIN_TOKEN": "abc", "ASSISTANT_DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "serve", "--port", "1"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "too short (3 characters; at least 32)" in result.stderr and "secrets.token_urlsafe" in result.stderr


def test_twenty_bad_tokens_from_one_address_get_429_and_other_addresses_still_get_in(new_client, web_server, tokens):
    attacker = new_client(web_server, Authorization="Bearer sma_guessed-token-that-does-not-exist")
    codes = [attacker.get("/api/admin/referrals").status_code for _ in range(20)]
    assert codes[0] == 401 and 429 in codes and set(codes) <= {401, 429}
    blocked = attacker.get("/api/admin/referrals")
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1
    # The right token from the blocked address waits too; another address is not affected.
    same_address = httpx.Client(base_url=web_server, headers={"Authorization": f"Bearer {tokens['viewer']}",
                                                              "X-Forwarded-For": attacker.headers["X-Forwarded-For"]})
    assert same_address.get("/api/admin/referrals").status_code == 429
    assert as_role(new_client, web_server, tokens["viewer"]).get("/api/admin/referrals").status_code == 200


def test_a_viewer_reads_but_cannot_export_delete_or_change(new_client, web_server, tokens):
    viewer = as_role(new_client, web_server, tokens["viewer"])
    assert viewer.get("/api/admin/referrals").status_code == 200
    assert viewer.get("/api/admin/feedback").status_code == 200
    assert viewer.get("/api/admin/conversations", params={"filter": "thumbs_down"}).status_code == 200
    assert viewer.get("/api/admin/conversations/no-such-session-1").status_code == 404  # read, but there is none
    for method, path, body in [("GET", "/api/admin/referrals.csv", None), ("GET", "/api/admin/feedback.csv", None),
                               ("POST", "/api/admin/people/export", {"email": "a@b.nl"}),
                               ("POST", "/api/admin/people/delete", {"email": "a@b.nl"}),
                               ("POST", "/api/admin/reindex", None), ("GET", "/api/admin/audit", None)]:
        response = viewer.request(method, path, json=body)
        assert response.status_code == 403, (path, response.text)
        assert "needs the" in response.json()["detail"]
    editor = as_role(new_client, web_server, tokens["editor"])
    assert editor.post("/api/admin/people/delete", json={"email": "a@b.nl"}).status_code == 403
    assert editor.get("/api/admin/index").status_code == 200


def test_each_admin_action_leaves_one_audit_row_without_personal_data(api, new_client, web_server, tokens, staff):
    admin = as_role(new_client, web_server, tokens["admin"])
    actor = f"token:test-admin-{os.getpid()}"
    referral = api.post("/api/referrals", json={"name": "Petra Visser", "email": "petra@visser.example",
                                                "phone": "0612345678", "question": "Kan iemand meekijken?",
                                                "consent": True}).json()

    def rows_after(call) -> list[dict]:
        before = staff.audit_events(limit=1)[0]["id"] if staff.audit_events(limit=1) else 0
        response = call()
        assert response.status_code in (200, 201), response.text
        return [r for r in staff.audit_events(limit=50) if r["id"] > before]

    actions = {
        "referrals.export": lambda: admin.get("/api/admin/referrals.csv"),
        "feedback.export": lambda: admin.get("/api/admin/feedback.csv"),
        "referral.handled": lambda: admin.post(f"/api/admin/referrals/{referral['id']}/handled"),
        "document.upload": lambda: admin.post("/api/admin/documents", files={"file": ("audit.txt", b"Audit test\n\nPost weekly.")}),
        "document.delete": lambda: admin.request("DELETE", "/api/admin/documents/audit.txt"),
        "person.export": lambda: admin.post("/api/admin/people/export", json={"email": "petra@visser.example"}),
        "person.delete": lambda: admin.post("/api/admin/people/delete", json={"email": "petra@visser.example"}),
        "audit.export": lambda: admin.get("/api/admin/audit.csv"),
    }
    for action, call in actions.items():
        rows = rows_after(call)
        assert [(r["actor"], r["action"]) for r in rows] == [(actor, action)], action
        assert rows[0]["client"] and rows[0]["outcome"] == "ok"
    trail = admin.get("/api/admin/audit").json()
    flat = repr(trail)
    for personal in ("Petra", "Visser", "petra@visser.example", "0612345678"):
        assert personal not in flat


def test_a_cross_site_form_post_to_an_admin_action_is_refused(new_client, web_server):
    # A form on another site cannot add an Authorization header, and the API takes no cookies.
    forged = new_client(web_server, Origin="http://evil.example")
    response = forged.post("/api/admin/people/delete", data={"email": "someone@example.nl"},
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 401
    preflight = forged.options("/api/admin/people/delete", headers={"Access-Control-Request-Method": "POST",
                                                                    "Access-Control-Request-Headers": "authorization"})
    assert "access-control-allow-origin" not in preflight.headers


@pytest.fixture(scope="module")
def ui_base(tmp_path_factory) -> str:
    """The whole app with its pages (no index needed to serve them), an identity proxy at 10.99.0.1 and one
    staff account."""
    from web_server import running, web_settings_for

    from assistant.web.app import create_app

    settings = web_settings_for(tmp_path_factory.mktemp("sso") / "data", sso_header="X-Forwarded-User",
                                sso_trusted_proxies=["10.99.0.1"])
    store = Store(settings)
    Staff(store).add_user("anna", "editor", "anna-password-123")
    store.close()
    with running(create_app(settings)) as base_url:
        yield base_url


@pytest.mark.parametrize("path", ["/", "/admin/", "/embed", "/api/health", "/widget.js"])
def test_security_headers_are_on_every_page(ui_base, path):
    response = httpx.get(ui_base + path, follow_redirects=True, timeout=60)
    assert response.status_code == (503 if path == "/api/health" else 200)  # this server has no index: unhealthy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    if not path.startswith(("/api", "/widget")):
        csp = response.headers["content-security-policy"]
        assert "object-src 'none'" in csp and "base-uri 'self'" in csp
        ancestors = csp.split("frame-ancestors ")[1]
        assert ancestors == ("'self' http://allowed.example" if path == "/embed" else "'none'")


def test_the_admin_login_cookie_is_http_only_and_same_site_strict(ui_base):
    bad = httpx.post(ui_base + "/admin/login", data={"username": "anna", "password": "wrong-password-1"}, timeout=60)
    assert bad.status_code == 400 and "set-cookie" not in bad.headers
    good = httpx.post(ui_base + "/admin/login", data={"username": "anna", "password": "anna-password-123"}, timeout=60)
    assert good.status_code == 200, good.text
    cookies = good.headers.get_list("set-cookie")
    assert cookies and all("HttpOnly" in c and c.endswith("SameSite=strict") for c in cookies)
    assert any(c.startswith("access-token-") and "Secure" in c for c in cookies)  # the one sent over HTTPS


def test_twenty_bad_sign_ins_from_one_address_get_429_even_for_the_right_password(ui_base):
    attacker = httpx.Client(base_url=ui_base, timeout=60, headers={"X-Forwarded-For": "10.98.0.1"})
    codes = [attacker.post("/admin/login", data={"username": f"user{i}", "password": "guess-password-1"}).status_code
             for i in range(20)]
    assert codes[0] == 400 and codes[-1] == 429 and set(codes) <= {400, 429}
    right = attacker.post("/admin/login", data={"username": "anna", "password": "anna-password-123"})
    assert right.status_code == 429 and int(right.headers["Retry-After"]) >= 1
    elsewhere = httpx.post(ui_base + "/admin/login", data={"username": "anna", "password": "anna-password-123"},
                           headers={"X-Forwarded-For": "10.98.0.2"}, timeout=60)
    assert elsewhere.status_code == 200


def test_a_trusted_identity_proxy_names_the_staff_member_and_nobody_else_can(ui_base):
    def call(address: str, user: str) -> httpx.Response:
        return httpx.get(ui_base + "/api/admin/index", timeout=60,
                         headers={"X-Forwarded-For": address, "X-Forwarded-User": user})

    assert call("10.99.0.1", "anna").status_code == 200           # from the proxy: anna, an editor
    assert call("10.99.0.2", "anna").status_code == 401           # the same header from elsewhere is ignored
    assert call("10.99.0.1", "mallory").status_code == 401        # no such account

    # The admin page signs the proxy's user in, and only them.
    proxied = httpx.Client(base_url=ui_base, timeout=60, headers={"X-Forwarded-For": "10.99.0.1",
                                                                   "X-Forwarded-User": "anna"})
    assert proxied.get("/admin/config").status_code == 401
    landed = proxied.get("/admin", follow_redirects=True)
    assert landed.status_code == 200 and str(landed.url).endswith("/admin/")
    assert proxied.get("/admin/config").status_code == 200  # signed in as anna
    outsider = httpx.Client(base_url=ui_base, timeout=60, headers={"X-Forwarded-For": "10.99.0.2",
                                                                    "X-Forwarded-User": "anna"})
    outsider.get("/admin/sso")
    assert outsider.get("/admin/config").status_code == 401


def test_the_cli_manages_accounts_and_tokens_and_the_audit_names_who(tmp_path):
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path)}
    env.pop("ASSISTANT_ADMIN_TOKEN", None)

    def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, input=stdin,
                              capture_output=True, text=True, timeout=120)

    assert cli("staff", "add", "anna", "--role", "editor", "--password-stdin", stdin="short\n").returncode == 1
    added = cli("staff", "add", "Anna", "--role", "editor", "--password-stdin", stdin="correct horse battery\n")
    assert added.returncode == 0 and "added anna as editor" in added.stdout
    assert cli("staff", "set", "anna", "--disable").returncode == 0
    made = cli("token", "create", "--name", "crm-export", "--role", "viewer")
    secret = made.stdout.strip()
    assert made.returncode == 0 and secret.startswith("sma_") and len(secret) > 40
    listed = cli("token", "list").stdout
    assert "crm-export" in listed and secret not in listed
    assert cli("token", "revoke", "crm-export").returncode == 0

    from assistant.config import Settings

    store = Store(Settings(_env_file=None, data_dir=tmp_path))
    staff = Staff(store)
    assert staff.login("anna", "correct horse battery") is None  # disabled
    assert staff.check_token(secret) is None  # revoked
    assert [(r["actor"], r["action"]) for r in reversed(staff.audit_events())] == [
        ("cli", "staff.add"), ("cli", "staff.set"), ("cli", "token.create"), ("cli", "token.revoke")]
    store.close()


def test_example_specialist_contacts_are_warned_about_at_start(tmp_path, caplog):
    from web_server import web_settings_for

    from assistant.web.app import create_app

    with caplog.at_level("WARNING", logger="assistant.web.app"):
        app = create_app(web_settings_for(tmp_path / "data"), with_ui=False)
    assert app.state.example_specialists and "EXAMPLE contacts" in caplog.text


def test_roles_are_ordered():
    assert role_allows("admin", "editor") and role_allows("editor", "viewer") and role_allows("viewer", "viewer")
    assert not role_allows("viewer", "editor") and not role_allows("editor", "admin") and not role_allows(None, "viewer")
