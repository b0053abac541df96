"""CRM tables, one module per concept.

Knowledge base, orders and website requests will arrive as their own modules here (and their
own migrations); Interaction.kind is a plain string so web_request can join call_* later.
Import every model here so Base.metadata is complete for Alembic.
"""

from softphone.crm.models.base import Base, UTCDateTime, utcnow
from softphone.crm.models.customer import Customer
from softphone.crm.models.interaction import Interaction, InteractionKind
from softphone.crm.models.operator import Operator
from softphone.crm.models.phone_number import NumberKind, PhoneNumber

# The knowledge base keeps its models in its own package; registered here for Alembic.
import softphone.crm.kb.models  # noqa: E402, F401, I001

__all__ = [
    "Base",
    "Customer",
    "Interaction",
    "InteractionKind",
    "NumberKind",
    "Operator",
    "PhoneNumber",
    "UTCDateTime",
    "utcnow",
]
