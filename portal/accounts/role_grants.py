"""Granting the privileged roles (`wbs`, `admin`): four eyes, never by the grantee, announced to the WBS team.

An admin who gives a user `wbs` or `admin` in the user form only *requests* it (a pending RoleGrant); the
role takes effect when a second admin, who is neither the requester nor the grantee, approves. The command
line (`flask grant-role`, `flask create-user`) grants directly: whoever runs it already holds the server.
Every grant is audited with ids only, and announced by e-mail to the WBS team as it was before the grant,
so a new reader of the reports never arrives unnoticed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import PRIVILEGED_ROLES, ROLES, RoleGrant, User
from portal.core import audit, mailer
from portal.core.errors import DomainError
from portal.core.models.base import utcnow


@dataclass
class Announcement:
    """E-mails to send once the grant is committed (mailer.send_mail never raises)."""

    recipients: list[str] = field(default_factory=list)
    subject: str = ""
    body: str = ""

    def send(self, config) -> int:
        return sum(mailer.send_mail(dict(config), to, self.subject, self.body) for to in self.recipients)


def privileged_additions(user: User | None, roles: list[str] | str) -> list[str]:
    """The privileged roles in `roles` that `user` (None: a new account) does not hold yet."""
    items = roles.split() if isinstance(roles, str) else list(roles or [])
    held = user.role_set if user is not None else set()
    return [r for r in PRIVILEGED_ROLES if r in items and r not in held]


def pending(session: Session) -> list[RoleGrant]:
    waiting = select(RoleGrant).where(RoleGrant.status == "pending").order_by(RoleGrant.id)
    return list(session.scalars(waiting))


def self_grant_error() -> DomainError:
    return DomainError(
        "Anda tidak dapat memberikan peran wbs atau admin kepada akun Anda sendiri; minta admin lain.")


def request_grant(session: Session, user: User, role: str, *, actor: User) -> RoleGrant:
    """Record a pending grant (caller commits). One pending request per user and role."""
    if role not in PRIVILEGED_ROLES:
        raise DomainError("Peran tidak dikenal.")
    if actor.id == user.id:
        raise self_grant_error()
    existing = session.scalar(select(RoleGrant).where(
        RoleGrant.user_id == user.id, RoleGrant.role == role, RoleGrant.status == "pending"))
    if existing is not None:
        return existing
    grant = RoleGrant(user_id=user.id, role=role, status="pending", requested_by_id=actor.id,
                      requested_at=utcnow())
    session.add(grant)
    session.flush()
    audit.record(session, actor, "user.role_request", grant, user_id=user.id, role=role)
    return grant


def _wbs_team(session: Session, *, excluding: int) -> list[str]:
    members = session.scalars(
        select(User).where(User.active.is_(True), User.id != excluding).order_by(User.id))
    return [u.email for u in members if u.has_role("wbs")]


def _announcement(session: Session, user: User, role: str, *, approver: User | None,
                  requester: User | None) -> Announcement:
    recipients = _wbs_team(session, excluding=user.id)
    who = f"{user.name} <{user.email}>" if user.name else user.email
    if approver is None:
        how = gettext("Diberikan melalui perintah server (CLI).")
    else:
        how = gettext("Diminta oleh %(requester)s dan disetujui oleh %(approver)s.",
                      requester=requester.email if requester else "-", approver=approver.email)
    subject = gettext("[Portal ZI] Peran %(role)s diberikan kepada %(who)s", role=role, who=user.email)
    body = "\n\n".join([
        gettext("Peran \"%(role)s\" (%(label)s) telah diberikan kepada %(who)s.", role=role,
                label=str(ROLES[role]), who=who),
        how,
        gettext("Pesan ini dikirim ke seluruh Tim WBS setiap kali peran wbs atau admin diberikan. "
                "Bila pemberian ini tidak Anda ketahui, segera hubungi pimpinan dan administrator."),
    ])
    return Announcement(recipients, subject, body)


def _apply(user: User, role: str) -> None:
    user.roles = " ".join(r for r in ROLES if r in user.role_set | {role})


def approve(session: Session, grant: RoleGrant, *, actor: User) -> Announcement:
    """A second admin approves: the role takes effect (caller commits, then sends the announcement)."""
    if not actor.has_role("admin"):
        raise DomainError("Hanya admin yang dapat menyetujui pemberian peran.")
    if grant.status != "pending":
        raise DomainError("Permintaan ini sudah diputuskan.")
    if actor.id in (grant.user_id, grant.requested_by_id):
        raise DomainError(
            "Permintaan ini harus disetujui oleh admin lain, bukan oleh peminta atau penerima peran.")
    user = session.get(User, grant.user_id)
    announcement = _announcement(session, user, grant.role, approver=actor, requester=grant.requested_by)
    _apply(user, grant.role)
    grant.status, grant.decided_by_id, grant.decided_at = "approved", actor.id, utcnow()
    audit.record(session, actor, "user.role_grant", grant, user_id=user.id, role=grant.role,
                 requested_by=grant.requested_by_id, approved_by=actor.id)
    return announcement


def reject(session: Session, grant: RoleGrant, *, actor: User) -> None:
    """Any admin (also the requester, withdrawing it) turns a pending request down."""
    if grant.status != "pending":
        raise DomainError("Permintaan ini sudah diputuskan.")
    grant.status, grant.decided_by_id, grant.decided_at = "rejected", actor.id, utcnow()
    audit.record(session, actor, "user.role_reject", grant, user_id=grant.user_id, role=grant.role)


def grant_directly(session: Session, user: User, role: str) -> Announcement:
    """The command line: the role takes effect at once (caller commits, then sends the announcement)."""
    if role not in ROLES:
        raise DomainError("Peran tidak dikenal: %(roles)s. Pilihan: %(choices)s.", roles=role,
                          choices=", ".join(ROLES))
    if user.has_role(role):
        raise DomainError("Pengguna ini sudah memiliki peran tersebut.")
    announcement = (_announcement(session, user, role, approver=None, requester=None)
                    if role in PRIVILEGED_ROLES else Announcement())
    _apply(user, role)
    audit.record(session, None, "user.role_grant", user, role=role, via="cli")
    return announcement


def announce_new_account(session: Session, user: User) -> list[Announcement]:
    """`flask create-user` with a privileged role: tell the WBS team as for any other grant."""
    return [_announcement(session, user, role, approver=None, requester=None)
            for role in PRIVILEGED_ROLES if user.has_role(role)]
