// Load the self-hosted Mermaid only on pages that draw a diagram.
//
// Material mounts diagrams with the global `mermaid` (initialize, then render), and
// fetches it from a CDN when none exists. This stand-in is that global: it costs nothing
// on pages without a diagram, and on the first render it imports Mermaid's ESM build from
// this site (vendor/mermaid/, which then fetches only the chunks that diagram type
// needs), hands over the configuration, and delegates. It survives instant navigation:
// the page swap keeps this global.
(() => {
  const src = new URL("../vendor/mermaid/mermaid.esm.min.mjs", document.currentScript.src).href;
  let config = {};
  let loading = null;
  window.mermaid = {
    initialize(options) {
      config = options;
    },
    async render(...args) {
      loading ??= import(src).then(({ default: real }) => {
        real.initialize(config);
        return real;
      });
      return (await loading).render(...args);
    },
  };
})();
