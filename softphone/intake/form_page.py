"""The ready Russian request form and its confirmation, as HTML.

Every value that came from a visitor or a query string passes through html.escape on its way
into the page; nothing is ever inserted raw, so markup typed into a field shows as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from softphone.crm.web_requests.input import KIND_LABELS, LABELS

HIDDEN = ("page_url", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#222}
label{display:block;margin-top:1rem;font-weight:600}
input,select,textarea{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}
textarea{min-height:6rem}
.error{color:#b00020;font-weight:400;display:block}
.summary{background:#fdecea;padding:.75rem;border-radius:4px}
button{margin-top:1.5rem;padding:.6rem 1.5rem;font:inherit}
"""


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="ru"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


def _field(name: str, kind: str, values: Mapping[str, str], errors: Mapping[str, str]) -> str:
    value = escape(values.get(name, ""), quote=True)
    label = escape(LABELS[name])
    error = errors.get(name)
    note = f'<span class="error" id="{name}-error">{escape(error)}</span>' if error else ""
    if kind == "textarea":
        control = f'<textarea id="{name}" name="{name}" maxlength="4000">{value}</textarea>'
    else:
        control = f'<input id="{name}" name="{name}" type="{kind}" value="{value}">'
    return f'<label for="{name}">{label}{note}</label>{control}'


def form_page(
    site: str,
    csrf_token: str,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> str:
    values, errors = values or {}, errors or {}
    chosen = values.get("kind", "callback")
    options = "".join(
        f'<option value="{k}"{" selected" if k == chosen else ""}>{escape(v)}</option>'
        for k, v in KIND_LABELS.items()
    )
    hidden = "".join(
        f'<input type="hidden" name="{n}" value="{escape(values.get(n, ""), quote=True)}">'
        for n in HIDDEN
    )
    summary = (
        '<p class="summary" role="alert">Проверьте, пожалуйста, отмеченные поля.</p>'
        if errors
        else ""
    )
    kind_error = errors.get("kind")
    kind_note = f'<span class="error">{escape(kind_error)}</span>' if kind_error else ""
    body = (
        "<h1>Оставьте заявку</h1>"
        "<p>Мы перезвоним в удобное для вас время или ответим на вопрос.</p>"
        f"{summary}"
        f'<form method="post" action="/form/{escape(site, quote=True)}"'
        ' id="request-form" novalidate>'
        f'<input type="hidden" name="csrf" value="{escape(csrf_token, quote=True)}">{hidden}'
        f'<label for="kind">{escape(LABELS["kind"])}{kind_note}</label>'
        f'<select id="kind" name="kind">{options}</select>'
        + _field("name", "text", values, errors)
        + _field("phone", "tel", values, errors)
        + _field("email", "email", values, errors)
        + _field("preferred_time", "text", values, errors)
        + _field("message", "textarea", values, errors)
        + '<button type="submit" id="submit">Отправить</button></form>'
    )
    return _page("Заявка", body)


def thanks_page(request_id: int, name: str) -> str:
    greeting = f"Спасибо, {escape(name)}!" if name else "Спасибо!"
    body = (
        f'<h1 id="thanks">{greeting}</h1>'
        f'<p>Ваша заявка <strong id="request-number">№{int(request_id)}</strong> принята. '
        "Оператор свяжется с вами в ближайшее время.</p>"
    )
    return _page("Заявка принята", body)


def message_page(title: str, text: str) -> str:
    return _page(title, f"<h1>{escape(title)}</h1><p>{escape(text)}</p>")
