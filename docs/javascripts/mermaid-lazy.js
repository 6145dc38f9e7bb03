// Load the self-hosted Mermaid only on pages that draw a diagram.
//
// Material mounts diagrams with the global `mermaid` (initialize, then render), and
// fetches it from a CDN when none exists. This stand-in is that global: it costs nothing
// on pages without a diagram, and on the first render it imports Mermaid's ESM build from
// this site (vendor/mermaid/, which then fetches only the chunks that diagram type
// needs), hands over the configuration, and delegates. It survives instant navigation:
// the page swap keeps this global.
//
// A diagram never shrinks below legible text: Mermaid scales each SVG down to the
// column, so once Material has put it into its (closed) shadow root, we give the SVG a
// minimum width at which its smallest text is `--mermaid-min-text` CSS px (set in
// extra.css: 12 on a wide screen, 11 on a phone). A diagram wider than the column then
// scrolls sideways, and its host gets the class `mermaid-scrolls`, which extra.css turns
// into a visible "scroll →" cue.
//
// Labels typeset math as the prose does ($$...$$: Mermaid's bundled KaTeX, drawn as
// MathML). Mermaid lays a label holding math out as a flex row, which drops the spaces
// around a formula and ignores <br/>; MATH_CSS makes it ordinary text again, in the
// label's colour (Mermaid paints every span #333, invisible on the dark palette). It
// joins Material's themeCSS, so Mermaid measures each label with it too.
(() => {
  const src = new URL("../vendor/mermaid/mermaid.esm.min.mjs", document.currentScript.src).href;
  const MATH_CSS =
    ".label div:has(> .katex){display:block!important;white-space:pre-line!important}" +
    ".label .katex{display:inline-block;color:inherit}.label math{display:inline math}";
  let config = {};
  let loading = null;

  // The smallest font size (in the SVG's own units) of any text in the diagram.
  function smallestFont(svg) {
    const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
    let smallest = Infinity;
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (!text.textContent.trim() || text.parentElement.closest("style")) continue;
      const element = text.parentElement.closest("math") || text.parentElement;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(element).fontSize));
    }
    return Number.isFinite(smallest) ? smallest : 16;
  }

  const scrolling = new ResizeObserver((entries) => {
    for (const { target } of entries) {
      target.classList.toggle("mermaid-scrolls", target.scrollWidth > target.clientWidth + 1);
    }
  });

  function keepLegible(root) {
    const svg = root.querySelector("svg");
    const width = svg?.viewBox.baseVal?.width;
    if (!width) return;
    // width / font = the SVG's width, in units of its smallest text's size
    svg.style.minWidth = `calc(${width / smallestFont(svg)}px * var(--mermaid-min-text, 12))`;
    scrolling.observe(root.host);
  }

  window.mermaid = {
    initialize(options) {
      config = { ...options, themeCSS: (options.themeCSS ?? "") + MATH_CSS };
    },
    async render(...args) {
      loading ??= import(src).then(({ default: real }) => {
        real.initialize(config);
        return real;
      });
      const { svg, bindFunctions } = await (await loading).render(...args);
      // Material calls this with the shadow root, once the diagram is in the page.
      const bind = (root) => {
        bindFunctions?.(root);
        keepLegible(root);
      };
      return { svg, bindFunctions: bind, fn: bind };
    },
  };
})();
