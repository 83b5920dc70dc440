"""The source figures the tests pin on purpose: one table (parameter, date, value, source section).

Every other test runs against exactly these figures (`tests/conftest.py` installs them as the registry for
each test), so a policy change — a new dated value in a parameter file, or an overlay given by
HANDBOOK_PARAMETERS_OVERLAY — fails only `tests/test_source_figures.py`, one row per parameter whose
figures moved. Mechanism tests that need another figure use `policy.scenario(...)`.

After an intended policy change: update the rows here (add the new dated value with its source section),
then re-execute the notebooks (CONTRIBUTING.md, "Change a policy figure").
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, NamedTuple

from handbook.areas import EXAMPLE_DATE  # the date the tests read the figures on (the handbook's example date)


class Row(NamedTuple):
    parameter: str
    date: str  # the date the value took effect ("from" in the parameter file)
    value: Any  # as written in the parameter file
    document: str
    section: str | None
    until: str | None = None


ROWS: tuple[Row, ...] = (
    Row(
        "aliexpress.chargeback.response_working_days",
        "2023-04-22",
        3,
        "001_bedd9ed3bb03a3f3.txt",
        "2. 如何提交拒付申诉资料, step 3) 回复: 在3个工作日内",
    ),
    Row(
        "aliexpress.chargeback.appeal_files_per_order",
        "2023-04-22",
        1,
        "001_bedd9ed3bb03a3f3.txt",
        "2. 如何提交拒付申诉资料, step 3) 回复",
    ),
    Row(
        "aliexpress.chargeback.notice_sender",
        "2023-04-22",
        "transaction_seller@notice.aliexpress.com",
        "001_bedd9ed3bb03a3f3.txt",
        "2. 如何提交拒付申诉资料, step 1) 查看消息中心-拒付通知或查收拒付邮件",
    ),
    Row(
        "aliexpress.chargeback.appeal_mailbox",
        "2023-04-22",
        "chargeback@aliexpress.com",
        "001_bedd9ed3bb03a3f3.txt",
        "2. 如何提交拒付申诉资料, step 3) 回复",
    ),
    Row(
        "aliexpress.chargeback.buyer_email_forbidden_words",
        "2023-04-22",
        ["aliexpress", "taobao", "alibaba"],
        "001_bedd9ed3bb03a3f3.txt",
        "一、怎样注册速卖通的买家账号, 注册流程 step 3",
    ),
    Row(
        "aliexpress.chargeback.buyer_accounts_per_alipay",
        "2023-04-22",
        1,
        "001_bedd9ed3bb03a3f3.txt",
        "二、速卖通买家账号怎么登, last paragraph",
    ),
    Row("pinduoduo_intl.customs.annual_limit", "2016-04-08", 20000, "财关税〔2016〕18号", None, until="2018-12-31"),
    Row(
        "pinduoduo_intl.customs.annual_limit",
        "2019-01-01",
        26000,
        "财关税〔2018〕49号",
        "announced 2018-11-30; restated in 000_d3139da63785aa80.txt, cause 1",
    ),
    Row("pinduoduo_intl.customs.single_limit", "2016-04-08", 2000, "财关税〔2016〕18号", None, until="2018-12-31"),
    Row("pinduoduo_intl.customs.single_limit", "2019-01-01", 5000, "财关税〔2018〕49号", None),
    Row(
        "pinduoduo_intl.customs.vat_rate",
        "2019-04-01",
        13,
        "财政部 税务总局 海关总署公告2019年第39号",
        "the general VAT rate in force from 2019-04-01 (restated in shared/seeds/PUBLIC_FACTS.md, high confidence)",
    ),
    Row(
        "pinduoduo_intl.customs.tax_share",
        "2016-04-08",
        70,
        "财关税〔2016〕18号",
        "tax inside the limits (import VAT and consumption tax charged at 70% of the statutory amount)",
    ),
    Row(
        "pinduoduo_intl.customs.tariff_rate",
        "2016-04-08",
        0,
        "财关税〔2016〕18号",
        "tax inside the limits (tariff rate set at 0% for the time being)",
    ),
    Row(
        "pinduoduo_intl.customs.spending_sanity_bound",
        "2016-04-08",
        10000000,
        "handbook decision",
        'issue 3, "Bad input": a generous bound far above any plausible yearly cross-border spending, so typos are caught while no real case is refused',
    ),
    Row(
        "pinduoduo_intl.customs.return_refund_window",
        "2016-04-08",
        30,
        "财关税〔2016〕18号",
        "returns within 30 days of customs release (medium-high confidence)",
    ),
    Row(
        "pinduoduo_intl.customs.repush_escalation_days",
        "2019-11-02",
        1,
        "000_d3139da63785aa80.txt",
        '3、身份证信息不一致导致清关失败 ("提交后的第二天")',
    ),
    Row(
        "pinduoduo_intl.customs.repush_escalation_time",
        "2019-11-02",
        "14:00",
        "000_d3139da63785aa80.txt",
        '3、身份证信息不一致导致清关失败 ("第二天14点之后发现还是清关失败")',
    ),
    Row(
        "pinduoduo_intl.customs.appeal_menu_path",
        "2019-11-02",
        "【店铺管理】–【订单申诉】–【异常订单不发货】",
        "000_d3139da63785aa80.txt",
        "1、跨境消费者个人购买额度超过26000元导致清关失败; 2、消费者未上传身份证彩照导致清关失败",
    ),
    Row(
        "pinduoduo_intl.customs.appeal_reason",
        "2019-11-02",
        "定制类商品买家未提供定制信息",
        "000_d3139da63785aa80.txt",
        "1、… 2) 申诉原因选择 (section 2 repeats 商品 by a typo in the article)",
    ),
    Row(
        "pinduoduo_intl.customs.appeal_shipping_choice",
        "2019-11-02",
        "我有证据，申请上述订单均不发货",
        "000_d3139da63785aa80.txt",
        "1、… 3) 上述订单是否发货选择",
    ),
    Row(
        "pinduoduo_intl.customs.order_detail_path",
        "2019-11-02",
        "【订单查询】-【查看详情】",
        "000_d3139da63785aa80.txt",
        "1、… 4) 上传凭证图片",
    ),
    Row(
        "pinduoduo_intl.customs.quota_query_name",
        "2019-11-02",
        "海关跨境电子商务年度个人额度查询",
        "000_d3139da63785aa80.txt",
        "1、… 4) (凭证图片2)",
    ),
    Row(
        "pinduoduo.fake_shipping.floor_amount", "2023-01-29", 5, "003_85f95fdeffeeff0c.txt", "拼多多虚假发货处罚 — 处罚"
    ),
    Row("pinduoduo.fake_shipping.threshold", "2023-01-29", 20, "003_85f95fdeffeeff0c.txt", "拼多多虚假发货处罚 — 处罚"),
    Row("pinduoduo.fake_shipping.rate", "2023-01-29", 25, "003_85f95fdeffeeff0c.txt", "拼多多虚假发货处罚 — 处罚"),
    Row("pinduoduo.fake_shipping.cap", "2023-01-29", 100, "003_85f95fdeffeeff0c.txt", "拼多多虚假发货处罚 — 处罚"),
    Row(
        "pinduoduo.fake_shipping.coupon_validity",
        "2023-01-29",
        50,
        "003_85f95fdeffeeff0c.txt",
        "拼多多虚假发货处罚 — (2)",
    ),
    Row(
        "pinduoduo.fake_shipping.day_30_30.min_detected",
        "2023-01-29",
        30,
        "003_85f95fdeffeeff0c.txt",
        "拼多多虚假发货处罚 — 第一段 (满30单)",
    ),
    Row(
        "pinduoduo.fake_shipping.day_30_30.min_share",
        "2023-01-29",
        30,
        "003_85f95fdeffeeff0c.txt",
        "拼多多虚假发货处罚 — 第一段 (30%（含）以上)",
    ),
    Row(
        "pinduoduo.fake_shipping.day_10_5.detected_above",
        "2023-01-29",
        10,
        "003_85f95fdeffeeff0c.txt",
        "拼多多虚假发货处罚 — (1) (超过10单)",
    ),
    Row(
        "pinduoduo.fake_shipping.day_10_5.share_above",
        "2023-01-29",
        5,
        "003_85f95fdeffeeff0c.txt",
        "拼多多虚假发货处罚 — (1) (超过……5%)",
    ),
    Row(
        "alibaba_1688.fulfilment.after_sales_period",
        "2024-01-27",
        30,
        "002_9b67b9692fdcc49b.txt",
        "问：保证金如何退回？ — 2. 满足解冻的条件, c",
    ),
    Row(
        "alibaba_1688.fulfilment.deposit_unfreeze_day",
        "2024-01-27",
        3,
        "002_9b67b9692fdcc49b.txt",
        "问：保证金如何退回？ — 3. 转出保证金",
    ),
    Row(
        "alibaba_1688.fulfilment.anxingou_exit_delay",
        "2024-01-27",
        90,
        "002_9b67b9692fdcc49b.txt",
        "问：如何退出安心购？",
    ),
    Row(
        "alibaba_1688.fulfilment.unclosable_shipping_subservices",
        "2024-01-27",
        ["24h发货服务", "48h发货服务", "72h发货服务", "5天发货服务", "7天发货服务", "10天发货服务", "15天发货服务"],
        "002_9b67b9692fdcc49b.txt",
        "问：保证金如何退回？ — 1. 关闭保障服务",
    ),
    Row(
        "aliexpress.peak_season.payment_processing_min_hours",
        "2021-07-15",
        1,
        "004_5afd92d86d0151b5.txt",
        "【重要通知】【支付】1、大促期间银行卡支付处理时间延长",
    ),
    Row(
        "aliexpress.peak_season.payment_processing_max_hours",
        "2021-07-15",
        6,
        "004_5afd92d86d0151b5.txt",
        "【重要通知】【支付】1、大促期间银行卡支付处理时间延长",
    ),
    Row(
        "aliexpress.peak_season.export_limit",
        "2021-07-15",
        20000,
        "004_5afd92d86d0151b5.txt",
        "【重要通知】【订单管理】2、订单批量导出条数上限调整",
    ),
    Row(
        "aliexpress.peak_season.orders_per_page",
        "2021-07-15",
        10,
        "004_5afd92d86d0151b5.txt",
        "【重要通知】【订单管理】4、订单列表页面翻页功能降级",
    ),
    Row(
        "aliexpress.peak_season.freight_deduction_wait",
        "2021-07-15",
        10,
        "004_5afd92d86d0151b5.txt",
        "【重要通知】【物流发货】1、运费代扣延时",
    ),
    Row(
        "aliexpress.peak_season.window_start_time",
        "2021-07-15",
        "20:00",
        "handbook modelling assumption",
        "no time window in 004_5afd92d86d0151b5.txt; chosen by the handbook to cover the run-up, 11 November and the day after",
    ),
    Row(
        "aliexpress.peak_season.arrival_weights",
        "2021-07-15",
        [
            0.6,
            0.8,
            1.0,
            1.4,
            14,
            9,
            5,
            3,
            1.8,
            1.2,
            1.2,
            1.5,
            2.0,
            2.4,
            2.6,
            2.6,
            2.4,
            2.2,
            2.2,
            2.3,
            2.4,
            2.5,
            2.6,
            2.8,
            3.0,
            3.0,
            2.6,
            2.2,
            1.6,
            0.8,
            0.5,
            0.3,
            0.3,
            0.3,
            0.4,
            0.6,
            0.8,
            1.0,
            1.0,
            1.0,
            1.0,
            0.9,
            0.9,
            0.9,
            1.0,
            1.0,
            1.1,
            1.1,
            1.1,
            1.0,
            0.8,
            0.6,
        ],
        "handbook modelling assumption",
        "no arrival curve in 004_5afd92d86d0151b5.txt; shape chosen by the handbook team",
    ),
    Row(
        "pinduoduo.service.online_opens",
        "2023-01-29",
        "09:00",
        "003_85f95fdeffeeff0c.txt",
        "二、拼多多怎么联系客服？ — 在线客服时间",
    ),
    Row(
        "pinduoduo.service.online_closes",
        "2023-01-29",
        "24:00",
        "003_85f95fdeffeeff0c.txt",
        "二、拼多多怎么联系客服？ — 在线客服时间",
    ),
    Row(
        "pinduoduo.service.phone_opens",
        "2023-01-29",
        "09:00",
        "003_85f95fdeffeeff0c.txt",
        "三、人工客服热线电话 — 客服时间",
    ),
    Row(
        "pinduoduo.service.phone_closes",
        "2023-01-29",
        "20:00",
        "003_85f95fdeffeeff0c.txt",
        "三、人工客服热线电话 — 客服时间",
    ),
    Row(
        "pinduoduo.service.phone_hotline",
        "2023-01-29",
        "400-8822528",
        "003_85f95fdeffeeff0c.txt",
        "三、人工客服热线电话 — 客服电话",
    ),
    Row(
        "pinduoduo.service.phone_landline",
        "2023-01-29",
        "021-53395288",
        "003_85f95fdeffeeff0c.txt",
        "三、人工客服热线电话 — 客服电话",
    ),
    Row(
        "pinduoduo.service.resubmit_cutoff",
        "2023-01-29",
        "20:00",
        "003_85f95fdeffeeff0c.txt",
        "怎么申诉？ — 6. 驳回后重新提交申诉",
    ),
)


def _live(values: dict, row: Row, attribute: str, default: Any) -> Any:
    entry = values.get(date.fromisoformat(row.date))
    for part in attribute.split("."):
        if entry is None:
            return default
        entry = getattr(entry, part)
    return entry


def pinned_parameters() -> dict:
    """The registry's parameters with exactly the dated values of ROWS (labels, units, read-on dates and what each
    date means — `from_is` — taken from the live entry of the same date)."""
    from handbook import policy
    from handbook.policy.registry import DatedValue, Source
    from handbook.policy.units import UNITS

    live = {pid: policy._PARAMETERS[pid] for pid in policy._PARAMETERS}
    by_id: dict[str, list[Row]] = {}
    for row in ROWS:
        by_id.setdefault(row.parameter, []).append(row)
    pinned = dict(live)
    for pid, rows in by_id.items():
        parameter = live[pid]
        live_values = {v.start: v for v in parameter.values}   # read-on date and note of the same entry, if any
        values = tuple(
            DatedValue(
                start=date.fromisoformat(r.date),
                value=UNITS[parameter.unit].convert(r.value),
                source=Source(r.document, _live(live_values, r, "source.read_on", EXAMPLE_DATE), r.section),
                until=date.fromisoformat(r.until) if r.until else None,
                note=_live(live_values, r, "note", None),
                from_is=_live(live_values, r, "from_is", "in_force"),  # how the date is known (stated, decided)
            )
            for r in sorted(rows, key=lambda r: r.date)
        )
        pinned[pid] = dataclasses.replace(parameter, values=values)
    return pinned
