"""Admin area for service standards (`/admin/standar-pelayanan`), for the `editor` role."""
from portal.admin.standards.views import bp

__all__ = ["bp"]
