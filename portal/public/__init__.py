"""The public site's shared blueprint `public`: the home page and /healthz (views.py), plus the public pages
of action_plan, standards, content and zi, which attach their routes to this same blueprint so that their
endpoint names (`public.action_plan`, `public.standards`, ...) stay what templates and links use."""
from flask import Blueprint

bp = Blueprint("public", __name__)

from portal.action_plan import views as action_plan  # noqa: F401  (/rencana-aksi, /api/v1/rencana-aksi)
from portal.content import views as pages  # noqa: F401  (/halaman/<slug>, /maklumat)
from portal.public import views  # noqa: F401  (home, healthz)
from portal.standards import views as standards  # noqa: F401  (/standar-pelayanan)
from portal.zi import views as zi_progress  # noqa: F401  (/rencana-aksi/progres)
