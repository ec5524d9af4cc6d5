"""Staff accounts: log-in and second step (`auth`, /admin), roles and their grants, the account commands."""
from __future__ import annotations

from portal.core.registry import Feature, Mount

FEATURE = Feature(
    "accounts",
    blueprints=(Mount("portal.accounts.views:bp", "/admin"),),
    commands=(
        "portal.accounts.cli:create_user_command",
        "portal.accounts.cli:grant_role_command",
        "portal.accounts.two_factor_views:reset_totp_command",
        "portal.accounts.cli:import_staff_command",
    ),
    samplers=("portal.accounts.demo:demo_accounts",),
)
