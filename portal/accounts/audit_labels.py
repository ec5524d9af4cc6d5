"""What the accounts feature's audit codes mean (read by portal/core/audit.py `collect_labels`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.audit import ObjectKind, int_ids

ACTIONS = {
    "auth.login": _l("Masuk"),
    "auth.logout": _l("Keluar"),
    "auth.login_failed": _l("Gagal masuk"),
    "auth.login_locked": _l("Mencoba masuk ke akun terkunci"),
    "auth.lockout": _l("Akun dikunci sementara"),
    "auth.totp_enrol": _l("Mendaftarkan aplikasi autentikator"),
    "auth.totp_ok": _l("Lolos verifikasi dua langkah"),
    "auth.totp_failed": _l("Gagal verifikasi dua langkah"),
    "auth.totp_reset": _l("Mengatur ulang verifikasi dua langkah"),
    "user.create": _l("Membuat akun pengguna"),
    "user.update": _l("Mengubah akun pengguna"),
    "user.password_change": _l("Mengganti kata sandi"),
    "user.unlock": _l("Membuka kunci akun"),
    "user.role_request": _l("Mengajukan peran"),
    "user.role_grant": _l("Memberikan peran"),
    "user.role_reject": _l("Menolak pengajuan peran"),
}


def user_emails(session: Session, ids: list[str]) -> dict[str, str]:
    from portal.accounts.models import User

    rows = session.execute(select(User.id, User.email).where(User.id.in_(int_ids(ids))))
    return {str(user_id): email for user_id, email in rows}


OBJECTS = {
    "users": ObjectKind(_l("Pengguna"), "portal.accounts.audit_labels:user_emails"),
    "role_grants": ObjectKind(_l("Pengajuan peran")),
}
