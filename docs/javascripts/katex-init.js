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
  keepPunctuationWithMath(body);
});

// A formula is a box the browser may break a line after, so a ":" or "," right after
// it could start the next line on its own. Wrap each formula with the punctuation
// that follows it in a span that does not break.
function keepPunctuationWithMath(body) {
  for (const math of body.querySelectorAll("span.arithmatex")) {
    const next = math.nextSibling;
    if (math.parentElement.classList.contains("math-nowrap")) continue;
    if (!next || next.nodeType !== Node.TEXT_NODE) continue;
    const punctuation = next.data.match(/^[:;,.!?)\]]+/);
    if (!punctuation) continue;
    next.data = next.data.slice(punctuation[0].length);
    const keep = document.createElement("span");
    keep.className = "math-nowrap";
    math.replaceWith(keep);
    keep.append(math, punctuation[0]);
  }
}
