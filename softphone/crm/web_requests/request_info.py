"""What a desk or the intake sees of one website request: a frozen snapshot and its query.

Kept apart from the service so the queue's UI can name the snapshot without the workflow, and
so every read (queue, single request, the answer to a repeated key) builds it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Nullable, Select, select

from softphone.crm.models import Operator, Site, WebRequest
from softphone.crm.web_requests.input import KIND_LABELS

UTM_COLUMNS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


@dataclass(frozen=True)
class RequestInfo:
    id: int
    site: str
    kind: str
    name: str
    phone_raw: str
    phone: str | None
    email: str
    message: str
    preferred_time: str
    page_url: str
    status: str
    created_at: datetime
    taken_by: int | None = None
    taken_by_name: str = ""
    taken_at: datetime | None = None
    outcome: str | None = None
    retry_at: datetime | None = None
    customer_id: int | None = None
    closed_at: datetime | None = None
    utm: dict[str, str] = field(default_factory=dict)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def waiting_since(self) -> datetime:
        """When the service-level clock started: creation, or the retry time after no answer."""
        return self.retry_at or self.created_at


def select_requests() -> Select[WebRequest, str, str | None]:
    """Requests with their site and taker names: the rows info_from_row() reads."""
    return (
        select(WebRequest, Site.name, Nullable(Operator.display_name))
        .join(Site, Site.id == WebRequest.site_id)
        .outerjoin(Operator, Operator.id == WebRequest.taken_by)
    )


def info_from_row(row: WebRequest, site: str, operator: str | None) -> RequestInfo:
    """One row of select_requests() as a snapshot that outlives its session."""
    utm = {key: value for key in UTM_COLUMNS if (value := getattr(row, key))}
    return RequestInfo(
        id=row.id,
        site=site,
        kind=row.kind,
        name=row.name,
        phone_raw=row.phone_raw,
        phone=row.phone,
        email=row.email,
        message=row.message,
        preferred_time=row.preferred_time,
        page_url=row.page_url,
        status=row.status,
        created_at=row.created_at,
        taken_by=row.taken_by,
        taken_by_name=operator or "",
        taken_at=row.taken_at,
        outcome=row.outcome,
        retry_at=row.retry_at,
        customer_id=row.customer_id,
        closed_at=row.closed_at,
        utm=utm,
    )
