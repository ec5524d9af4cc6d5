"""(being built: issue 13)"""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("ppid_report", __name__)
api_bp = Blueprint("ppid_report_api", __name__)
