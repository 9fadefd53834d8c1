"""axe-core in the page: the pinned copy from node_modules (package.json, `make test-browser`
installs it) is injected into whatever the page shows now and run; serious and critical
violations fail the test, each named by its rule, its elements and axe's summary.

Reusable for any page (the diner's pages too): `assert_no_serious_violations(page, "what")`."""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The pages' CSP allows scripts from their own origin only (no inline script): axe is served at a
# path of that origin by the test's browser itself, so the page runs under its real policy.
AXE_PATH = "/__test__/axe.min.js"
SERIOUS = ("serious", "critical")


def axe_violations(page: Page) -> list[dict]:
    """axe's violations of WCAG 2.x A/AA (and best practices) in the page as it stands."""
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` (make test-browser does)"
    if not page.evaluate("() => Boolean(window.axe)"):
        page.route(f"**{AXE_PATH}", lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
        page.add_script_tag(url=AXE_PATH)
    return page.evaluate(
        """async () => {
            const result = await window.axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => ({impact: n.impact, target: n.target.join(" "), summary: n.failureSummary})),
            }));
        }"""
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def serious_violations(page: Page) -> list[dict]:
    return [v for v in axe_violations(page) if v["impact"] in SERIOUS]


def assert_no_serious_violations(page: Page, state: str) -> None:
    found = serious_violations(page)
    assert not found, f"axe-core, {state}: serious or critical violations\n{describe(found)}"
