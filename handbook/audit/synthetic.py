"""Seeded synthetic order exports, for the benchmark and for tests of large inputs.

The export looks like a Pinduoduo back-office export: Chinese headers, a shipping *time* (not just a
date), amounts in yuan with two decimals and a 是/否 fake-shipping flag. A few products get a bad day
(many detected orders) so both rule versions have something to find.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

#: Headers the synthetic export uses (the Chinese names of `handbook.audit.columns.FAKE_SHIPPING`).
HEADERS = ("订单号", "商品ID", "发货时间", "商家实收金额(元)", "是否虚假发货")


def fake_shipping_export(rows: int = 1_000_000, *, products: int = 2_000, days: int = 30,
                         start: date = date(2026, 10, 1), seed: int = 8) -> pd.DataFrame:
    """A DataFrame of `rows` orders (all columns text, as in the file) over `products` and `days`."""
    rng = np.random.default_rng(seed)
    product = rng.integers(0, products, rows)
    day = rng.integers(0, days, rows)
    seconds = rng.integers(0, 86_400, rows)
    fen = rng.integers(50, 60_000, rows)          # 0.50 to 599.99 yuan
    # Normal days: about 1 % detected; a tenth of the products have a bad day with many detections.
    bad_product_day = (product % 10 == 0) & (day == product % days)
    flagged = rng.random(rows) < np.where(bad_product_day, 0.4, 0.01)
    when = pd.Timestamp(start) + pd.to_timedelta(day, unit="D") + pd.to_timedelta(seconds, unit="s")
    order = pd.Series(np.arange(rows)).map("{:09d}".format)
    frame = pd.DataFrame({
        HEADERS[0]: "PDD" + pd.Series(when.strftime("%y%m%d")) + "-" + order,
        HEADERS[1]: pd.Series(product).map("SKU{:05d}".format),
        HEADERS[2]: when.strftime("%Y-%m-%d %H:%M:%S"),
        HEADERS[3]: pd.Series(fen // 100).astype(str) + "." + pd.Series(fen % 100).map("{:02d}".format),
        HEADERS[4]: np.where(flagged, "是", "否"),
    })
    return frame


def write_fake_shipping_export(path: str | Path, rows: int = 1_000_000, *, encoding: str = "utf-8-sig",
                               **options) -> Path:
    """Write `fake_shipping_export(rows, ...)` as CSV (UTF-8 with BOM by default, as Excel saves)."""
    path = Path(path)
    fake_shipping_export(rows, **options).to_csv(path, index=False, encoding=encoding, lineterminator="\n")
    return path


