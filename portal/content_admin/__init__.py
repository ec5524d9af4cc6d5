"""Admin area for content pages (`/admin/konten`), for the `editor` role."""
from portal.content_admin.views import bp

__all__ = ["bp"]
