"""Who may do what with conflict-of-interest records (request-free: a user and a session in).

* `pegawai` declares and reads their own declarations only;
* the ZI team keeps the register: the members of the ZI team "TIM PENGUATAN PENGAWASAN" (the team the
  action plan names for rows V.3.1-V.3.5; portal/zi teams) and `admin`;
* `pimpinan` reads everything the ZI team keeps;
* `wbs` opens a case from a WBS report of category "benturan kepentingan" (a summary, no reporter content).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.zi.models import ZiTeam, ZiTeamMember

DECLARE_ROLES = ("pegawai",)
KEEPER_ROLES = ("admin",)
READER_ROLES = ("pimpinan",)
WBS_ROLES = ("wbs",)
# every role that has something to do here (the staff menu and the dashboard panel)
MENU_ROLES = ("pegawai", "admin", "pimpinan", "wbs")
ZI_TEAM_KEY = "TIM PENGUATAN PENGAWASAN"


def in_zi_team(session: Session, user: User) -> bool:
    return session.scalar(
        select(ZiTeamMember.id).join(ZiTeam, ZiTeam.id == ZiTeamMember.team_id)
        .where(ZiTeam.key == ZI_TEAM_KEY, ZiTeamMember.user_id == user.id).limit(1)) is not None


def can_declare(user: User) -> bool:
    return user.has_role(*DECLARE_ROLES)


def can_keep(session: Session, user: User) -> bool:
    return user.has_role(*KEEPER_ROLES) or in_zi_team(session, user)


def can_read(session: Session, user: User) -> bool:
    return user.has_role(*READER_ROLES) or can_keep(session, user)


def can_open_from_wbs(user: User) -> bool:
    return user.has_role(*WBS_ROLES)
