"""Zona Integritas monitoring: the staff blueprint `admin_zi` (/admin/zi, views.py), the public progress page
(portal/zi/admin.py, /rencana-aksi/progres) and the `zi-digest` command (cli.py)."""
from portal.zi import cli  # noqa: F401  (registers `flask zi-digest` on bp)
from portal.zi.admin import bp

__all__ = ["bp"]
