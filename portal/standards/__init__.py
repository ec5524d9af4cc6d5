"""Admin area for service standards (`/admin/standar-pelayanan`), for the `editor` role."""
from portal.standards.admin import bp

__all__ = ["bp"]
