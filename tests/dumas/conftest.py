"""Fixtures of the DUMAS staff tests: `cases` (tests/dumas/inbox_helpers.py)."""
from __future__ import annotations

import pytest

from tests.dumas.inbox_helpers import make_cases


@pytest.fixture
def cases(app, make_user):
    return make_cases(app, make_user)
