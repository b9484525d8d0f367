"""Tables shared by the page, its charts and the CSV/XLSX exports, so all three show the same numbers."""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.formats import number_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    is_number: bool = True


@dataclass
class Table:
    """A titled table: `rows` are lists of cell values in column order; row headers are the first column."""

    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    note: str = ""
    chart_column: str = ""  # key of the numeric column drawn beside the table, if any
    names: list = field(default_factory=list)  # the initiatives behind the figure (first ones)
    names_total: int = 0

    def add(self, *cells):
        self.rows.append(list(cells))

    def column_index(self, key):
        return next(i for i, column in enumerate(self.columns) if column.key == key)

    def value(self, row_label, column_key):
        """The cell in the row whose first cell is row_label (used by tests and exports)."""
        index = self.column_index(column_key)
        return next(row[index] for row in self.rows if str(row[0]) == str(row_label))

    @cached_property
    def display_rows(self):
        """Rows of (text, is_number) with Dutch number formats ("1.234", "49,0")."""
        return [
            [(display(cell), column.is_number) for cell, column in zip(row, self.columns, strict=True)]
            for row in self.rows
        ]

    @cached_property
    def chart_description(self):
        """The chart's text alternative: every bar's label and value."""
        return "; ".join(f"{bar['full_label']}: {bar['value']}" for bar in self.bars)

    @cached_property
    def bars(self):
        return self.chart()

    def render_ahead(self):
        """Format the cells and bars now, so that a cached table renders without formatting numbers again."""
        return self.display_rows, self.bars, self.chart_description

    def chart(self, bar_width=200, row_height=26, label_width=215):
        """Bars for the chart column, scaled to the largest value, with their SVG positions."""
        if not self.chart_column or not self.rows:
            return []
        index = self.column_index(self.chart_column)
        values = [float(row[index] or 0) for row in self.rows]
        largest = max(values) or 1
        bars = []
        for position, (row, value) in enumerate(zip(self.rows, values, strict=True)):
            label = str(row[0])
            width = round(bar_width * value / largest)
            bars.append(
                {
                    "full_label": label,
                    "label": label if len(label) <= 26 else label[:25] + "…",
                    "value": display(row[index]),
                    "width": width,
                    "y": position * row_height + 4,
                    "text_y": position * row_height + 18,
                    "value_x": label_width + width + 6,
                }
            )
        return bars

    @property
    def chart_label(self):
        return self.columns[self.column_index(self.chart_column)].label if self.chart_column else ""

    @property
    def chart_height(self):
        return len(self.rows) * 26 + 8


def share(part, whole):
    """part/whole as a percentage with one decimal, or None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def rounded(value, places="0.1"):
    return None if value is None else Decimal(str(value)).quantize(Decimal(places))


def display(value):
    if value is None:
        return _("niet beschikbaar")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, Decimal | float):
        return number_format(value, decimal_pos=1, force_grouping=True)
    return str(value)
