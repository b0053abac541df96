"""CRM tables, one module per concept.

Knowledge base, orders and website requests will arrive as their own modules here (and their
own migrations); Interaction.kind is a plain string so web_request can join call_* later.
Import every model here so Base.metadata is complete for Alembic.
"""

from softphone.crm.models.base import Base, UTCDateTime, utcnow
from softphone.crm.models.customer import Customer
from softphone.crm.models.guide import (
    AvoidPhrase,
    Disposition,
    Playbook,
    ScriptStep,
    StepDirection,
)
from softphone.crm.models.interaction import CallStatus, Interaction, InteractionKind
from softphone.crm.models.operator import Operator
from softphone.crm.models.phone_number import NumberKind, PhoneNumber
from softphone.crm.models.web_request import (
    Outcome,
    RequestKind,
    RequestStatus,
    Site,
    WebRequest,
)

__all__ = [
    "AvoidPhrase",
    "Base",
    "CallStatus",
    "Customer",
    "Disposition",
    "Interaction",
    "InteractionKind",
    "NumberKind",
    "Operator",
    "Outcome",
    "PhoneNumber",
    "Playbook",
    "RequestKind",
    "RequestStatus",
    "ScriptStep",
    "Site",
    "StepDirection",
    "UTCDateTime",
    "WebRequest",
    "utcnow",
]

# The knowledge base keeps its models in its own package; registered here for Alembic.
# Imported last: it builds on the base above. So do users, the audit log and SIP accounts
# (softphone.crm.auth), and the agent status (softphone.crm.agent).
import softphone.crm.agent.models
import softphone.crm.auth.models
import softphone.crm.coaching.models
import softphone.crm.kb.models

# Orders and applications live in softphone.crm.orders; registered here for Alembic too,
# as are call recordings.
import softphone.crm.orders.models
import softphone.crm.recordings.models  # noqa: F401
