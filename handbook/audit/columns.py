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
    kind: str            # "id", "date", "money", "flag", "text" or "status"
    zh: tuple[str, ...]  # headers a back office exports, by preference (the first is the one we write)
    meaning: str
    example: str
    required: bool = True  # an optional field is used when its column is there


#: Where each platform header (alias) comes from. "field case NN" = a file in ../shared/field-cases/
#: that copies the layout of a real export; the platform named is the back office that exports it.
PDD = "Pinduoduo merchant back office (拼多多商家后台) order export, 订单查询 → 导出 (field case 02)"
PDD_QUOTA = "Pinduoduo / 多多国际 order export as used for the customs quota (field case 03)"
ALIEXPRESS = "AliExpress (速卖通) seller centre order export, 订单 → 批量导出 (English and Chinese headers)"
ALI1688 = "1688 seller workbench (卖家工作台) order export, 已卖出的货品 → 导出订单"
CHARGEBACK = "AliExpress chargeback (拒付) notice list, 资金 → 拒付管理 → 导出"
HANDBOOK = "the handbook's own files and earlier audits"


ORDER_ID = Field("order_id", "id", ("订单号", "订单编号", "Order ID", "Order No.", "订单ID"),
                 "the order number; each order once", "PDD261120-000000123")
STATUS = Field("status", "status", ("订单状态", "交易状态", "Order Status", "状态"),
               "the order's status; orders the rule does not apply to are skipped and counted (optional)",
               "已发货，待收货", required=False)

#: Fields of a fake-shipping audit (input of `handbook.rules.fake_shipping.exposure`).
FAKE_SHIPPING: tuple[Field, ...] = (
    ORDER_ID,
    Field("product_id", "id", ("商品ID", "商品id", "商品编号", "商品编码", "Product ID"),
          "the product (goods) id", "SKU00042"),
    Field("shipped_on", "date", ("发货时间", "发货日期", "Shipping Time"),
          "shipping date, or date and time (Asia/Shanghai); only the date counts", "2026-11-20 14:33:02"),
    Field("paid_amount", "money", ("商家实收金额(元)", "商家实收金额", "实收金额(元)", "实收金额"),
          "the amount the seller received, in yuan, at most 2 decimals", "59.90"),
    Field("flagged", "flag", ("是否虚假发货", "虚假发货", "疑似虚假发货"),
          "detected as fake shipping by the platform: 是/否, 1/0, true/false, yes/no, Y/N", "否"),
    STATUS,
)

#: Fields of a customs quota audit (input of `handbook.rules.customs.check_quota`, one call per order).
QUOTA: tuple[Field, ...] = (
    ORDER_ID,
    Field("buyer_id", "id", ("买家ID", "买家id", "买家编号", "用户ID", "Buyer ID"), "the buyer", "B0007"),
    Field("ordered_on", "date", ("下单时间", "下单日期", "支付时间", "订单成交时间", "Order Time", "Payment Time"),
          "order date, or date and time (Asia/Shanghai); sets the limits in force", "2026-11-20 09:15:00"),
    Field("order_amount", "money", ("订单金额(元)", "订单金额", "实付金额(元)", "实付金额", "用户实付金额(元)",
                                    "用户实付金额", "Order Amount"),
          "this order's amount in yuan, at most 2 decimals", "1299.00"),
    Field("spent_this_year", "money", ("本年已用额度(元)", "本年已用额度", "年度已用额度", "本年已消费金额"),
          "the buyer's cross-border spending this calendar year before this order (from the quota query)",
          "24500.00"),
    STATUS,
)

#: Fields of a chargeback audit (input of `handbook.rules.chargeback.deadline_check` / `evidence_file`).
CHARGEBACKS: tuple[Field, ...] = (
    ORDER_ID,
    Field("notified_on", "date", ("拒付通知时间", "通知时间", "拒付时间", "拒付日期", "Notice Time", "Chargeback Date"),
          "when the chargeback notice arrived (date, or date and time, Asia/Shanghai)", "2026-11-18 10:20"),
    Field("reason", "reason", ("拒付原因", "拒付理由", "Reason", "Chargeback Reason"),
          "the reason: not_received / not_as_described / unauthorized / other, or its Chinese words "
          "(未收到货, 货不对版, 未经授权, 其他)", "未收到货"),
    Field("amount", "money", ("拒付金额", "拒付金额(元)", "金额", "Amount", "Chargeback Amount"),
          "the disputed amount, in yuan, at most 2 decimals", "59.90"),
    Field("evidence", "text", ("已有证据", "证据", "Evidence"),
          "evidence already held, names separated by ; or 、 (e.g. delivery_proof; buyer_correspondence, "
          "or 物流签收、聊天记录); blank = nothing yet (optional)", "delivery_proof",
          required=False),
)

#: Fields of a 1688 deposit audit (orders placed while buyer protection was on → `deposit_refund`).
DEPOSIT: tuple[Field, ...] = (
    ORDER_ID,
    Field("status", "status", ("订单状态", "交易状态", "Order Status", "状态"),
          "the trade status: 交易成功 / 交易关闭 (finished) or anything else (unfinished)", "交易成功"),
    Field("finished_on", "date", ("交易完成时间", "完成时间", "交易关闭时间", "关闭时间", "确认收货时间", "Finished Time"),
          "when the trade succeeded or closed (blank while unfinished)", "2026-11-02 15:00:00", required=False),
    Field("complaint_open", "flag", ("是否有未完结投诉", "未完结投诉", "投诉中", "投诉状态", "Open Complaint"),
          "an open complaint case (投诉案件) on the trade: 是/否 (optional; blank = no)", "否", required=False),
)

FIELDS = {"fake-shipping": FAKE_SHIPPING, "quota": QUOTA, "chargebacks": CHARGEBACKS, "deposit": DEPOSIT}

#: Where each header alias comes from (see the constants above); the English field names are ours.
ALIAS_SOURCES: dict[str, str] = {
    **{h: PDD for h in ("订单号", "订单状态", "商品id", "商品ID", "发货时间", "商家实收金额(元)", "是否虚假发货",
                        "订单成交时间", "用户实付金额(元)")},
    **{h: PDD_QUOTA for h in ("买家ID", "支付时间", "本年已用额度(元)")},
    **{h: ALIEXPRESS for h in ("Order ID", "Order No.", "Order Status", "Product ID", "Shipping Time", "Buyer ID",
                               "Order Time", "Payment Time", "Order Amount")},
    **{h: ALI1688 for h in ("订单编号", "交易状态", "交易完成时间", "交易关闭时间", "确认收货时间", "是否有未完结投诉",
                            "投诉状态")},
    **{h: CHARGEBACK for h in ("拒付通知时间", "拒付原因", "拒付金额", "拒付金额(元)", "Notice Time", "Chargeback Date",
                               "Chargeback Reason", "Chargeback Amount")},
}


def alias_source(header: str) -> str:
    """Where a header alias comes from (`ALIAS_SOURCES`), or the handbook's own spelling."""
    return ALIAS_SOURCES.get(header, HANDBOOK)


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


def _matches(headers: list[str], field: Field, overrides: Mapping[str, str]) -> list[int]:
    """Columns for `field`: the override, else the first alias (by preference) that some column has."""
    normalised = [normalise(h) for h in headers]
    wanted = [overrides[field.name]] if field.name in overrides else [field.name, *field.zh]
    for name in wanted:
        hits = [i for i, h in enumerate(normalised) if h == normalise(name)]
        if hits:
            return hits
    return []


def find_header(rows: list[list[str]], fields: tuple[Field, ...], overrides: Mapping[str, str] | None = None) -> int | None:
    """The index of the first row in which every required field has exactly one column, or None."""
    overrides = dict(overrides or {})
    for index, cells in enumerate(rows):
        if all(len(_matches(cells, f, overrides)) == 1 for f in fields if f.required):
            return index
    return None


def resolve(headers: list[str], fields: tuple[Field, ...], overrides: Mapping[str, str] | None = None, *,
            line: int = 1) -> dict[str, int]:
    """{field: position of its column in `headers`}; a missing or ambiguous column is a PolicyInputError.

    Aliases are tried in order of preference: a file with both 下单时间 and 支付时间 uses 下单时间.
    Optional fields are left out when their column is missing.
    """
    overrides = dict(overrides or {})
    found: dict[str, int] = {}
    where = "" if line == 1 else f" (header row on line {line})"
    for field in fields:
        hits = _matches(headers, field, overrides)
        wanted = [overrides[field.name]] if field.name in overrides else [field.name, *field.zh]
        shown = ", ".join(repr(h) for h in headers[:40]) + (" ..." if len(headers) > 40 else "")
        if not hits:
            if not field.required:
                continue
            raise PolicyInputError(
                "columns", field.name,
                f"a column headed {' or '.join(repr(w) for w in wanted)} (headers in the file{where}: {shown}); "
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
    lines = ["expected columns (English name, or one of the platform headers; * = optional):"]
    for f in fields:
        lines.append(f"  {f.name + ('' if f.required else ' *'):<16} {' / '.join(f.zh)}")
        lines.append(f"  {'':<16} {f.meaning}")
    lines.append("")
    lines.append("example (Chinese headers, as a back office exports them):")
    lines.append("  " + ",".join(f.zh[0] for f in fields if f.required))
    lines.append("  " + ",".join(f.example for f in fields if f.required))
    return "\n".join(lines)
