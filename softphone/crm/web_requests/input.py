"""What a website may submit, checked once for the JSON API and the HTML form alike.

Every problem is collected (not just the first) so a form can mark all bad fields at once;
the messages are Russian and name the field as the visitor saw it. Text is kept as typed,
markup included: nothing downstream ever renders it as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from softphone.crm.folding import clean
from softphone.crm.models import RequestKind
from softphone.crm.phone import InvalidPhoneNumber, normalize

# Limits match the columns; the message limit keeps a queue row readable.
LIMITS = {
    "name": 255,
    "phone": 64,
    "email": 254,
    "message": 4000,
    "preferred_time": 128,
    "page_url": 2048,
    "utm_source": 255,
    "utm_medium": 255,
    "utm_campaign": 255,
    "utm_term": 255,
    "utm_content": 255,
}
LABELS = {
    "kind": "Тип заявки",
    "name": "Имя",
    "phone": "Телефон",
    "email": "Эл. почта",
    "message": "Сообщение",
    "preferred_time": "Удобное время",
    "page_url": "Адрес страницы",
    "utm_source": "utm_source",
    "utm_medium": "utm_medium",
    "utm_campaign": "utm_campaign",
    "utm_term": "utm_term",
    "utm_content": "utm_content",
}
KIND_LABELS = {
    RequestKind.CALLBACK.value: "Обратный звонок",
    RequestKind.QUESTION.value: "Вопрос",
    RequestKind.ORDER.value: "Заявка на заказ",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Submission:
    """A checked request, ready to store."""

    kind: str
    name: str
    phone_raw: str
    phone: str | None  # E.164
    email: str
    message: str
    preferred_time: str = ""
    page_url: str = ""
    utm: dict[str, str] = field(default_factory=dict)


class SubmissionInvalid(ValueError):
    """Field name -> Russian message; str() is one readable sentence for logs and APIs."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        details = "; ".join(f"{LABELS.get(k, k)}: {v}" for k, v in errors.items())
        super().__init__(f"Заявка не принята. {details}")


def _text(data: Mapping[str, object], key: str, errors: dict[str, str]) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[key] = "должно быть строкой"
        return ""
    value = clean(value).strip()
    limit = LIMITS.get(key)
    if limit is not None and len(value) > limit:
        errors[key] = f"слишком длинно: {len(value)} символов, можно не больше {limit}"
    return value


def parse_submission(data: Mapping[str, object]) -> Submission:
    """A Submission from decoded JSON or form fields; raises SubmissionInvalid."""
    errors: dict[str, str] = {}
    kind = _text(data, "kind", errors) or RequestKind.CALLBACK.value
    if kind not in KIND_LABELS and "kind" not in errors:
        errors["kind"] = "допустимы callback, question или order"
    values = {key: _text(data, key, errors) for key in LIMITS}
    if not values["name"] and "name" not in errors:
        errors["name"] = "укажите, как к вам обращаться"
    e164: str | None = None
    if values["phone"] and "phone" not in errors:
        try:
            e164 = normalize(values["phone"])
        except InvalidPhoneNumber:
            errors["phone"] = "не похоже на номер телефона, например +7 912 345-67-89"
    elif not values["phone"] and "phone" not in errors:
        if kind != RequestKind.QUESTION.value:
            errors["phone"] = "укажите номер, чтобы мы могли перезвонить"
        elif not values["email"] and "email" not in errors:
            errors["phone"] = "укажите телефон или электронную почту для ответа"
    if values["email"] and "email" not in errors and not _EMAIL.match(values["email"]):
        errors["email"] = "не похоже на адрес электронной почты"
    if kind == RequestKind.QUESTION.value and not values["message"] and "message" not in errors:
        errors["message"] = "напишите ваш вопрос"
    url = values["page_url"]
    if url and "page_url" not in errors and urlsplit(url).scheme.lower() not in ("http", "https"):
        errors["page_url"] = "нужен адрес вида https://…"
    if errors:
        raise SubmissionInvalid(errors)
    return Submission(
        kind=kind,
        name=values["name"],
        phone_raw=values["phone"],
        phone=e164,
        email=values["email"],
        message=values["message"],
        preferred_time=values["preferred_time"],
        page_url=url,
        utm={k: v for k, v in values.items() if k.startswith("utm_") and v},
    )
