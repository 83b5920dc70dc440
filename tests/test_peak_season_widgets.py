"""Peak-season calculators and figures: set values as a user would, read the result; check the plot data."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.palette import COLORS
from handbook.plots import peak_season as plots
from handbook.plots.base import Chart
from handbook.rules import peak_season as ps
from handbook.rules.peak_season import PeakScenario, run, simulate
from handbook.widgets import peak_season as w
from handbook.widgets.base import Calculator

PNG = b"\x89PNG\r\n\x1a\n"
ON = date(2026, 11, 11)


def test_every_factory_builds_with_no_arguments():
    for name in w.__all__:
        calc = getattr(w, name)()
        assert isinstance(calc, Calculator) and calc.name == name
        assert calc.last_error is None and calc.last_result is not None
        assert "hb-calc-" + name in calc._dom_classes and "hb-result" in calc.result._dom_classes


def test_sliders_do_not_recompute_while_dragging():
    for name in w.__all__:
        for control in getattr(w, name)().controls.values():
            if hasattr(control, "continuous_update"):
                assert control.continuous_update is False


def test_explorer_default_is_the_baseline_run():
    calc = w.simulation()
    view = calc.last_result
    expected = ps.summarise_run(run(w.PRESETS["baseline"], seed=w.SEED))
    assert view.summary == expected
    assert f"{expected.peak_backlog:,}" in repr(calc)
    assert bytes(calc.chart.image.value).startswith(PNG)


def test_explorer_more_staff_lowers_the_backlog_and_redraws():
    calc = w.simulation()
    before, image = calc.last_result.summary, bytes(calc.chart.image.value)
    calc.controls["staff"].value = 8
    after = calc.last_result.summary
    assert after.peak_backlog < before.peak_backlog
    assert bytes(calc.chart.image.value) != image
    calc.controls["staff"].value = w.PRESETS["baseline"].staff
    assert calc.last_result.summary == before
    assert bytes(calc.chart.image.value) == image  # cached background + same lines = same picture


def test_explorer_lines_are_the_run_columns():
    calc = w.simulation()
    upper, lower = calc.chart.figure._hb_peak_panels
    columns = calc.last_result.run.columns
    for panel in (upper, lower):
        for column, line in panel.lines.items():
            assert np.array_equal(line.get_ydata(), columns[column])
            assert line.get_xdata()[-1] == pytest.approx(52.0)


def test_delay_slider_is_clamped_to_the_notice_unless_beyond_policy():
    calc = w.simulation()
    delay, beyond = calc.controls["delay_hours"], calc.controls["beyond_policy"]
    assert (delay.min, delay.max) == (policy.get(ps.MIN_DELAY, ON), policy.get(ps.MAX_DELAY, ON))
    beyond.value = True
    assert (delay.min, delay.max) == (0, ps.MAX_DELAY_BEYOND_POLICY)
    delay.value = (2, 12)
    assert calc.last_result.run.scenario.delay_hours == (2, 12)
    assert calc.last_result.run.scenario.beyond_policy is True
    beyond.value = False
    assert (delay.min, delay.max) == (1, 6) and tuple(delay.value) == (2, 6)
    assert calc.last_result.run.scenario.delay_hours == (2, 6) and calc.last_error is None


def test_explorer_habit_shows_lost_goods():
    calc = w.simulation()
    calc.controls["ship_before_notice_share"].value = 1.0
    assert calc.last_result.summary.closed_after_goods_sent > 0
    assert f"color:{COLORS['bad']}" in calc.result.value


def test_explorer_presets_build():
    for preset in w.PRESETS.values():
        calc = w.simulation(preset)
        assert calc.last_error is None
        assert tuple(calc.controls["delay_hours"].value) == preset.delay_hours


def test_compare_two_teams_on_one_figure():
    calc = w.comparison()
    result = calc.last_result
    assert (result.first_run.scenario.staff, result.second_run.scenario.staff) == (4, 8)
    assert result.second.peak_backlog <= result.first.peak_backlog
    left, right = calc.chart.figure._hb_compare_panels
    assert left.axes.get_ylim() == right.axes.get_ylim()
    assert np.array_equal(left.lines["waiting_for_notice"].get_ydata(),
                          result.first_run.columns["waiting_for_notice"])
    assert np.array_equal(right.lines["waiting_for_notice"].get_ydata(),
                          result.second_run.columns["waiting_for_notice"])
    assert left.axes.title.get_text().startswith("A: 4 staff")
    calc.controls["staff_b"].value = 2
    assert calc.last_result.second.peak_backlog >= calc.last_result.first.peak_backlog
    assert right.axes.title.get_text().startswith("B: 2 staff")


@pytest.mark.parametrize(("orders", "seconds", "exports", "pages", "time"), [
    (35_000, 6, 2, 3_500, "5 h 50 min"),
    (0, 6, 0, 0, "0 s"),
    (20_000, 10, 1, 2_000, "5 h 33 min"),
    (20_001, 1, 2, 2_001, "33 min 21 s"),
])
def test_paging_calculator(orders, seconds, exports, pages, time):
    calc = w.paging()
    calc.controls["orders"].value = f"{orders:,}"
    calc.controls["seconds_per_page"].value = seconds
    result = calc.last_result
    assert (result.exports, result.pages) == (exports, pages)
    assert time in calc.result.value


def test_paging_calculator_shows_bad_input_in_plain_words():
    calc = w.paging()
    calc.controls["orders"].value = "-5"
    assert calc.last_result is None and "Orders to review: “-5” is not accepted" in calc.result.value
    calc.controls["orders"].value = "2.5"
    assert calc.last_result is None and "fraction" in calc.result.value and "Exports" not in calc.result.value
    calc.controls["orders"].value = "2,500"
    assert calc.last_result.pages == 250
    assert "Traceback" not in calc.result.value


# --- figures ------------------------------------------------------------------------------------------


def test_states_chart_draws_the_frame():
    frame = simulate(PeakScenario(orders=3_000), seed=5)
    chart = plots.states_chart(frame)
    assert isinstance(chart, Chart) and chart._repr_png_().startswith(PNG)
    upper, lower = chart.figure._hb_peak_panels
    for panel in (upper, lower):
        for column, line in panel.lines.items():
            assert np.array_equal(line.get_ydata(), frame[column].to_numpy())
    assert lower.axes.get_ylim()[1] >= frame["in_payment_processing"].max()
    labels = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert len(labels) == len(plots.TOTAL_LINES) + len(plots.BACKLOG_LINES)
    assert "Paid, waiting for shipping notice" in labels
    assert all(ord(ch) < 0x2E80 for text in labels for ch in text)  # no CJK inside figures


def test_hour_ticks_of_the_default_window():
    s = PeakScenario()
    positions, labels = plots._hour_ticks(s.start, s.hours)
    assert positions == [4.0, 16.0, 28.0, 40.0, 52.0]
    assert labels[0] == "11 Nov\n00:00" and labels[-1] == "13 Nov\n00:00"


def test_arrival_chart_bars_are_expected_orders_per_hour():
    chart = plots.arrival_chart(PeakScenario(orders=5_200))
    heights = [bar.get_height() for bar in chart.figure.axes[0].patches]
    assert len(heights) == 52 and sum(heights) == pytest.approx(5_200)
    assert max(heights) == heights[4]  # the first hour of 11 November


def test_compare_chart():
    result = ps.compare(PeakScenario(staff=3), PeakScenario(staff=6), seed=1)
    chart = plots.compare_chart(result)
    assert len(chart.figure.axes) == 2 and chart._repr_png_().startswith(PNG)


@pytest.mark.parametrize(("value", "ceiling"), [
    (0, 1), (1, 1), (1.1, 1.2), (1.5, 1.5), (2, 2), (2.1, 2.5), (5, 5), (7, 8), (8.5, 10), (10, 10), (11, 12),
    (999, 1000), (1001, 1200), (10_500, 12_000), (45_000, 50_000), (85_000, 100_000),
])
def test_nice_ceiling(value, ceiling):
    assert plots.nice_ceiling(value) == ceiling


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (500, "500"), (1_500, "1.5k"), (20_000, "20k"),
                                             (2_000_000, "2M")])
def test_compact_tick_labels(value, text):
    assert plots._compact(value) == text


def test_render_png_reuses_the_background_only_while_the_time_axis_is_unchanged():
    figure = plots.new_states_figure(animated=True)
    small, large = run(PeakScenario(orders=2_000), seed=1), run(PeakScenario(orders=40_000), seed=1)
    one_day = run(PeakScenario(orders=2_000, arrival_weights=[1] * 24), seed=1)
    plots.draw_states(figure, small)
    first = plots.render_png(figure)
    background = figure._hb_background
    plots.draw_states(figure, large)  # other y scale, same time axis: the background is reused
    second = plots.render_png(figure)
    assert figure._hb_background is background and second != first
    plots.draw_states(figure, one_day)  # other time axis: a new background
    third = plots.render_png(figure)
    assert figure._hb_background is not background and third not in (first, second)
    plots.draw_states(figure, small)
    assert plots.render_png(figure) == first


def test_series_refuses_other_data():
    with pytest.raises(PolicyInputError):
        plots.series("not a run")


def test_duration_text():
    assert ps.duration_text(timedelta(seconds=600_000_000)) == "166,666 h 40 min"
    assert ps.wait_text(timedelta(0)) == "under 1 min" and ps.wait_text(timedelta(minutes=3)) == "3 min"
    assert ps.duration_text(timedelta(minutes=125)) == "2 h 05 min"
    assert ps.duration_text(timedelta(seconds=75)) == "1 min 15 s"
