"""The stronger figure check: every value a parameter has or had, in sources and rendered outputs, unless
marked as history; and the change drills that use it (handbook/drill.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import nbformat
import pytest

from handbook import drill, policy
from handbook.errors import PolicyInputError
from handbook.figure_check import figures, history, scan_notebook, scan_questions

ON = date(2026, 11, 21)
ANNUAL, SINGLE, CAP = "pinduoduo_intl.customs.annual_limit", "pinduoduo_intl.customs.single_limit", "pinduoduo.fake_shipping.cap"


@pytest.mark.parametrize(("text", "pid"), [
    ("the limit is 26,000 yuan", ANNUAL),                  # in force
    ("until 2018 the limit was 20,000 yuan", ANNUAL),       # had, at an earlier date
    ("one order up to 2,000 yuan", SINGLE),
    ("at most 100 yuan per order", CAP),
    ("appeal within 3 working days", "aliexpress.chargeback.response_working_days"),
    ("resubmit before 20:00", "pinduoduo.service.resubmit_cutoff"),
])
def test_any_value_a_parameter_has_or_had_is_found(text, pid):
    assert pid in {p for _, p in figures(text)}


@pytest.mark.parametrize("text", [
    history("until 2018 the limit was 20,000 yuan"),
    "the limit {{ pinduoduo_intl.customs.annual_limit }} since 2019-01-01",
    "use `policy.get('x', 26000)` in code",
    "see [the notice](https://example.org/26000)",
    "order no. 126000123",
])
def test_history_placeholders_code_links_and_other_numbers_are_spared(text):
    assert ANNUAL not in {p for _, p in figures(text)}


def test_history_marks_a_whole_table():
    marked = "before\n" + history("| 2016-04-08 | 20,000 yuan |\n| 2019-01-01 | 26,000 yuan |") + "\nafter 2,000 yuan"
    assert {p for _, p in figures(marked)} == {SINGLE}


def test_in_rendered_text_the_value_in_force_is_expected_and_the_others_are_stale():
    assert figures("The limit is 26,000 yuan.", stale_on=ON) == []
    assert figures("The limit is 20,000 yuan.", stale_on=ON) == [("20,000 yuan", ANNUAL)]
    with policy.scenario({ANNUAL: [{"from": "2026-01-01", "value": 30000}]}):
        assert figures("The limit is 30,000 yuan.", stale_on=ON, only={ANNUAL}) == []
        assert figures("The limit is 26,000 yuan.", stale_on=ON, only={ANNUAL}) == [("26,000 yuan", ANNUAL)]


def _notebook(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("The cap is 100 yuan."),
        nbformat.v4.new_code_cell('md("Until 2018: " + "20,000 yuan")', outputs=[nbformat.v4.new_output(
            "execute_result", {"text/markdown": "Until 2018: 20,000 yuan", "text/plain": "x"}, execution_count=1)]),
        nbformat.v4.new_code_cell('md(history("Until 2018: 20,000 yuan"))'),
    ]
    path = tmp_path / "typed.ipynb"
    nbformat.write(nb, path)
    return path


def test_scan_notebook_reads_markdown_code_strings_and_outputs(tmp_path):
    found = {(f.where.split(" (")[-1].rstrip(")"), f.pid, f.kind) for f in scan_notebook(_notebook(tmp_path), on=ON)}
    assert found == {("markdown", CAP, "typed"), ("code string", ANNUAL, "typed"), ("output", ANNUAL, "stale")}
    legacy = scan_notebook(_notebook(tmp_path), strict=False, on=ON)
    assert [(f.pid, f.kind) for f in legacy] == [(CAP, "typed")]   # markdown only, values in force only


def test_scan_questions_reads_prompts_hints_and_literal_arguments(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(
        "- id: q1\n  prompt: Is an order of {{ amount }} yuan under the old limit of 2,000 yuan?\n"
        "  answer: {rule: x, args: {amount: '26000'}}\n"
        "  distractors:\n    - {value: 1, hint: 'It was 20,000 yuan a year before 2019.'}\n", encoding="utf-8")
    found = {(f.where, f.pid) for f in scan_questions(path)}
    assert found == {("q.yaml q1.prompt", SINGLE), ("q.yaml q1.answer.args.amount", ANNUAL),
                     ("q.yaml q1.distractors[0].hint", ANNUAL)}


def test_the_quiz_files_type_no_figure_any_parameter_has_or_had():
    files = sorted(Path(drill.ROOT, "handbook/training/questions").glob("*.yaml"))
    assert files
    assert [str(f) for path in files for f in scan_questions(path)] == []


# ------------------------------------------------------------------------------------------ drills


def test_the_committed_drills_file_loads_with_the_six_changes_of_issue_16_and_more():
    drills = drill.load(drill.ROOT / "drills.yaml")
    changed = [pid for d in drills for pid in d.overlay]
    for pid in (ANNUAL, CAP, "pinduoduo.fake_shipping.floor_amount", "aliexpress.chargeback.response_working_days",
                "pinduoduo.service.resubmit_cutoff", "alibaba_1688.fulfilment.after_sales_period"):
        assert pid in changed
    assert len(drills) >= 10


@pytest.mark.parametrize(("text", "field"), [
    ("- {name: a}\n", "drills.yaml[0]"),
    ("{name: a, overlay: {}}\n", "drills file"),
    ("- {name: a, overlay: {no.such.id: 1}}\n", "drills.yaml: a: parameter id"),
    (f"- {{name: a, overlay: {{{CAP}: [{{from: soon, value: 1}}]}}}}\n", f"drills.yaml: a: {CAP}[0].from"),
    (f"- {{name: a, overlay: {{{CAP}: 1}}}}\n- {{name: a, overlay: {{{CAP}: 2}}}}\n", "drills.yaml[1]"),
])
def test_a_broken_drills_file_is_refused_naming_the_drill(tmp_path, text, field):
    path = tmp_path / "drills.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyInputError) as caught:
        drill.load(path)
    assert caught.value.field == field


def test_replaced_values_are_the_registry_values_the_overlay_replaces():
    with policy.scenario({}):
        checked = drill._checked({ANNUAL: [{"from": "2026-01-01", "value": 30000}], CAP: 120}, "t")
    assert drill.replaced_values(checked) == {ANNUAL: ("yuan", [26000]), CAP: ("yuan", [100])}


@pytest.mark.parametrize(("overlay", "check", "problem"), [
    ({CAP: 5}, "quizzes", "premise no longer holds: band is 'floor', the question states 'rate'"),
    ({CAP: 5}, "edge tables", "no row in band(s) rate"),
    ({"pinduoduo.fake_shipping.threshold": 0}, "edge tables", "no row in band(s) floor"),
])
def test_quiz_and_edge_checks_fail_when_a_change_breaks_them(overlay, check, problem):
    with policy.scenario(overlay):
        found = drill.quiz_problems(ON) + drill.edge_problems(ON)
    assert any(v.check == check and problem in v.problem for v in found), found


def test_quiz_and_edge_checks_pass_on_the_registry():
    assert drill.quiz_problems(ON, drill.quiz_dates(drill.notebooks(), ON)) == []
    assert drill.edge_problems(ON) == []


def test_a_drill_end_to_end_on_a_small_notebook(tmp_path):
    """Executes in a kernel with the overlay: a typed figure, a stale output and an error are reported."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("The cap is 100 yuan."),
        nbformat.v4.new_code_cell(f"from handbook import policy\nprint(policy.ref({CAP!r}).text)"),
        nbformat.v4.new_code_cell(f"assert policy.get({CAP!r}) == 100, 'typed expectation'"),
        nbformat.v4.new_code_cell(f"print('at most', policy.get({CAP!r}, date(2025, 1, 1)), 'yuan')"),
    ]
    nb.cells[1].source = "from datetime import date\n" + nb.cells[1].source
    source = tmp_path / "nb" / "01-tiny.ipynb"
    source.parent.mkdir()
    nbformat.write(nb, source)
    (report,) = drill.run([drill.Drill("cap", {CAP: [{"from": "2026-01-01", "value": 120}]})],
                          workers=1, scratch=tmp_path / "scratch", paths=[source], echo=lambda _: None)
    problems = {(v.check, v.problem.split(":")[0]) for v in report.violations}
    assert ("cells", "AssertionError") in problems
    assert any(v.check == "stale figures" and "cell 0" in v.where for v in report.violations)
    # an output still showing the replaced value (here: the value of a date before the change) is stale: it is
    # compared with the drill's value in force, not with the registry's
    assert any(v.check == "stale figures" and "cell 3 (output)" in v.where and "'100 yuan'" in v.problem
               for v in report.violations), report.violations
    executed = nbformat.read(tmp_path / "scratch" / "drill-01" / "01-tiny.ipynb", as_version=4)
    assert executed.cells[1].outputs[0]["text"].strip() == "120 yuan"
    assert "FAIL" in drill.render(report)
    assert nbformat.read(source, as_version=4).cells[1].get("outputs") == []  # the source is never rewritten


@pytest.mark.parametrize(("text", "typed"), [
    ("An order at exactly the limit clears.", ["exactly the", "clears"]),
    ("A 399.99 yuan order is just under the cap.", ["just under"]),
    ("Monday is the last day, so the deadline has passed.", ["Monday is the last day", "has passed"]),
    ("The order {{ outcome }} on {{ day }}.", []),                  # rendered from the result
    ("Does the order clear? Is it late?", []),                       # questions state nothing
    ("That is the last day of the after-sales period.", []),         # a definition, not an outcome
])
def test_typed_narration_finds_outcomes_stated_in_words(text, typed):
    assert drill.typed_narration([text]) == typed


def test_a_one_word_code_compared_with_a_result_is_not_narration(tmp_path):
    before, after = (_executed(tmp_path, name, text) for name, text in (("a", "5"), ("b", "6")))
    source = 'answer = "Yes" if result.outcome == "clears" else "No"'
    for path in (before, after):
        nb = nbformat.read(path, as_version=4)
        nb.cells[0].source = source
        nbformat.write(nb, path)
    assert drill.moved_narration(before, after) == []
    nb = nbformat.read(after, as_version=4)
    nb.cells[0].source = 'md("The order clears.")'
    nbformat.write(nb, after)
    (found,) = drill.moved_narration(before, after)
    assert found.check == "narration" and "'clears'" in found.problem


def _executed(tmp_path: Path, name: str, output: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output("stream", name="stdout", text=output)])]
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def test_ci_marks_the_subset_ci_runs_and_must_be_true_or_false(tmp_path):
    path = tmp_path / "drills.yaml"
    path.write_text(f"- {{name: a, overlay: {{{CAP}: 1}}, ci: true}}\n- {{name: b, overlay: {{{CAP}: 2}}}}\n",
                    encoding="utf-8")
    assert [(d.name, d.ci) for d in drill.load(path)] == [("a", True), ("b", False)]
    path.write_text(f"- {{name: a, overlay: {{{CAP}: 1}}, ci: sometimes}}\n", encoding="utf-8")
    with pytest.raises(PolicyInputError, match="ci must be true or false"):
        drill.load(path)
    assert any(d.ci for d in drill.load(drill.ROOT / "drills.yaml"))


def test_moved_quiz_narration_needs_a_moved_answer_and_typed_words():
    before = {"a: q1": ("5 yuan", ["The order is just under the cap."]), "a: q2": ("1", ["It clears."])}
    after = {"a: q1": ("6 yuan", ["The order is just under the cap."]), "a: q2": ("1", ["It clears."])}
    (found,) = drill.moved_quiz_narration(before, after)
    assert found.where == "a: q1" and "'just under'" in found.problem


def test_typed_inputs_are_amounts_typed_into_a_cell_not_dates_or_indexes():
    source = ('check_quota("17,000", "9,000", on=date(2026, 11, 21))\ncompensation("399.99")\nrow = table[12]\n'
              'step = Decimal("0.01")\nsimulate(staff=4)\nmd("In 2026 the rule …")\nlate = when + timedelta(days=30)')
    assert drill.typed_inputs(source) == ["'17,000'", "'9,000'", "'399.99'"]
    assert drill.typed_inputs("check_quota(examples.spent_to_reach_limit(TODAY), examples.everyday_order(TODAY))") == []
    assert drill.typed_inputs('with policy.scenario({"x.y": 1234}):\n    md("…")') == []   # a what-if value
    assert drill.typed_inputs("service_examples.after_phone_closes(30, day=day)") == []  # an offset from a figure
    assert drill.typed_inputs("service.service_status(after_phone_closes(30))") == ["30"]
    assert drill.typed_inputs('# typed on purpose: the article\'s own example\norder_compensation("50")') == []
