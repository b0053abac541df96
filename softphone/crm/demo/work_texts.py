"""The words of the demo's past work (softphone.crm.demo.work): addresses, comments, what the
website visitors wrote, and the plan of applications (which kinds, how each one ended).
"""

from __future__ import annotations

from dataclasses import dataclass

from softphone.crm.models.web_request import RequestKind
from softphone.crm.orders.forms import ApplicationKind, Decision

ADDRESSES = [
    "Москва, ул. Профсоюзная, д. 56, кв. 112",
    "Москва, Ленинский пр-т, д. 91, кв. 7",
    "Москва, ул. Академика Королёва, д. 13, кв. 48",
    "Санкт-Петербург, Невский пр-т, д. 140, кв. 21",
    "Санкт-Петербург, ул. Савушкина, д. 8, кв. 305",
    "Екатеринбург, ул. Малышева, д. 71, кв. 19",
    "Новосибирск, Красный пр-т, д. 182, кв. 64",
    "Москва, Каширское ш., д. 24, корп. 2, кв. 90",
]
ORDER_COMMENTS = [
    "",
    "",
    "Позвонить за час до приезда",
    "Домофон не работает, звонить на мобильный",
    "Удобно после 18:00",
    "Оплата картой курьеру",
]
CANCEL_NOTES = [
    "клиент передумал",
    "нашёл дешевле, отказался",
    "оформлен повторно, этот дубль",
]
REQUEST_MESSAGES = [
    (RequestKind.CALLBACK, "Перезвоните, пожалуйста, по поводу подключения"),
    (RequestKind.CALLBACK, "Не работает интернет со вчерашнего вечера"),
    (RequestKind.CALLBACK, ""),
    (RequestKind.ORDER, "Хочу роутер посильнее, квартира 3 комнаты"),
    (RequestKind.ORDER, "Нужна ТВ-приставка и настройка"),
    (RequestKind.QUESTION, "Можно ли приостановить договор на время отпуска?"),
    (RequestKind.QUESTION, "Какие способы оплаты у вас есть?"),
    (RequestKind.QUESTION, "Как сменить тариф на «Интернет и телевидение»?"),
]


@dataclass(frozen=True)
class AppPlan:
    """One demo application: what was asked for and how far it went."""

    kind: ApplicationKind
    service: str = ""  # catalogue code of the service, where the kind needs one
    address: bool = False
    topic: str = ""
    description: str = ""
    claimed: str = ""  # amount claimed, as typed
    reason: str = ""
    decision: Decision | None = None  # decided after confirmation; None: still pending
    granted: str = ""
    finished: str = ""  # the closing note; "" leaves it confirmed (in work)
    callback: bool = False
    min_days: int = 0  # at least this many days ago


_SERVICE = ApplicationKind.SERVICE_REQUEST
_NO_NET = "Пропадает интернет по вечерам"
APPLICATIONS = [
    AppPlan(_SERVICE, "SD-SRV-SETUP", True, description="Настроить Wi-Fi на новом роутере",
            finished="мастер настроил, клиент доволен"),
    AppPlan(_SERVICE, "SD-SRV-CABLE", True, description="Провести кабель в дальнюю комнату",
            finished="проложено 12 м"),
    AppPlan(_SERVICE, "SD-SRV-URGENT", True, description="Нет связи, мигает красный индикатор",
            finished="заменён блок питания"),
    AppPlan(_SERVICE, "SD-SRV-IP", True, description="Нужен статический IP для видеонаблюдения"),
    AppPlan(_SERVICE, "SD-SRV-SETUP", True, description="Подключить ТВ-приставку к сети"),
    AppPlan(ApplicationKind.COMPLAINT, topic="Мастер опоздал на два часа",
            description="Клиент ждал с 10:00, мастер пришёл в 12:10 без звонка",
            finished="извинились, мастеру сделано замечание"),
    AppPlan(ApplicationKind.COMPLAINT, topic="Низкая скорость интернета",
            description=_NO_NET + ", скорость 5 Мбит/с вместо 500"),
    AppPlan(ApplicationKind.COMPLAINT, topic="Грубость оператора",
            description="Клиенту не дали договорить", finished="разобрано с оператором"),
    AppPlan(ApplicationKind.RECALCULATION, "SD-TF-NET", claimed="450,00",
            reason="Три дня не было интернета из-за аварии", decision=Decision.PARTLY,
            granted="300,00", finished="перерасчёт в следующем счёте", min_days=6),
    AppPlan(ApplicationKind.RECALCULATION, "SD-TF-NETTV", claimed="1 250,00",
            reason="Списали абонентскую плату дважды", decision=Decision.GRANTED,
            granted="1 250,00", finished="деньги вернулись на счёт", min_days=6),
    AppPlan(ApplicationKind.RECALCULATION, "SD-TF-MOB", claimed="300",
            reason="Не работал мобильный интернет в роуминге", decision=Decision.REFUSED,
            finished="в роуминге действуют условия партнёра", min_days=6),
    AppPlan(ApplicationKind.RECALCULATION, "SD-TF-NET", claimed="180,50",
            reason=_NO_NET),
    AppPlan(ApplicationKind.COMPENSATION, "SD-TF-NETTV", claimed="2 000",
            reason="Из-за перерыва в связи не работала охранная сигнализация",
            decision=Decision.PARTLY, granted="1 000", finished="компенсация выплачена",
            min_days=6),
    AppPlan(ApplicationKind.COMPENSATION, "SD-TF-NET", claimed="5 490",
            reason="Роутер сгорел после работ на линии"),
    AppPlan(ApplicationKind.CALLBACK, description="Перезвонить насчёт переезда",
            callback=True, finished="перезвонили, договор перенесён"),
    AppPlan(ApplicationKind.CALLBACK, description="Уточнить дату доставки",
            callback=True, finished="перезвонили"),
    AppPlan(ApplicationKind.CALLBACK, description="Клиент просил перезвонить вечером",
            callback=True),
]
