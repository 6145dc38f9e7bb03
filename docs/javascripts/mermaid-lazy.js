// Load the self-hosted Mermaid only on pages that draw a diagram.
//
// Material mounts diagrams with the global `mermaid` (initialize, then render), and
// fetches it from a CDN when none exists. This stand-in is that global: it costs nothing
// on pages without a diagram, and on the first render it loads vendor/mermaid from this
// site, hands over the configuration, and delegates. After a page swap (instant
// navigation) the same stand-in, or the real Mermaid once loaded, is found.
(() => {
  const src = new URL("../vendor/mermaid/mermaid.min.js", document.currentScript.src).href;
  let config = {};
  let loading = null;
  const stub = {
    initialize(options) {
      config = options;
    },
    async render(...args) {
      loading ??= new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = () => {
          const real = window.mermaid; // the file defines the real global
          real.initialize(config);
          resolve(real);
        };
        script.onerror = () => reject(new Error(`could not load ${src}`));
        document.head.append(script);
      });
      return (await loading).render(...args);
    },
  };
  window.mermaid = stub;
})();
