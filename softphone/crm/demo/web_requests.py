"""Demo website requests: a queue with fresh, nearly due, overdue and retry requests.

Ages are counted back from the moment of loading, so the service-level timer always has
something to show. The demo site gets random credentials nobody sees: it cannot submit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert

from softphone.crm.db import Database
from softphone.crm.models import RequestKind, RequestStatus, WebRequest, utcnow
from softphone.crm.phone import normalize
from softphone.crm.web_requests.sites import SiteService

DEMO_SITE = "demo.example.ru"
# (minutes ago, kind, name, phone, e-mail, message, preferred time, retry in minutes)
REQUESTS = [
    (2, RequestKind.CALLBACK, "Светлана", "8 916 204-18-77", "", "", "после 18:00", None),
    (9, RequestKind.ORDER, "Игорь Петрович", "+7 (903) 555-12-40", "igor@example.ru",
     "Хочу подключить тариф «Домашний 500» и роутер", "", None),
    (13, RequestKind.QUESTION, "Наталья", "", "nata@example.ru",
     "Можно ли перенести номер с другого оператора?", "", None),
    (24, RequestKind.CALLBACK, "<b>Тест</b> разметки", "89851234567", "",
     "Текст с <script>разметкой</script> показывается как текст", "", None),
    (41, RequestKind.CALLBACK, "Андрей", "+7 926 700-00-15", "", "Не работает интернет",
     "", None),
    (75, RequestKind.CALLBACK, "Ольга Викторовна", "8 (977) 310-45-98", "", "",
     "в обед", 20),
]


def load_demo_requests(db: Database, *, now: datetime | None = None) -> int:
    """Add the demo site and its requests once; returns how many requests were added."""
    sites = SiteService(db)
    if sites.get(DEMO_SITE) is not None:
        return 0
    site = sites.add(DEMO_SITE).site
    now = now or utcnow()
    rows = []
    for ago, kind, name, phone, email, message, preferred, retry in REQUESTS:
        rows.append(
            {
                "site_id": site.id,
                "kind": kind.value,
                "name": name,
                "phone_raw": phone,
                "phone": normalize(phone) if phone else None,
                "email": email,
                "message": message,
                "preferred_time": preferred,
                "page_url": f"https://{DEMO_SITE}/tariffs",
                "utm_source": "demo",
                "status": (RequestStatus.RETRY if retry else RequestStatus.NEW).value,
                "outcome": "no_answer" if retry else None,
                "retry_at": now + timedelta(minutes=retry) if retry else None,
                "created_at": now - timedelta(minutes=ago),
            }
        )
    with db.session(write=True) as session:
        session.execute(insert(WebRequest), rows)
    return len(rows)
