"""The trend chart and the sparkline: server-made SVG for zero, one and many points, with
words for screen readers and never colour alone."""

import re
from datetime import date

import pytest
from django.template.loader import render_to_string

from indicators.charts import nice_ticks, sparkline, trend_chart
from tests.indicators.figures import F


def months(count: int) -> list[F]:
    """`count` monthly figures from April 2006, actual rising, target flat, a comparator."""
    figures = []
    for i in range(count):
        year, month = 2006 + (3 + i) // 12, (3 + i) % 12 + 1
        end = date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
        figures.append(
            F(
                f"M{i + 1}",
                date.fromordinal(end),
                actual=str(70 + i),
                target="75",
                comparator=str(68 + i / 2),
                comparator_label="England average",
            )
        )
    return figures


def render_chart(chart) -> str:
    return render_to_string("components/trend_chart.html", {"chart": chart, "id": "trend"})


def test_a_chart_of_no_figures_says_so_in_words():
    chart = trend_chart("NI 59", "%", [])
    assert chart.empty
    html = render_chart(chart)
    assert "<svg" not in html
    assert "NI 59 has no figures that are numbers to chart yet." in html


def test_a_chart_of_words_only_lists_what_it_could_not_chart():
    chart = trend_chart("SC 5026", "%", [F("March 06", date(2006, 3, 31), actual="Up to 50%")])
    assert chart.empty
    assert chart.not_plotted == ["Up to 50% (actual, March 06)"]


def test_a_chart_of_one_point():
    chart = trend_chart("CF/ C64", "%", [F("March 06", date(2006, 3, 31), actual="76")])
    assert not chart.empty
    [actual] = chart.series
    [point] = actual.points
    assert point.x == pytest.approx((chart.left + chart.right) / 2)  # centred
    assert chart.top < point.y < chart.bottom
    assert [t.label for t in chart.x_ticks] == ["March 06"]
    assert len(chart.y_ticks) >= 2  # a single value still gets an axis
    html = render_chart(chart)
    assert 'role="img"' in html and 'aria-labelledby="trend-title trend-desc"' in html
    assert "<polyline" not in html  # no line through a single point
    assert html.count("<circle") == 2  # the point and its legend marker
    assert "Actual: 76 in March 06." in chart.description


def test_a_chart_of_many_points_has_labelled_axes_legend_and_markers():
    figures = months(24)
    chart = trend_chart("DIS 1704", "%", figures)
    assert [s.key for s in chart.series] == ["actual", "target", "comparator"]
    assert [s.name for s in chart.series] == ["Actual", "Target", "England average"]
    # Each series has its own marker and line pattern, not only its own colour.
    assert len({s.marker for s in chart.series}) == 3
    assert len({s.dash for s in chart.series}) == 3
    assert all(len(s.points) == 24 for s in chart.series)
    xs = [p.x for p in chart.series[0].points]
    assert xs == sorted(xs) and chart.left < xs[0] and xs[-1] < chart.right
    # At most six period labels, always including the last.
    assert len(chart.x_ticks) <= 7 and chart.x_ticks[-1].label == "M24"
    # Too many points to write every value.
    assert not chart.series[0].show_labels
    lows = [t.label for t in chart.y_ticks]
    assert float(lows[0]) <= 68 and float(lows[-1].replace(",", "")) >= 93
    assert "Actual: 24 periods, from 70 in M1 to 93 in M24" in chart.description
    html = render_chart(chart)
    assert '<title id="trend-title">Trend of DIS 1704</title>' in html
    assert ">Period</text>" in html and ">%</text>" in html  # both axes labelled
    assert html.count("<polyline") == 3
    assert 'stroke-dasharray="6 4"' in html and 'stroke-dasharray="2 3"' in html
    assert html.count("<rect") == 25 and html.count("<path") == 25  # markers + legend
    # Coordinates are written with a decimal point whatever the locale.
    assert not re.search(r'(?:x|y|cx|cy)="\d+,\d', html)


def test_words_are_listed_beside_the_chart_not_plotted():
    figures = [
        F("March 06", date(2006, 3, 31), actual="89.5% (19/20)"),
        F("March 07", date(2007, 3, 31), target="100"),
    ]
    chart = trend_chart("SC 5037", "%", figures)
    assert [s.key for s in chart.series] == ["target"]
    assert chart.not_plotted == ["89.5% (19/20) (actual, March 06)"]
    assert "Not charted, as they are words rather than numbers: 89.5% (19/20)" in render_chart(
        chart
    )


def test_labels_of_an_actual_and_a_target_in_one_period_do_not_overlap():
    chart = trend_chart("X", "", [F("March 07", date(2007, 3, 31), actual="74.1", target="75")])
    actual, target = chart.series
    assert actual.points[0].label_y > actual.points[0].y  # below: it is the lower
    assert target.points[0].label_y < target.points[0].y
    assert chart.y_label == "Value"  # no unit given


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 100, [0, 25, 50, 75, 100]),
        (70.1, 75, [70, 72, 74, 76]),
        (76, 76, [65, 70, 75, 80, 85]),  # one value: widened by 10%
        (0, 0, [-1, -0.5, 0, 0.5, 1]),
        (-3.5, 2, [-4, -2, 0, 2]),
        (175, 220, [160, 180, 200, 220]),
    ],
)
def test_nice_ticks(low, high, expected):
    assert nice_ticks(low, high) == pytest.approx(expected)


def render_spark(spark) -> str:
    return render_to_string("components/sparkline.html", {"spark": spark, "id": "spark-1"})


def test_a_sparkline_of_no_figures_is_words():
    spark = sparkline([F("March 06", date(2006, 3, 31), actual="New indicator")])
    assert spark.points == [] and spark.last is None
    assert render_spark(spark).strip() == '<span class="app-muted">No trend yet</span>'


def test_a_sparkline_of_one_point_is_a_dot_in_the_middle():
    spark = sparkline([F("March 06", date(2006, 3, 31), actual="76")])
    [point] = spark.points
    assert (point.x, point.y) == (spark.width / 2, spark.height / 2)
    html = render_spark(spark)
    assert (
        'role="img"' in html and '<title id="spark-1-title">Actuals: 76 in March 06</title>' in html
    )
    assert "<polyline" not in html and "<circle" in html


def test_a_sparkline_of_many_points_spans_its_box():
    spark = sparkline(list(reversed(months(12))))  # any order: drawn oldest first
    assert len(spark.points) == 12
    assert spark.points[0].x < spark.points[-1].x
    assert spark.points[0].y > spark.points[-1].y  # rising actuals go up
    assert all(0 <= p.y <= spark.height and 0 <= p.x <= spark.width for p in spark.points)
    assert spark.label.startswith("Actuals: 70 in M1, 71 in M2")
    assert "<polyline" in render_spark(spark)
