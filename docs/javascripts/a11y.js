// Accessibility fixes that markup alone cannot make (issue #27; tests/test_accessibility.py).
// - Material's search dialog has role="dialog" but no name: it gets one.
// - A region that scrolls (a long output line, a notebook's code, a wide table or formula)
//   must be reachable from the keyboard, or its hidden part cannot be scrolled into view
//   without a mouse: each one that has nothing focusable inside becomes a tab stop.
// Runs on every page, again after instant navigation (Material's document$) and when the
// page's size changes (a diagram drawn, a phone turned, a zoom): what scrolls depends on it.
(() => {
  const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  function nameTheSearch() {
    const search = document.querySelector(".md-search[role='dialog']");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
  }

  function scrolls(node, style) {
    const x = node.scrollWidth > node.clientWidth + 1 && /auto|scroll/.test(style.overflowX);
    const y = node.scrollHeight > node.clientHeight + 1 && /auto|scroll/.test(style.overflowY);
    return x || y;
  }

  function reachScrollRegions() {
    const content = document.querySelector(".md-content");
    if (!content) return;
    for (const node of content.querySelectorAll("*")) {
      // Sizes first (cheap once laid out); the computed style only for what overflows.
      if (node.scrollWidth <= node.clientWidth + 1 && node.scrollHeight <= node.clientHeight + 1) continue;
      if (node.hasAttribute("tabindex") || node.querySelector(FOCUSABLE)) continue;
      if (!scrolls(node, getComputedStyle(node))) continue;
      node.setAttribute("tabindex", "0");
      node.setAttribute("data-a11y-scroll", "");
    }
  }

  // Once the layout settles: after the page's own scripts (math, diagrams, widgets) have
  // drawn, and after each change of the page's size.
  let timer = 0;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(reachScrollRegions, 100);
  };
  const resize = new ResizeObserver(later);

  document$.subscribe(() => {
    nameTheSearch();
    later();
    resize.disconnect();
    resize.observe(document.body);
  });
})();
