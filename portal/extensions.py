"""Flask extensions, created unbound; `create_app` binds them."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf import CSRFProtect

from portal.core.models.base import Base


class PortalSQLAlchemy(SQLAlchemy):
    MAX_PAGE = 100_000

    def paginate(self, select, *, page=None, **kwargs):
        """`?page=` beyond any real list is "not found", before its OFFSET overflows PostgreSQL's bigint
        (a 500)."""
        if page is None:
            from flask import abort, has_request_context, request

            from portal.core.validation import parse_int

            raw = (request.args.get("page", "") if has_request_context() else "").strip()
            # parse_int, not int(): int() of over 4300 digits raises ValueError (a 500)
            number = parse_int(raw) if raw.isdecimal() else 1
            if number is None or number > self.MAX_PAGE:
                abort(404)
        return super().paginate(select, page=page, **kwargs)


db = PortalSQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
babel = Babel()
talisman = Talisman()
