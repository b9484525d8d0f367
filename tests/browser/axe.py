"""Shared accessibility check for browser tests: axe-core with zero violations (WCAG 2.1 AA)."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def assert_no_axe_violations(page, context=None):
    """Run axe on the page as it is now; fail with axe's own report when anything is found."""
    results = _axe.run(
        page, context=context, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}
    )
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
