"""Which column of an export holds which field: the documented header mapping, and overrides.

Back offices export Chinese headers; our own files and tests use the English field names. A header
is recognised when, after normalisation, it equals the field name or one of its Chinese aliases:

- English: case-insensitive, spaces and hyphens count as underscores (``Order ID`` = ``order_id``);
- Chinese: surrounding spaces dropped, full-width brackets read as half-width (``金额（元）`` =
  ``金额(元)``), a UTF-8 byte-order mark at the start of the first header is ignored.

An export whose headers are named differently is read with an override mapping *field → header*:
``--columns order_id=单号 --columns paid_amount=金额``, a JSON object
(``--columns '{"order_id": "单号"}'``) or a ``.json`` / ``.yaml`` file holding that object.
An override wins over the built-in aliases.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from handbook.errors import PolicyInputError


@dataclass(frozen=True)
class Field:
    name: str
    kind: str            # "id", "date", "money" or "flag"
    zh: tuple[str, ...]  # Chinese headers a back office exports (the first is the one we write)
    meaning: str
    example: str


#: Fields of a fake-shipping audit (input of `handbook.rules.fake_shipping.exposure`).
FAKE_SHIPPING: tuple[Field, ...] = (
    Field("order_id", "id", ("订单号", "订单编号"), "the order number; each order once", "PDD261120-000000123"),
    Field("product_id", "id", ("商品ID", "商品id", "商品编号", "商品编码"), "the product (goods) id", "SKU00042"),
    Field("shipped_on", "date", ("发货时间", "发货日期"),
          "shipping date, or date and time (Asia/Shanghai); only the date counts", "2026-11-20 14:33:02"),
    Field("paid_amount", "money", ("商家实收金额(元)", "商家实收金额", "实收金额(元)", "实收金额"),
          "the amount the seller received, in yuan, at most 2 decimals", "59.90"),
    Field("flagged", "flag", ("是否虚假发货", "虚假发货", "疑似虚假发货"),
          "detected as fake shipping by the platform: 是/否, 1/0, true/false, yes/no, Y/N", "否"),
)

#: Fields of a customs quota audit (input of `handbook.rules.customs.check_quota`, one call per order).
QUOTA: tuple[Field, ...] = (
    Field("order_id", "id", ("订单号", "订单编号"), "the order number; each order once", "PDD261120-000000123"),
    Field("buyer_id", "id", ("买家ID", "买家id", "买家编号", "用户ID"), "the buyer", "B0007"),
    Field("ordered_on", "date", ("下单时间", "下单日期", "支付时间"),
          "order date, or date and time (Asia/Shanghai); sets the limits in force", "2026-11-20 09:15:00"),
    Field("order_amount", "money", ("订单金额(元)", "订单金额", "实付金额(元)", "实付金额"),
          "this order's amount in yuan, at most 2 decimals", "1299.00"),
    Field("spent_this_year", "money", ("本年已用额度(元)", "本年已用额度", "年度已用额度", "本年已消费金额"),
          "the buyer's cross-border spending this calendar year before this order (from the quota query)",
          "24500.00"),
)


_FULL_WIDTH = str.maketrans({"（": "(", "）": ")", "\u3000": " ", "\ufeff": ""})


def normalise(header: object) -> str:
    """The form headers are compared in (see the module docstring)."""
    text = str(header).translate(_FULL_WIDTH).strip()
    return "_".join(text.lower().replace("-", " ").split())


def parse_overrides(specs: Iterable[str] | Mapping[str, str] | None, fields: tuple[Field, ...]) -> dict[str, str]:
    """Turn ``--columns`` values (``field=header`` pairs, JSON, or a JSON/YAML file) into {field: header}."""
    names = [f.name for f in fields]
    accepted = ("field=header pairs, a JSON object or a .json/.yaml file mapping a field ("
                + ", ".join(names) + ") to the header used in the file")
    if specs is None:
        return {}
    if isinstance(specs, Mapping):
        items = dict(specs)
    else:
        items = {}
        for spec in specs:
            text = spec.strip()
            if text.startswith("{"):
                try:
                    loaded = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise PolicyInputError("columns", spec, accepted, reason=f"not valid JSON: {exc.msg}") from None
            elif text.lower().endswith((".json", ".yaml", ".yml")) and "=" not in text:
                path = Path(text)
                if not path.is_file():
                    raise PolicyInputError("columns", spec, accepted, reason="no such file")
                loaded = yaml.safe_load(path.read_text(encoding="utf-8"))  # YAML reads JSON too
            else:
                loaded = {}
                for pair in text.split(","):
                    key, sep, value = pair.partition("=")
                    if not sep or not key.strip() or not value.strip():
                        raise PolicyInputError("columns", spec, accepted, reason="not field=header")
                    loaded[key.strip()] = value.strip()
            if not isinstance(loaded, dict):
                raise PolicyInputError("columns", spec, accepted, reason="not a mapping")
            items.update(loaded)
    for key, value in items.items():
        if key not in names:
            raise PolicyInputError("columns", key, accepted, reason="not a field of this audit")
        if not isinstance(value, str) or not value.strip():
            raise PolicyInputError("columns", value, accepted, reason=f"no header given for {key}")
    return {k: v.strip() for k, v in items.items()}


def resolve(headers: list[str], fields: tuple[Field, ...], overrides: Mapping[str, str] | None = None) -> dict[str, int]:
    """{field: position of its column in `headers`}; a missing or ambiguous column is a PolicyInputError."""
    overrides = dict(overrides or {})
    normalised = [normalise(h) for h in headers]
    found: dict[str, int] = {}
    for field in fields:
        wanted = [overrides[field.name]] if field.name in overrides else [field.name, *field.zh]
        wanted_n = {normalise(w) for w in wanted}
        hits = [i for i, h in enumerate(normalised) if h in wanted_n]
        shown = ", ".join(repr(h) for h in headers)
        if not hits:
            raise PolicyInputError(
                "columns", field.name,
                f"a column headed {' or '.join(repr(w) for w in wanted)} (headers in the file: {shown}); "
                "name it with --columns field=header",
                reason="no column for this field")
        if len(hits) > 1:
            raise PolicyInputError(
                "columns", field.name, "exactly one matching column; pick one with --columns field=header",
                reason="several columns match: " + ", ".join(repr(headers[i]) for i in hits))
        found[field.name] = hits[0]
    return found


def describe(fields: tuple[Field, ...]) -> str:
    """The expected columns and an example row, as plain text for ``--help``."""
    lines = ["expected columns (English name, or one of the Chinese headers):"]
    for f in fields:
        lines.append(f"  {f.name:<16} {' / '.join(f.zh)}")
        lines.append(f"  {'':<16} {f.meaning}")
    lines.append("")
    lines.append("example (Chinese headers, as a back office exports them):")
    lines.append("  " + ",".join(f.zh[0] for f in fields))
    lines.append("  " + ",".join(f.example for f in fields))
    return "\n".join(lines)
