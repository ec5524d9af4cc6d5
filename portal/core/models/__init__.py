"""Tables every feature shares: the declarative base, the audit log, site settings, form tokens, holidays,
failed background jobs.
(Nothing is imported here, so that `portal.core.models.base` imports alone; portal/features.py imports
every table.)"""

CORE_MODEL_MODULES: tuple[str, ...] = ("audit", "base", "calendar", "form_token", "job", "setting")
