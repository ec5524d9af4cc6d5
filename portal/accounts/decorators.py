"""Role checks for staff views: 403 for a logged-in user without the role."""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app
from flask_login import current_user, login_required


def roles_required(*roles: str):
    """Allow users holding any of `roles`; anonymous users go to the log-in page."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:  # login_required lets OPTIONS through: never a role
                return current_app.login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
