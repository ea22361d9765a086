"""Charts drawn on the server as SVG (no script, nothing fetched): readable without JavaScript,
with a title and a text label on every bar for screen readers."""

from __future__ import annotations

from markupsafe import Markup, escape


def figures_svg(figures: list[tuple[str, str, float, bool, str]], title: str, width: int = 900) -> Markup:
    """Horizontal bars, one per figure, grouped by what is counted.

    ``figures``: ``(group, label, value, approximate, unit)``. A bar's length is relative to the
    largest value in its group (counts of different things are not put on one scale);
    approximate figures are drawn hatched-light and marked ``≈``.
    """
    if not figures:
        return Markup("")
    groups: dict[str, list[tuple[str, float, bool, str]]] = {}
    for group, label, value, approx, unit in figures:
        groups.setdefault(group, []).append((label, value, approx, unit))
    bar_h, gap, head_h, left, right = 22, 6, 26, 420, 130
    height = 10 + sum(head_h + len(items) * (bar_h + gap) + 8 for items in groups.values())
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="chart-title">',
           f'<title id="chart-title">{escape(title)}</title>',
           '<style>text{font:13px system-ui,sans-serif;fill:#1d2330}.g{font-weight:600}.v{font-variant-numeric:tabular-nums}</style>']
    y = 10
    for group, items in groups.items():
        out.append(f'<text class="g" x="0" y="{y + 16}">{escape(_cut(group, 110))}</text>')
        y += head_h
        top = max(v for _, v, _, _ in items) or 1
        for label, value, approx, unit in items:
            length = max(2, round((width - left - right) * value / top))
            fill = "#8fb3e0" if approx else "#0b5cad"
            number = f"{value:,.0f}".replace(",", "\u2009") if value == int(value) else f"{value:g}"
            shown = ("≈ " if approx else "") + number + (f" {unit}" if unit else "")
            out.append(f'<g><title>{escape(label)}: {escape(shown)}</title>'
                       f'<text x="0" y="{y + 15}">{escape(_cut(label, 60))}</text>'
                       f'<rect x="{left}" y="{y}" width="{length}" height="{bar_h}" fill="{fill}" rx="2"/>'
                       f'<text class="v" x="{left + length + 6}" y="{y + 15}">{escape(shown)}</text></g>')
            y += bar_h + gap
        y += 8
    out.append("</svg>")
    return Markup("".join(out))


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
