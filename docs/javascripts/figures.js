// Figures and printed outputs wider than the column.
//
// A figure wider than the column (on a phone, figures keep their drawn size: see
// extra.css) gets the class `figure-scrolls`, which shows a "scroll →" cue.
//
// A printed output wraps its lines at every width (extra.css), so the end of a long line
// (a pip command, a list of tokens, a module's printout) is visible without scrolling;
// but a printout whose lines stand in columns keeps them (`output-columns`), since
// wrapping would break its columns: it scrolls instead, and `output-scrolls` adds
// "scroll →" to its "Output" label.
(() => {
  const fits = (box) => box.scrollWidth <= box.clientWidth + 1;

  // Columns: the rows of a tensor or an array (two or more lines that open with "["),
  // or values padded into columns by runs of spaces on two or more lines.
  const inColumns = (text) => {
    const lines = text.split("\n");
    const rows = lines.filter((line) => /^\s*(tensor\(|array\()?\[/.test(line)).length;
    const padded = lines.filter((line) => /\S {2,}\S/.test(line)).length;
    return rows >= 2 || padded >= 2;
  };

  const mark = (target) => {
    if (target.matches(".snippet-figure")) {
      target.classList.toggle("figure-scrolls", !fits(target));
    } else {
      target.closest(".snippet-output")?.classList.toggle("output-scrolls", !fits(target));
    }
  };
  const resized = new ResizeObserver((entries) => entries.forEach(({ target }) => mark(target)));

  document$.subscribe(() => {
    for (const figure of document.querySelectorAll(".snippet-figure")) {
      resized.observe(figure);
      // a lazy image changes the width once it loads
      for (const img of figure.querySelectorAll("img")) {
        img.addEventListener("load", () => mark(figure));
      }
    }
    for (const code of document.querySelectorAll(".snippet-output pre > code")) {
      code.classList.toggle("output-columns", inColumns(code.textContent));
      resized.observe(code);
    }
  });
})();
