"""Server-made SVG charts of an indicator's figures: the PI page's trend chart and the PI
table's sparkline. This module does the arithmetic (positions, ticks, words for screen
readers); templates/components/trend_chart.html and sparkline.html draw the result, so the
same chart renders in the browser and in a PDF, with no JavaScript.

Colour is never the only signal: each series has its own marker shape and line pattern, a
legend names them, and the figures are also in a table beneath the chart.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.rag import Figure
from indicators.values import format_number

# GOV.UK colours; each is at least 3:1 against white, as WCAG asks of graphics.
SERIES_STYLES = {
    # key: (name, colour, marker, stroke-dasharray)
    "actual": ("Actual", "#1d70b8", "circle", ""),
    "target": ("Target", "#0b0c0c", "square", "6 4"),
    "comparator": ("Comparator", "#6f3a9e", "triangle", "2 3"),
}
MAX_X_LABELS = 6
MAX_POINT_LABELS = 12


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    text: str  # the value as written
    period: str
    label_below: bool = False  # where its value is written, clear of the other series

    @property
    def label_y(self) -> float:
        return self.y + 24 if self.label_below else self.y - 12

    @property
    def square(self) -> tuple[float, float]:
        """The top left corner of an 8 x 8 square marker centred on the point."""
        return self.x - 4, self.y - 4

    @property
    def triangle(self) -> str:
        """The path of a triangle marker centred on the point."""
        x, y = self.x, self.y
        return f"M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 4:.1f} L{x - 5:.1f},{y + 4:.1f} Z"


@dataclass(frozen=True)
class Series:
    key: str
    name: str
    colour: str
    marker: str
    dash: str
    points: list[Point]
    show_labels: bool

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class TrendChart:
    title: str
    description: str
    y_label: str
    x_label: str = "Period"
    width: int = 720
    height: int = 380
    left: int = 72
    right: int = 700
    top: int = 48
    bottom: int = 300
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    not_plotted: list[str] = field(default_factory=list)  # words, with their periods

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)

    @property
    def plot_width(self) -> int:
        return self.right - self.left

    @property
    def plot_height(self) -> int:
        return self.bottom - self.top

    # Where the labels go, so that the template does no arithmetic.
    @property
    def centre_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def centre_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def x_tick_end(self) -> int:
        return self.bottom + 6

    @property
    def x_tick_label_y(self) -> int:
        return self.bottom + 26

    @property
    def x_label_y(self) -> int:
        return self.bottom + 62

    @property
    def y_tick_label_x(self) -> int:
        return self.left - 8

    @property
    def legend(self) -> list["LegendItem"]:
        """Each series' legend item, in a row above the plot: a stretch of its line with its
        marker, then its name."""
        items, x = [], float(self.left)
        for series in self.series:
            items.append(LegendItem(series, x, Point(x + 14, 18, series.name, "")))
            x += 56 + 9 * len(series.name)
        return items


@dataclass(frozen=True)
class LegendItem:
    series: Series
    x: float
    marker: Point

    @property
    def line_end(self) -> float:
        return self.x + 28

    @property
    def text_x(self) -> float:
        return self.x + 36


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round numbers spanning [low, high], about ``count`` of them (1, 2, 2.5 or 5 x 10^n
    apart). Equal bounds are widened, so a single value still gets an axis."""
    if low > high:
        low, high = high, low
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    ticks, value = [], first
    while value <= last + step / 2:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _tick_label(value: float, ticks: list[float]) -> str:
    """A tick's number with as many decimal places as the step between ticks needs."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    decimals = f"{step:.10f}".rstrip("0").split(".")[1]
    return format_number(Decimal(f"{value:.{len(decimals)}f}"))


def _numbers(figures: Sequence[Figure], key: str) -> list[tuple[Figure, Decimal]]:
    return [
        (f, getattr(f, f"{key}_number")) for f in figures if getattr(f, f"{key}_number") is not None
    ]


def trend_chart(ref: str, unit: str, figures: Sequence[Figure]) -> TrendChart:
    """The trend of an indicator's actuals, targets and comparators, period by period (the
    periods evenly spaced, in order). Figures that are words are listed in ``not_plotted``."""
    figures = sorted(figures, key=lambda f: f.period_end)
    chart = TrendChart(title=f"Trend of {ref}", description="", y_label=unit or "Value")
    numbers = {key: _numbers(figures, key) for key in SERIES_STYLES}
    periods = sorted(
        {f.period_end: f for pts in numbers.values() for f, _ in pts}.values(),
        key=lambda f: f.period_end,
    )
    not_plotted = [
        f"{getattr(f, key)} ({SERIES_STYLES[key][0].lower()}, {f.period})"
        for f in figures
        for key in SERIES_STYLES
        if getattr(f, key) and getattr(f, f"{key}_number") is None
    ]
    if not periods:
        return TrendChart(
            title=chart.title,
            description=f"{ref} has no figures that are numbers to chart yet.",
            y_label=chart.y_label,
            not_plotted=not_plotted,
        )
    values = [float(v) for pts in numbers.values() for _, v in pts]
    # A little room above and below, so that no point sits on the edge of the plot.
    margin = (max(values) - min(values)) * 0.05
    ticks = nice_ticks(min(values) - margin, max(values) + margin)
    low, high = ticks[0], ticks[-1]

    def y_of(value: Decimal) -> float:
        return chart.bottom - (float(value) - low) / (high - low) * chart.plot_height

    slot = chart.plot_width / len(periods)
    x_of = {f.period_end: chart.left + slot * (i + 0.5) for i, f in enumerate(periods)}
    every = math.ceil(len(periods) / MAX_X_LABELS)
    x_ticks = [
        Tick(x_of[f.period_end], f.period)
        for i, f in enumerate(periods)
        if i % every == 0 or i == len(periods) - 1
    ]
    series = []
    for key, (name, colour, marker, dash) in SERIES_STYLES.items():
        pts = numbers[key]
        if not pts:
            continue
        if key == "comparator":
            name = next((f.comparator_label for f, _ in reversed(pts) if f.comparator_label), name)
        series.append(
            Series(
                key=key,
                name=name,
                colour=colour,
                marker=marker,
                dash=dash,
                points=[
                    Point(
                        x_of[f.period_end],
                        y_of(v),
                        getattr(f, key),
                        f.period,
                        label_below=_label_below(key, f),
                    )
                    for f, v in pts
                ],
                show_labels=key != "comparator" and len(pts) <= MAX_POINT_LABELS,
            )
        )
    return TrendChart(
        title=chart.title,
        description=_describe(ref, unit, series, not_plotted),
        y_label=chart.y_label,
        x_ticks=x_ticks,
        y_ticks=[Tick(y_of(Decimal(str(t))), _tick_label(t, ticks)) for t in ticks],
        series=series,
        not_plotted=not_plotted,
    )


def _label_below(key: str, figure: Figure) -> bool:
    """Of an actual and a target in the same period, the higher one's value is written above
    its marker and the lower one's below, so that the two never overlap."""
    actual, target = figure.actual_number, figure.target_number
    if actual is None or target is None:
        return False
    return actual < target if key == "actual" else target <= actual


def _describe(ref: str, unit: str, series: list[Series], not_plotted: list[str]) -> str:
    """What the chart shows, in a sentence or two, for screen readers."""
    unit_words = f" ({unit})" if unit else ""
    parts = []
    for s in series:
        first, last = s.points[0], s.points[-1]
        if len(s.points) == 1:
            parts.append(f"{s.name}: {first.text} in {first.period}")
        else:
            parts.append(
                f"{s.name}: {len(s.points)} periods, from {first.text} in {first.period} "
                f"to {last.text} in {last.period}"
            )
    text = f"{ref}{unit_words} by period. " + "; ".join(parts) + "."
    if not_plotted:
        text += " Not charted, as they are words: " + "; ".join(not_plotted) + "."
    return text + " Every figure is in the table below."


@dataclass(frozen=True)
class Sparkline:
    label: str
    points: list[Point]
    width: int = 96
    height: int = 24

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def last(self) -> Point | None:
        return self.points[-1] if self.points else None


def sparkline(figures: Sequence[Figure], width: int = 96, height: int = 24) -> Sparkline:
    """A small line of the actuals that are numbers, oldest first, with words for screen
    readers ("Actuals: 70.1 in March 06, 75 in March 07")."""
    pts = _numbers(sorted(figures, key=lambda f: f.period_end), "actual")
    if not pts:
        return Sparkline("No actuals that are numbers yet", [], width, height)
    values = [float(v) for _, v in pts]
    low, high = min(values), max(values)
    pad = 3
    span = high - low

    def y_of(value: float) -> float:
        if span == 0:
            return height / 2
        return height - pad - (value - low) / span * (height - 2 * pad)

    step = (width - 2 * pad) / (len(pts) - 1) if len(pts) > 1 else 0
    points = [
        Point(pad + step * i if len(pts) > 1 else width / 2, y_of(float(v)), f.actual, f.period)
        for i, (f, v) in enumerate(pts)
    ]
    label = "Actuals: " + ", ".join(f"{p.text} in {p.period}" for p in points)
    return Sparkline(label, points, width, height)
