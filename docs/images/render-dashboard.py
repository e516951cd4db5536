#!/usr/bin/env python3
"""Draws a Grafana dashboard JSON as an HTML page: panels where the JSON's gridPos puts them, with their titles,
units, thresholds and one made-up series per query (named by its legend). It is a picture of the shipped layout,
not of Grafana: no query runs. Used for docs/images/grafana-overview.png:

  python3 docs/images/render-dashboard.py helm/store-orchestrator/monitoring/dashboards/platform-overview.json /tmp/overview.html
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1600,2210 \
           --screenshot=docs/images/grafana-overview.png /tmp/overview.html
"""
import html, json, math, random, re, sys

COL, ROW = 1600 / 24, 30
COLORS = ["#73bf69", "#f2cc0c", "#8ab8ff", "#ff780a", "#f2495c", "#5794f2", "#b877d9", "#fade2a"]
STAT_SAMPLES = {"reqps": "0.42 req/s", "percentunit": "97.1%", "s": "3.4 min"}


def legends(panel):
    out = []
    for t in panel.get("targets", []):
        legend = t.get("legendFormat") or t.get("refId", "")
        for label, value in (("action", "create"), ("outcome", "accepted"), ("status", "READY"), ("reason", "CrashLoopBackOff"),
                             ("queue", "store.commands"), ("step", "database"), ("verb", "PATCH"), ("type", "STEP"),
                             ("sweep", "deadline"), ("dry_run", "false"), ("pod", "reaper-0"), ("service", "provisioner-worker")):
            legend = legend.replace("{{" + label + "}}", value)
        out.append(legend)
    return out


def series(seed, n=60):
    rnd = random.Random(seed)
    base, amp = rnd.uniform(0.3, 0.7), rnd.uniform(0.05, 0.25)
    return [max(0.02, min(0.98, base + amp * math.sin(i / rnd.uniform(4, 9) + seed) + rnd.uniform(-0.04, 0.04)))
            for i in range(n)]


def timeseries(panel, w, h):
    bars = panel["fieldConfig"]["defaults"]["custom"].get("drawStyle") == "bars"
    names = legends(panel)
    svg = [f'<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}">']
    for y in range(1, 4):
        svg.append(f'<line x1="0" x2="{w}" y1="{h * y / 4}" y2="{h * y / 4}" stroke="#2c3235"/>')
    for i, name in enumerate(names):
        pts = series(hash(panel["title"] + name) % 1000)
        color = COLORS[i % len(COLORS)]
        if bars:
            bw = w / len(pts)
            for j, v in enumerate(pts):
                if j % 3 == i % 3:
                    svg.append(f'<rect x="{j * bw:.1f}" y="{h * (1 - v * 0.6):.1f}" width="{bw * 0.8:.1f}" '
                               f'height="{h * v * 0.6:.1f}" fill="{color}" opacity="0.8"/>')
        else:
            path = " ".join(f"{j * w / (len(pts) - 1):.1f},{h * (1 - v):.1f}" for j, v in enumerate(pts))
            svg.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="1.5"/>')
    for step in panel["fieldConfig"]["defaults"].get("thresholds", {}).get("steps", [])[1:]:
        svg.append(f'<line x1="0" x2="{w}" y1="{h * 0.15:.1f}" y2="{h * 0.15:.1f}" stroke="{step["color"]}" '
                   f'stroke-dasharray="6 4"/>')
    svg.append("</svg>")
    legend = "".join(f'<span><i style="background:{COLORS[i % len(COLORS)]}"></i>{html.escape(n)}</span>'
                     for i, n in enumerate(names))
    return "".join(svg) + f'<div class="legend">{legend}</div>'


def stat(panel):
    unit = panel["fieldConfig"]["defaults"].get("unit", "short")
    steps = panel["fieldConfig"]["defaults"]["thresholds"]["steps"]
    value = STAT_SAMPLES.get(unit, str(random.Random(panel["title"]).randint(1, 140)))
    if panel["title"].startswith("Reaper leaders"):
        value = "1"
    color = next((s["color"] for s in steps if s["color"] == "green"), steps[0]["color"])
    return f'<div class="stat" style="color:{ {"green": "#73bf69"}.get(color, color)}">{value}</div>'


def render(dashboard):
    cells = []
    height = 0
    for p in dashboard["panels"]:
        g = p["gridPos"]
        x, y, w, h = g["x"] * COL, g["y"] * ROW, g["w"] * COL, g["h"] * ROW
        height = max(height, y + h)
        if p["type"] == "row":
            cells.append(f'<div class="row" style="left:{x}px;top:{y}px;width:{w}px">⌄ {html.escape(p["title"])}</div>')
            continue
        body = stat(p) if p["type"] == "stat" else timeseries(p, int(w - 16), int(h - 64))
        cells.append(f'<div class="panel" style="left:{x + 4}px;top:{y + 4}px;width:{w - 8}px;height:{h - 8}px">'
                     f'<div class="title">{html.escape(p["title"])}</div>{body}</div>')
    variables = " ".join(f'<span class="var">{html.escape(v.get("label", v["name"]))} <b>'
                         f'{"prometheus" if v["type"] == "datasource" else "store-platform"}</b></span>'
                         for v in dashboard["templating"]["list"])
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
body{{margin:0;background:#111217;color:#ccccdc;font:12px 'DejaVu Sans',sans-serif}}
header{{height:56px;display:flex;align-items:center;gap:18px;padding:0 12px;border-bottom:1px solid #2c3235}}
header h1{{font-size:17px;font-weight:500;margin:0;color:#d8d9da}}
.var{{background:#181b1f;border:1px solid #2c3235;padding:5px 8px;border-radius:2px}} .var b{{font-weight:400;color:#8ab8ff}}
.note{{margin-left:auto;color:#8e8e8e;font-size:11px}}
main{{position:relative;height:{height + 10}px}}
.panel{{position:absolute;background:#181b1f;border:1px solid #2c3235;border-radius:3px;padding:6px 8px;box-sizing:border-box;overflow:hidden}}
.title{{font-weight:500;color:#d8d9da;margin-bottom:6px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}}
.row{{position:absolute;font-size:14px;font-weight:500;color:#d8d9da;padding-left:8px;line-height:30px}}
.stat{{font-size:30px;font-weight:500;text-align:center;margin-top:6px}}
.legend{{display:flex;flex-wrap:wrap;gap:4px 12px;margin-top:4px;font-size:11px}} .legend i{{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}}
</style></head><body><header><h1>{html.escape(dashboard["title"])}</h1>{variables}
<span class="note">layout from the shipped JSON · sample data · not a Grafana render</span></header>
<main>{"".join(cells)}</main></body></html>"""


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        page = render(json.load(f))
    with open(sys.argv[2], "w") as f:
        f.write(page)
