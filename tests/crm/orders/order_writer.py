"""Child process of test_order_race: one desk creating orders as fast as it can.

Usage: python order_writer.py URL ITEM_ID COUNT DESK GO_FILE. Prints "ready" once connected,
waits (at most 30 s) for GO_FILE to exist so that all desks start together, then prints one
order number per line.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from softphone.crm.db import Database
from softphone.crm.orders.forms import LineInput, OrderForm
from softphone.crm.orders.service import OrderService


def main(url: str, item_id: int, count: int, desk: str, go: Path) -> None:
    db = Database.open(url, migrate=False)
    try:
        orders = OrderService(db, today=lambda: date(2026, 11, 25))
        with db.session() as session:  # connect before the start signal
            session.connection()
        print("ready", flush=True)
        deadline = time.monotonic() + 30
        while not go.exists():
            if time.monotonic() > deadline:
                raise SystemExit("no start signal")
            time.sleep(0.005)
        for i in range(count):
            form = OrderForm(
                contact_name=f"Клиент {desk}-{i}",
                contact_phone="+79161234567",
                lines=(LineInput(item_id, str(i % 3 + 1)),),
            )
            print(orders.create(form, operator=desk).number, flush=True)
            # A short pause between orders, as between real ones: SQLite's busy handler
            # sleeps while the lock holder goes straight on, so without a gap one desk can
            # write all its orders in a row and the race never happens.
            time.sleep(0.02)
    finally:
        db.dispose()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], Path(sys.argv[5]))
