"""Granting `wbs` / `admin` (issue 10 C4): never by the grantee, a second admin's approval or the CLI, audited
with ids only, announced by e-mail to the existing WBS team."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from portal.accounts.models import RoleGrant, User
from portal.extensions import db
from tests.accounts.audit_rows import audit_rows
from tests.conftest import PASSWORD, AuthActions
from tests.smtp_server import running_smtp


@pytest.fixture
def smtp():
    with running_smtp() as inbox:
        yield inbox


@pytest.fixture
def mail_app(app_factory, smtp):
    return app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)


def _logged_in(app, user):
    client = app.test_client()
    auth = AuthActions(client)
    assert auth.login(user.email).status_code == 302
    assert auth.second_factor(user.email).status_code == 302
    return client


def _make(app, *roles, email):
    from portal.accounts import service as accounts

    with app.app_context():
        user = accounts.create_user(db.session, email, PASSWORD, list(roles),
                                    name="Petugas " + email.split("@")[0])
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


def _roles(app, user_id) -> set[str]:
    with app.app_context():
        return db.session.get(User, user_id).role_set


def _grants(app) -> list[tuple]:
    with app.app_context():
        return [(g.user_id, g.role, g.status, g.requested_by_id, g.decided_by_id)
                for g in db.session.scalars(select(RoleGrant).order_by(RoleGrant.id))]



def _edit(client, user, roles, name="Nama"):
    return client.post(f"/admin/pengguna/{user.id}", data={"name": name, "roles": roles, "active": "y"})


def test_admin_cannot_grant_a_privileged_role_to_themselves(mail_app, smtp):
    app = mail_app
    alice = _make(app, "admin", email="alice@uji.example")
    _make(app, "wbs", email="tim.wbs@uji.example")
    client = _logged_in(app, alice)
    response = _edit(client, alice, ["admin", "wbs"])
    assert response.status_code == 400
    refusal = "tidak dapat memberikan peran wbs atau admin kepada akun Anda sendiri"
    assert refusal in response.get_data(as_text=True)
    assert _roles(app, alice.id) == {"admin"}
    assert _grants(app) == []
    assert client.get("/admin/wbs").status_code == 403
    assert smtp.wait_for(1, timeout=0.5) == []


def test_request_then_second_admin_approval(mail_app, smtp):
    app = mail_app
    alice = _make(app, "admin", email="alice@uji.example")
    bob = _make(app, "admin", email="bob@uji.example")
    member = _make(app, "wbs", email="tim.wbs@uji.example")
    target = _make(app, "dumas", email="calon@uji.example")
    alice_client = _logged_in(app, alice)

    # alice's edit only files a request: not effective yet
    response = _edit(alice_client, target, ["dumas", "wbs"], name="Calon Tim")
    assert response.status_code == 302
    assert "menunggu persetujuan admin lain" in alice_client.get("/admin/pengguna").get_data(as_text=True)
    assert _roles(app, target.id) == {"dumas"}
    [(grant_user, role, status, requested_by, decided_by)] = _grants(app)
    assert (grant_user, role, status, requested_by, decided_by) == (
        target.id, "wbs", "pending", alice.id, None)
    target_client = app.test_client()
    assert AuthActions(target_client).login(target.email).status_code == 302
    assert target_client.get("/admin/wbs").status_code == 403

    with app.app_context():
        grant_id = db.session.scalar(select(RoleGrant.id))
    # the requester cannot approve her own request
    refused = alice_client.post(f"/admin/pengguna/izin-peran/{grant_id}/setujui", follow_redirects=True)
    assert "harus disetujui oleh admin lain" in refused.get_data(as_text=True)
    assert _roles(app, target.id) == {"dumas"} and _grants(app)[0][2] == "pending"
    assert smtp.wait_for(1, timeout=0.5) == []

    # a second admin approves: effective, audited with ids, the existing WBS team is told
    bob_client = _logged_in(app, bob)
    page = bob_client.get("/admin/pengguna").get_data(as_text=True)
    assert f"/admin/pengguna/izin-peran/{grant_id}/setujui" in page
    ok = bob_client.post(f"/admin/pengguna/izin-peran/{grant_id}/setujui", follow_redirects=True)
    assert "Tim WBS telah diberi tahu" in ok.get_data(as_text=True)
    assert _roles(app, target.id) == {"dumas", "wbs"}
    assert _grants(app)[0][2:] == ("approved", alice.id, bob.id)
    (row,) = audit_rows(app, "user.role_grant")
    assert row.user_id == bob.id and row.object_type == "role_grants" and row.object_id == str(grant_id)
    detail = json.loads(row.detail)
    assert detail == {"approved_by": bob.id, "requested_by": alice.id, "role": "wbs", "user_id": target.id}
    assert "@" not in row.detail  # ids only
    [message] = smtp.wait_for(1)
    assert message["To"] == member.email
    assert "calon@uji.example" in message["Subject"] and "wbs" in message["Subject"]
    body = message.get_content()
    assert "calon@uji.example" in body and "alice@uji.example" in body and "bob@uji.example" in body
    # the new member must still pass TOTP before reading reports
    assert target_client.get("/admin/wbs").status_code == 302
    # a decided request cannot be approved again
    again = bob_client.post(f"/admin/pengguna/izin-peran/{grant_id}/setujui", follow_redirects=True)
    assert "sudah diputuskan" in again.get_data(as_text=True)
    assert len(smtp.wait_for(2, timeout=0.5)) == 1


def test_the_grantee_cannot_approve_a_request_for_themselves(mail_app, smtp):
    app = mail_app
    alice = _make(app, "admin", email="alice@uji.example")
    bob = _make(app, "admin", email="bob@uji.example")
    alice_client = _logged_in(app, alice)
    assert _edit(alice_client, bob, ["admin", "wbs"]).status_code == 302
    with app.app_context():
        grant_id = db.session.scalar(select(RoleGrant.id))
    bob_client = _logged_in(app, bob)
    assert f"izin-peran/{grant_id}/setujui" not in bob_client.get("/admin/pengguna").get_data(as_text=True)
    refused = bob_client.post(f"/admin/pengguna/izin-peran/{grant_id}/setujui", follow_redirects=True)
    assert "harus disetujui oleh admin lain" in refused.get_data(as_text=True)
    assert _roles(app, bob.id) == {"admin"}
    # nor by editing their own account
    assert _edit(bob_client, bob, ["admin", "wbs"]).status_code == 400
    assert _roles(app, bob.id) == {"admin"}
    # any admin may turn the request down
    bob_client.post(f"/admin/pengguna/izin-peran/{grant_id}/tolak")
    assert _grants(app)[0][2] == "rejected" and _roles(app, bob.id) == {"admin"}


def test_new_account_with_a_privileged_role_waits_for_approval(mail_app, smtp):
    app = mail_app
    alice = _make(app, "admin", email="alice@uji.example")
    client = _logged_in(app, alice)
    response = client.post("/admin/pengguna/baru", data={
        "email": "baru@uji.example", "name": "Baru", "roles": ["editor", "admin"],
        "password": "sandi-baru-12345"})
    assert response.status_code == 302
    with app.app_context():
        new = db.session.scalar(select(User).where(User.email == "baru@uji.example"))
        assert new.role_set == {"editor"}
        new_id = new.id
    assert [(u, r, s) for u, r, s, *_ in _grants(app)] == [(new_id, "admin", "pending")]


def test_other_roles_are_still_given_at_once(mail_app, smtp):
    app = mail_app
    alice = _make(app, "admin", email="alice@uji.example")
    target = _make(app, "dumas", email="petugas@uji.example")
    client = _logged_in(app, alice)
    assert _edit(client, target, ["dumas", "editor", "pimpinan"]).status_code == 302
    assert _roles(app, target.id) == {"dumas", "editor", "pimpinan"} and _grants(app) == []


def test_cli_grant_role_is_effective_audited_and_announced(mail_app, smtp):
    app = mail_app
    member = _make(app, "wbs", email="tim.wbs@uji.example")
    target = _make(app, "dumas", email="calon@uji.example")
    result = app.test_cli_runner().invoke(args=["grant-role", "calon@uji.example", "wbs"])
    assert result.exit_code == 0, result.output
    assert _roles(app, target.id) == {"dumas", "wbs"}
    (row,) = audit_rows(app, "user.role_grant")
    assert row.user_id is None and row.object_id == str(target.id)
    assert json.loads(row.detail) == {"role": "wbs", "via": "cli"}
    [message] = smtp.wait_for(1)
    assert message["To"] == member.email and "calon@uji.example" in message.get_content()

    unknown = app.test_cli_runner().invoke(args=["grant-role", "tidak.ada@uji.example", "wbs"])
    assert unknown.exit_code != 0 and "Pengguna tidak ditemukan" in unknown.output
    bad = app.test_cli_runner().invoke(args=["grant-role", "calon@uji.example", "raja"])
    assert bad.exit_code != 0 and "Peran tidak dikenal" in bad.output


def test_cli_create_user_with_wbs_is_announced(mail_app, smtp):
    app = mail_app
    member = _make(app, "wbs", email="tim.wbs@uji.example")
    result = app.test_cli_runner().invoke(args=[
        "create-user", "baru.wbs@uji.example", "--role", "wbs", "--password", "sandi-baru-12345"])
    assert result.exit_code == 0, result.output
    [message] = smtp.wait_for(1)
    assert message["To"] == member.email and "baru.wbs@uji.example" in message.get_content()
