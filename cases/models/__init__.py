from cases.models.access import CaseAccess, CaseGroupObjectPermission, CaseUserObjectPermission
from cases.models.activity import FollowUp, Note
from cases.models.assessment import CEFR, Assessment, Literacy, Qualification, SchoolLevel
from cases.models.audit import AuditChainLink, AuditEntry
from cases.models.case import Case, Scope
from cases.models.consent import Consent, ConsentGrant
from cases.models.course import CourseOffer, SeatBooking
from cases.models.document import Document
from cases.models.handover import CaseInquiry, Handover
from cases.models.measure import Measure, MeasureType
from cases.models.notification import (
    DigestDelivery,
    Notification,
    NotificationKind,
    NotificationSettings,
)
from cases.models.person import Language, Person, ResidenceStatus
from cases.models.plan import IntegrationPlan, SubGoal
from cases.models.recognition import RecognitionProcedure
from cases.models.residence import EligibilityReview, LegalDomainChange, ResidenceRecord

__all__ = [
    "CEFR",
    "Assessment",
    "AuditChainLink",
    "AuditEntry",
    "Case",
    "CaseAccess",
    "CaseGroupObjectPermission",
    "CaseInquiry",
    "CaseUserObjectPermission",
    "Consent",
    "ConsentGrant",
    "CourseOffer",
    "DigestDelivery",
    "EligibilityReview",
    "Document",
    "FollowUp",
    "Handover",
    "IntegrationPlan",
    "Language",
    "LegalDomainChange",
    "Literacy",
    "Measure",
    "MeasureType",
    "Note",
    "Notification",
    "NotificationKind",
    "NotificationSettings",
    "Person",
    "Qualification",
    "RecognitionProcedure",
    "ResidenceRecord",
    "ResidenceStatus",
    "SchoolLevel",
    "SeatBooking",
    "Scope",
    "SubGoal",
]
