"""The accessibility check of the browser journeys (issue 15): axe-core, from the pinned dev dependency
`axe-playwright-python` (it ships axe.min.js; nothing is fetched at run time), run on the page the browser
is on against the WCAG 2.0/2.1 level A and AA rules. A serious or critical violation fails the test with
its rule, its impact and the elements it found (decision 0039)."""
from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
# What MOTCUA_AXE_ALL=1 writes to test-output/browser/accessibility-all.txt, for a look beyond the check.
WIDER_TAGS = [*WCAG_TAGS, "wcag22a", "wcag22aa", "best-practice"]


def axe_violations(page, tags: list[str] = WCAG_TAGS) -> list[dict]:
    """axe's violations on the page as it is now. The script is evaluated through the DevTools protocol,
    not added as a <script> element, so the strict Content-Security-Policy neither blocks nor reports it."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]},
    )
    return results["violations"]


def report(name: str, url: str, violations: list[dict]) -> str:
    lines = [f"{name} ({url}):"]
    for v in violations:
        lines.append(f"  {v['id']} [{v['impact']}] {v['help']}")
        for node in v["nodes"]:
            why = " ".join(line.strip() for line in (node.get("failureSummary") or "").splitlines()[1:])
            lines.append(f"    {' '.join(map(str, node['target']))}: {why}")
    return "\n".join(lines)


def blocking_violations(page) -> list[dict]:
    return [v for v in axe_violations(page) if v["impact"] in BLOCKING]


def assert_accessible(page, name: str) -> None:
    """No serious or critical WCAG 2.1 A/AA violation on the page the browser is on."""
    page.wait_for_load_state("networkidle")
    found = blocking_violations(page)
    assert not found, "Accessibility (axe-core, serious/critical) — " + report(name, page.url, found)
