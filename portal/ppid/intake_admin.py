"""(being built: issue 13)"""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin_ppid_intake", __name__)
