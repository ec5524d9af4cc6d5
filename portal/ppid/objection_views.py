"""(being built: issue 13)"""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("ppid_objections", __name__)
