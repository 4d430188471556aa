#!/usr/bin/env python3
"""Draws the side-by-side comparison of a benchmarks/run.sh result directory as an SVG bar chart (no dependencies).

Usage: chart.py <result-dir> <out.svg>

One group of horizontal bars per scenario (median ns/op, logarithmic axis): the baseline of the same shape in grey,
quarkus-retry in blue, the peers in orange, each bar labelled with its time.
"""
import math
import sys
from xml.sax.saxutils import escape

from report import load_jmh, fmt_ns

BASELINE, OURS, PEER = "#9e9e9e", "#1f6fb2", "#e07b24"

GROUPS = [
    ("Synchronous call, success", [
        ("noop_sync", "no-op interceptor", BASELINE),
        ("retry_sync", "quarkus-retry", OURS),
        ("retryGuarded_sync", "quarkus-retry, budget + breaker", OURS),
        ("resilience4j_sync", "Resilience4j Retry", PEER),
        ("smallryeFt_sync", "SmallRye FT @Retry", PEER),
    ]),
    ("Uni, success (subscribed and awaited)", [
        ("noop_uni", "no-op interceptor", BASELINE),
        ("retry_uni", "quarkus-retry", OURS),
        ("mutiny_uni", "Mutiny retry().atMost(2)", PEER),
        ("smallryeFt_uni", "SmallRye FT @Retry", PEER),
    ]),
    ("Synchronous call, 2 failures then success, zero wait", [
        ("noop_handLoop2Fail", "hand-written loop", BASELINE),
        ("retry_sync2Fail", "quarkus-retry", OURS),
        ("resilience4j_sync2Fail", "Resilience4j Retry", PEER),
        ("smallryeFt_sync2Fail", "SmallRye FT @Retry", PEER),
    ]),
    ("Uni, 2 failures then success, zero wait", [
        ("retry_uni2Fail", "quarkus-retry", OURS),
        ("mutiny_uni2Fail", "Mutiny retry().atMost(2)", PEER),
        ("smallryeFt_uni2Fail", "SmallRye FT @Retry", PEER),
    ]),
]

WIDTH, LABEL_W, RIGHT_PAD = 900, 250, 70
BAR_H, BAR_GAP, GROUP_TITLE_H, GROUP_GAP, TOP, AXIS_H = 18, 6, 24, 14, 40, 30
LOW, HIGH = 1.0, 10_000.0  # ns, the logarithmic axis


def x_of(ns):
    span = WIDTH - LABEL_W - RIGHT_PAD
    return LABEL_W + span * (math.log10(max(ns, LOW)) - math.log10(LOW)) / (math.log10(HIGH) - math.log10(LOW))


def draw(jmh, title):
    rows = []  # (y, kind, payload)
    y = TOP
    for group, bars in GROUPS:
        present = [(key, label, color) for key, label, color in bars if key in jmh]
        if not present:
            continue
        rows.append((y, "title", group))
        y += GROUP_TITLE_H
        for key, label, color in present:
            rows.append((y, "bar", (label, color, jmh[key]["score"])))
            y += BAR_H + BAR_GAP
        y += GROUP_GAP
    height = y + AXIS_H
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
           f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">'
           f'{escape(title)}</text>']
    decade = LOW
    while decade <= HIGH:
        x = x_of(decade)
        svg.append(f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - AXIS_H + 4}" stroke="#dddddd"/>')
        svg.append(f'<text x="{x:.1f}" y="{height - AXIS_H + 18}" text-anchor="middle" fill="#555555">'
                   f'{decade:,.0f} ns</text>')
        decade *= 10
    for y, kind, payload in rows:
        if kind == "title":
            svg.append(f'<text x="8" y="{y + 15}" font-weight="bold">{escape(payload)}</text>')
            continue
        label, color, ns = payload
        x0, x1 = x_of(LOW), x_of(ns)
        svg.append(f'<text x="{LABEL_W - 8}" y="{y + 13}" text-anchor="end">{escape(label)}</text>')
        svg.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(1.0, x1 - x0):.1f}" height="{BAR_H}" fill="{color}"/>')
        svg.append(f'<text x="{x1 + 5:.1f}" y="{y + 13}">{fmt_ns(ns)} ns</text>')
    svg.append("</svg>")
    return "\n".join(svg) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    directory, target = sys.argv[1], sys.argv[2]
    jmh = load_jmh(directory)
    if not jmh:
        sys.exit(f"no JMH results in {directory}/jmh")
    with open(target, "w") as f:
        f.write(draw(jmh, "Median time per call (ns, logarithmic): quarkus-retry and its peers, one JVM per row"))


if __name__ == "__main__":
    main()
