"""The policy areas in their training order, and everything each one owns.

An `Area` declares its notebook, its rule, widget and plot modules, its parameter files, its data files and
its example date; its quiz is `handbook/training/questions/<slug>.yaml`. `tests/test_areas.py` checks that
every declared file exists and that every file under `handbook/rules`, `handbook/widgets`, `handbook/plots`,
`handbook/policy/parameters`, `handbook/training/questions` and `notebooks` belongs to exactly one area (or to
`HOUSE`, the files every area shares). The start page's route (`route`), each notebook's header (`header`),
its parameter table (`parameter_table`) and its "What's next" (`whats_next`) are rendered from this list, so
they cannot disagree with it. Slugs never change: saved quiz progress is keyed by them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from handbook.markdown import Prose
from handbook.reference.links import SOURCES_NOTEBOOK, link

ROOT = Path(__file__).resolve().parent.parent  # the repository (notebooks/ sits beside handbook/)
PACKAGE = Path(__file__).resolve().parent

EXAMPLE_DATE = date(2026, 11, 21)  # the handbook's example date: every notebook's TODAY unless its area says otherwise

# Files every area shares (the house), relative to the repository root.
HOUSE: tuple[str, ...] = (
    "handbook/rules/__init__.py",
    "handbook/rules/calendar/",
    "handbook/rules/decisions.py",
    "handbook/widgets/__init__.py",
    "handbook/widgets/audit.py",   # the upload calculators of every area with an export audit
    "handbook/widgets/base.py",
    "handbook/widgets/quiz.py",
    "handbook/widgets/workbench.py",  # the what-if workbench (07-what-if) reads every area
    "notebooks/data/quota_orders_across_years.csv",  # the what-if sample (07-what-if)
    "handbook/plots/__init__.py",
    "handbook/plots/base.py",
    "handbook/examples/__init__.py",
    "handbook/examples/whatif.py",  # the what-if page's scenarios (07-what-if), built from every area's figures
    # the export reader every audit shares: file formats, column names, statuses, reports, safety, samples
    "handbook/audit/__init__.py",
    "handbook/audit/columns.py",
    "handbook/audit/loading.py",
    "handbook/audit/reading.py",
    "handbook/audit/reports.py",
    "handbook/audit/safety.py",
    "handbook/audit/statuses.py",
    "handbook/audit/summary.py",
    "handbook/audit/synthetic.py",
    "handbook/audit/validation.py",
    "notebooks/00-start-here.ipynb",
)


@dataclass(frozen=True)
class Area:
    slug: str
    notebook: str
    title: str
    title_zh: str
    platform: str
    minutes: int
    sources: tuple[str, ...]
    prerequisites: tuple[str, ...]
    can_do_after: str
    rules: tuple[str, ...]        # modules or packages under handbook/rules/
    widgets: tuple[str, ...]      # modules under handbook/widgets/
    plots: tuple[str, ...]        # modules under handbook/plots/
    parameters: tuple[str, ...]   # files under handbook/policy/parameters/
    data: tuple[str, ...] = ()    # files under notebooks/data/
    examples: tuple[str, ...] = ()  # modules under handbook/examples/ (worked examples built from the registry)
    audits: tuple[str, ...] = ()  # modules under handbook/audit/ (the area's pass over an order export)
    example_date: date = EXAMPLE_DATE

    @property
    def quiz(self) -> str:
        return f"handbook/training/questions/{self.slug}.yaml"

    def files(self) -> tuple[str, ...]:
        """Every file the area owns, relative to the repository root (a rule package counts as a folder)."""
        rules = tuple(f"handbook/rules/{m}/" if (PACKAGE / "rules" / m).is_dir() else f"handbook/rules/{m}.py"
                      for m in self.rules)
        return (
            rules
            + tuple(f"handbook/widgets/{m}.py" for m in self.widgets)
            + tuple(f"handbook/plots/{m}.py" for m in self.plots)
            + tuple(f"handbook/policy/parameters/{f}" for f in self.parameters)
            + (self.quiz, f"notebooks/{self.notebook}")
            + tuple(f"notebooks/data/{f}" for f in self.data)
            + tuple(f"handbook/examples/{m}.py" for m in self.examples)
            + tuple(f"handbook/audit/{m}.py" for m in self.audits)
        )

    def parameter_ids(self) -> list[str]:
        """The ids of the parameters in the area's files, sorted."""
        from handbook import policy

        with policy.untraced():  # which file a parameter is in is not a read of its value (drills trace reads)
            return [pid for pid in policy.ids() if policy.describe(pid).file in self.parameters]


AREAS: tuple[Area, ...] = (
    Area(
        slug="customs",
        notebook="01-customs-clearance.ipynb",
        title="Cross-border customs clearance failures",
        title_zh="清关失败",
        platform="Pinduoduo International (多多国际)",
        minutes=30,
        sources=("000_d3139da63785aa80.txt", "财关税〔2018〕49号", "财关税〔2016〕18号"),
        prerequisites=("00-start-here",),
        can_do_after="check a buyer's annual quota before promising delivery, and file the right "
        "appeal or re-push for each of the three clearance-failure causes",
        rules=("customs",),
        widgets=("customs",),
        plots=("customs",),
        parameters=("customs.yaml",),
        data=("quota_orders.csv",),
        examples=("customs",),
        audits=("quota",),
    ),
    Area(
        slug="chargebacks",
        notebook="02-chargebacks.ipynb",
        title="AliExpress chargebacks",
        title_zh="拒付",
        platform="AliExpress (速卖通)",
        minutes=25,
        sources=("001_bedd9ed3bb03a3f3.txt",),
        prerequisites=("00-start-here",),
        can_do_after="compute an appeal deadline in mainland-China working days and assemble the "
        "evidence file for a chargeback reason",
        rules=("chargeback",),
        widgets=("chargeback",),
        plots=("chargeback",),
        parameters=("chargeback.yaml",),
        data=("chargeback_notices.csv",),
        examples=("chargeback",),
        audits=("chargebacks",),
        example_date=date(2026, 10, 8),  # the first working day after National Day 2026
    ),
    Area(
        slug="fulfilment",
        notebook="03-1688-fulfilment.ipynb",
        title="1688 fulfilment: after-sales, deposit refund, leaving 安心购, disputing penalties",
        title_zh="交易履约",
        platform="1688",
        minutes=30,
        sources=("002_9b67b9692fdcc49b.txt",),
        prerequisites=("00-start-here",),
        can_do_after="tell when a deposit can be refunded and what blocks it, date an 安心购 exit, "
        "and judge whether a penalty appeal can succeed",
        rules=("fulfilment",),
        widgets=("fulfilment",),
        plots=("fulfilment",),
        parameters=("fulfilment.yaml",),
        data=("deposit_1688_orders.csv",),
        examples=("fulfilment",),
        audits=("deposit",),
    ),
    Area(
        slug="fake_shipping",
        notebook="04-fake-shipping.ipynb",
        title="Pinduoduo fake shipping penalties and appeals",
        title_zh="虚假发货",
        platform="Pinduoduo (拼多多)",
        minutes=40,
        sources=("003_85f95fdeffeeff0c.txt",),
        prerequisites=("00-start-here",),
        can_do_after="price a fake-shipping order and a whole day under either rule version, audit "
        "an order export, and appeal in time",
        rules=("fake_shipping", "service"),
        widgets=("fake_shipping",),
        plots=("fake_shipping", "audit"),
        parameters=("fake_shipping.yaml", "service.yaml"),
        data=("fake_shipping_orders.csv",),
        examples=("fake_shipping", "service"),
        audits=("fake_shipping", "exposure"),
    ),
    Area(
        slug="peak_season",
        notebook="05-peak-season.ipynb",
        title="AliExpress Double 11 peak season",
        title_zh="双11大促",
        platform="AliExpress (速卖通)",
        minutes=35,
        sources=("004_5afd92d86d0151b5.txt",),
        prerequisites=("00-start-here", "02-chargebacks"),
        can_do_after="explain why the back office lags on 11 November and size the team that keeps "
        "the shipping-notice backlog in check",
        rules=("peak_season",),
        widgets=("peak_season",),
        plots=("peak_season",),
        examples=("peak_season",),
        parameters=("peak_season.yaml",),
    ),
)


@dataclass(frozen=True)
class Page:
    """A page that is not a policy area: it reads the whole registry (listed after the areas).

    A `reference` page is for looking things up (sources, glossary, checklists): it follows the short skeleton
    of the start page (Overview, Summary, What's next) instead of the lesson skeleton.
    """

    slug: str
    notebook: str
    title: str
    title_zh: str
    audience: str
    minutes: int
    what: str
    reference: bool = False


PAGES: tuple[Page, ...] = (
    Page(
        slug="what_changed",
        notebook="06-what-changed.ipynb",
        title="What changed: the policy timeline",
        title_zh="政策变更",
        audience="everyone",
        minutes=10,
        what="every dated figure in date order, with its source, what it replaced, the pages and calculators "
        "that use it, and the values announced for a later date",
    ),
    Page(
        slug="what_if",
        notebook="07-what-if.ipynb",
        title="What-if workbench",
        title_zh="假设分析",
        audience="team leads",
        minutes=15,
        what="try new values with effective dates and see every calculator, an order export's audit and the "
        "quiz answers under the registry and under the scenario, side by side",
    ),
    Page(
        slug="sources",
        notebook=SOURCES_NOTEBOOK,
        title="Sources",
        title_zh="资料来源",
        audience="everyone",
        minutes=5,
        what="every article and document the handbook cites: who published it, when, what it covers, and every "
        "figure that cites it",
        reference=True,
    ),
    Page(
        slug="glossary",
        notebook="91-glossary.ipynb",
        title="Glossary",
        title_zh="术语表",
        audience="everyone",
        minutes=5,
        what="the Chinese terms you see on screen, with pinyin, English and the pages that use them",
        reference=True,
    ),
    Page(
        slug="checklists",
        notebook="92-checklists.ipynb",
        title="Checklists",
        title_zh="检查清单",
        audience="everyone",
        minutes=5,
        what="one page per policy area to print and pin up, with the figures in force",
        reference=True,
    ),
)


def page(slug: str) -> Page:
    for p in PAGES:
        if p.slug == slug:
            return p
    from handbook.errors import PolicyInputError

    raise PolicyInputError("page", slug, "one of " + ", ".join(p.slug for p in PAGES))


def page_header(slug: str) -> Prose:
    """The Prerequisites / Time to learn block of a page that is not an area."""
    p = page(slug)
    return Prose(
        "## Prerequisites\n\n| Concept | Importance |\n|---|---|\n"
        "| [00-start-here](00-start-here.ipynb) | Necessary |\n"
        "| At least one policy area, e.g. [01-customs-clearance](01-customs-clearance.ipynb) | Helpful |\n\n"
        f"**Time to learn:** {p.minutes} minutes · **For:** {p.audience}\n\n"
        f"**On this page:** {p.what}."
    )


def area(slug: str) -> Area:
    for a in AREAS:
        if a.slug == slug:
            return a
    from handbook.errors import PolicyInputError

    raise PolicyInputError("area", slug, "one of " + ", ".join(a.slug for a in AREAS))


def parameter_table(slug: str, *, on: date | None = None) -> Prose:
    """The area's parameters in force on `on`, as a Markdown table (the notebook's parameter section)."""
    from handbook import policy

    return policy.table_md(on, only=area(slug).parameter_ids())


def _link(a: Area) -> str:
    return f"[{a.title} ({a.title_zh})]({a.notebook})"


def whats_next(slug: str | None = None) -> Prose:
    """The "What's next" section of an area's notebook (of the start page when `slug` is None).

    The next area of the route, then the areas that list this notebook among their prerequisites; the last
    area points back to the ones it builds on and to the start page.
    """
    lines = ["## What's next", ""]
    if slug is None:
        lines.append(f"Start with {_link(AREAS[0])}: after it you can {AREAS[0].can_do_after}.")
        return Prose("\n".join(lines))
    a = area(slug)
    stem = a.notebook.removesuffix(".ipynb")
    index = AREAS.index(a)
    following = AREAS[index + 1] if index + 1 < len(AREAS) else None
    if following:
        lines.append(f"Continue with {_link(following)}: after it you can {following.can_do_after}.")
    builds_on = [b for b in AREAS if stem in b.prerequisites and b is not following]
    if builds_on:
        lines += ["", "Builds on this notebook: " + ", ".join(_link(b) for b in builds_on) + "."]
    if following is None:
        before = [b for b in AREAS if b.notebook.removesuffix(".ipynb") in a.prerequisites]
        revisit = f"Revisit {', '.join(_link(b) for b in before)}, which this notebook builds on, or go" if before else "Go"
        lines.append(f"You have finished the route. {revisit} back to [the start page](00-start-here.ipynb).")
    return Prose("\n".join(lines))


def header(slug: str) -> Prose:
    """The Prerequisites / Time to learn block of an area's notebook."""
    a = area(slug)
    prereq = "\n".join(f"| [{p}]({p}.ipynb) | Necessary |" for p in a.prerequisites)
    sources = ", ".join(link(s) for s in a.sources)
    return Prose(
        "## Prerequisites\n\n| Concept | Importance |\n|---|---|\n"
        f"{prereq}\n\n"
        f"**Time to learn:** {a.minutes} minutes\n\n"
        f"**Platform:** {a.platform} · **Sources:** {sources}\n\n"
        f"**After this notebook you can** {a.can_do_after}."
    )


def route() -> Prose:
    """The onboarding route as a Markdown table (00-start-here)."""
    lines = ["| Step | Notebook | Platform | Time to learn | After it you can |", "|---|---|---|---|---|"]
    for i, a in enumerate(AREAS, 1):
        stem = a.notebook.removesuffix(".ipynb")
        lines.append(
            f"| {i} | [{a.title} ({a.title_zh})]({stem}.ipynb) | {a.platform} | {a.minutes} min | {a.can_do_after} |"
        )
    total = sum(a.minutes for a in AREAS)
    lines += ["", f"The whole route takes about {total} minutes.", "", "Beside the route:", ""]
    for p in PAGES:
        stem = p.notebook.removesuffix(".ipynb")
        lines.append(f"- [{p.title} ({p.title_zh})]({stem}.ipynb), for {p.audience}: {p.what}.")
    return Prose("\n".join(lines))


START_MINUTES = 10  # reading time of 00-start-here (not a policy figure)


def start_header() -> Prose:
    """The Prerequisites / Time to learn block of 00-start-here."""
    return Prose(
        "## Prerequisites\n\n| Concept | Importance |\n|---|---|\n"
        "| Reading a seller back office (商家后台) in Chinese | Helpful |\n"
        "| Running a notebook cell (Shift+Enter) | Helpful |\n\n"
        f"**Time to learn:** {START_MINUTES} minutes"
    )
