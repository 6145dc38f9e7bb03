// Render every formula with the self-hosted KaTeX. Subscribing to Material's document$
// re-renders after each instant-navigation page swap, not only on the first load.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    // Code is never math. KaTeX skips pre and code by itself; mkdocs-jupyter also keeps
    // each code cell's raw text in a hidden div.clipboard-copy-txt for its copy button,
    // where a `$` would start a formula (and garble what the button copies).
    ignoredClasses: ["clipboard-copy-txt"],
    throwOnError: false,
  });
});
