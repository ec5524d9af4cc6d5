"""All models, imported here so Alembic and `db.create_all()` see every table."""
from portal.models.audit import AuditLog
from portal.models.base import Base
from portal.models.setting import Setting
from portal.models.user import ROLES, User

__all__ = ["AuditLog", "Base", "ROLES", "Setting", "User"]
