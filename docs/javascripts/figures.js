// A figure wider than the column (on a phone, figures keep their drawn size: see
// extra.css) gets the class `figure-scrolls`, which shows a "scroll →" cue.
(() => {
  const scrolls = new ResizeObserver((entries) => {
    for (const { target } of entries) {
      target.classList.toggle("figure-scrolls", target.scrollWidth > target.clientWidth + 1);
    }
  });
  document$.subscribe(() => {
    for (const figure of document.querySelectorAll(".snippet-figure")) {
      scrolls.observe(figure);
      // a lazy image changes the width once it loads
      for (const img of figure.querySelectorAll("img")) {
        img.addEventListener("load", () => {
          figure.classList.toggle("figure-scrolls", figure.scrollWidth > figure.clientWidth + 1);
        });
      }
    }
  });
})();
