"""All models, imported here so Alembic and `db.create_all()` see every table."""
from portal.models.action_plan import ActionPlanItem
from portal.models.audit import AuditLog
from portal.models.base import Base
from portal.models.complaint import (
    CHANNELS,
    KINDS,
    STATUSES,
    Category,
    Complaint,
    ComplaintAttachment,
    ComplaintCounter,
    ComplaintFollowUp,
    Holiday,
    RecapSnapshot,
)
from portal.models.content import PAGE_STATUSES, Page, PageRevision
from portal.models.form_token import FormStashFile, FormToken
from portal.models.setting import Setting
from portal.models.standard import Service, ServiceStandardComponent, ServiceStandardRevision
from portal.models.survey import (
    SurveyFollowUp,
    SurveyPublication,
    SurveyResponse,
    SurveyServiceSetting,
    SurveyToken,
)
from portal.models.user import ROLES, User
from portal.models.wbs import (
    WBS_CATEGORIES,
    WBS_STATUSES,
    WbsAttachment,
    WbsMessage,
    WbsRecommendation,
    WbsReport,
)
from portal.models.zi import ZiEvidence, ZiReviewer, ZiTeam, ZiTeamMember

__all__ = [
    "CHANNELS",
    "KINDS",
    "PAGE_STATUSES",
    "ROLES",
    "STATUSES",
    "WBS_CATEGORIES",
    "WBS_STATUSES",
    "ActionPlanItem",
    "AuditLog",
    "Base",
    "Category",
    "Complaint",
    "ComplaintAttachment",
    "ComplaintCounter",
    "ComplaintFollowUp",
    "FormStashFile",
    "FormToken",
    "Holiday",
    "Page",
    "PageRevision",
    "RecapSnapshot",
    "Service",
    "ServiceStandardComponent",
    "ServiceStandardRevision",
    "Setting",
    "SurveyFollowUp",
    "SurveyPublication",
    "SurveyResponse",
    "SurveyServiceSetting",
    "SurveyToken",
    "User",
    "WbsAttachment",
    "WbsMessage",
    "WbsRecommendation",
    "WbsReport",
    "ZiEvidence",
    "ZiReviewer",
    "ZiTeam",
    "ZiTeamMember",
]
