"""Build the browser view's basemap: world-atlas TopoJSON -> pre-projected SVG paths (static/world.json).

Run by ``make assets`` after ``npm ci`` in this folder. The input is
``node_modules/world-atlas/countries-110m.json`` (Natural Earth 1:110m Admin 0 countries,
public domain, packaged by Mike Bostock's world-atlas, ISC licence). The output holds one SVG
path per country in an equirectangular projection: ``x = lon + 180``, ``y = 90 - lat``,
clipped at 60°S (Antarctica dropped), so the page can place an event at ``(lon + 180, 90 - lat)``
without a projection library. Coordinates are rounded to 0.1° (about 11 km); the output is
deterministic, so rebuilding gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "node_modules" / "world-atlas" / "countries-110m.json"
TARGET = HERE.parent / "src" / "dateline" / "serve" / "static" / "world.json"
SOUTH = -60.0


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (TopoJSON arcs are quantized and delta-encoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Make longitudes continuous (a ring crossing the antimeridian goes past 180 instead of jumping back)."""
    out: list[tuple[float, float]] = []
    shift = 0.0
    for lon, lat in points:
        if out:
            prev = out[-1][0]
            while lon + shift - prev > 180:
                shift -= 360
            while lon + shift - prev < -180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def path(rings: list[list[tuple[float, float]]]) -> str:
    """SVG path data for the rings; a ring that crosses the antimeridian is drawn twice, 360 degrees apart."""
    parts = []
    for raw in rings:
        points = unwrap(raw)
        copies = [0.0]
        if max(lon for lon, _ in points) > 180:
            copies.append(-360.0)
        if min(lon for lon, _ in points) < -180:
            copies.append(360.0)
        for offset in copies:
            out: list[str] = []
            last = None
            for lon, lat in points:
                xy = (round(lon + offset + 180, 1), round(90 - max(lat, SOUTH), 1))
                if xy != last:
                    out.append(f"{xy[0]:g},{xy[1]:g}")
                    last = xy
            if len(out) >= 3:
                parts.append("M" + "L".join(out) + "Z")
    return "".join(parts)


def main() -> None:
    topology = json.loads(SOURCE.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        if name == "Antarctica" or geometry.get("type") is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [ring(r, arcs) for polygon in polygons for r in polygon]
        d = path(rings)
        if d:
            countries.append({"id": geometry.get("id"), "name": name, "d": d})
    countries.sort(key=lambda c: (c["name"], c["id"] or ""))
    out = {"source": "Natural Earth 1:110m countries (public domain) via world-atlas 2.0.2 (ISC)",
           "projection": "equirectangular: x = lon + 180, y = 90 - lat, clipped at 60S",
           "viewBox": [0, 0, 360, 150], "countries": countries}
    TARGET.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes, {len(countries)} countries)")


if __name__ == "__main__":
    main()
