"""Admin area for content pages (`/admin/konten`), for the `editor` role."""
from portal.content.admin import bp

__all__ = ["bp"]
