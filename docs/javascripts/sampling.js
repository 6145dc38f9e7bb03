// The sampling widget (docs/output_head.md): brings each
// <div class="snipexec-widget" data-type="tested-transformer.sampling"> to life.
//
// The build puts into the page (snippets/output_head/sampling_widget.py), per prompt, the
// N likeliest next-token logits of SmolLM2 as float32 bytes in base64 (largest first),
// their labels, and log_Z: the log of the softmax's denominator over the whole vocabulary
// at each temperature of the slider. The widget computes what the page's Python function
// sample_distribution() computes, in the same order and in float64 as it does:
// transformers' TemperatureLogitsWarper (z / T), TopKLogitsWarper (keep z >= the k-th
// largest) and TopPLogitsWarper (sort ascending, drop the tokens whose cumulative
// probability is <= 1 - p, never the likeliest), then softmax over the survivors. Top-k
// stops at N, so every token that can survive is in the data and every number is exact.
// The result is also written into data attributes (data-survivors, data-entropy,
// data-kept-mass on the widget; data-p, data-p-t on each bar) for the browser test.
// No framework, nothing loaded from elsewhere; started from Material's document$, so it
// runs again after each instant-navigation page swap (and only once per widget).
(() => {
  const TYPE = "tested-transformer.sampling";
  const ROWS = 15; // bars drawn: the likeliest tokens
  const LISTED = 30; // survivors named in the sentence under the bars

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  }

  // float32 little-endian bytes in base64 -> numbers (exactly the float32 values)
  function decodeLogits(base64) {
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    const view = new DataView(bytes.buffer);
    return Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(4 * i, true));
  }

  // The numbers sample_distribution(z, T, top_k, top_p) gives, for the N likeliest
  // logits z (largest first) and log_Z = logsumexp(all logits / T).
  function sampleDistribution(z, T, topK, topP, logZ) {
    const s = z.map((v) => v / T); // temperature
    const kth = s[Math.min(topK, s.length) - 1];
    let kept = 0; // top-k: s is sorted, so the kept tokens are a prefix
    while (kept < s.length && s[kept] >= kth) kept++;
    const max = s[0];
    const softmax = (n) => {
      const e = s.slice(0, n).map((v) => Math.exp(v - max));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / sum);
    };
    // top-p: cumulative probability from the least likely kept token upwards
    const pk = softmax(kept);
    let survive = kept;
    let cumulative = 0;
    for (let j = kept - 1; j > 0; j--) {
      cumulative += pk[j];
      if (cumulative <= 1 - topP) survive = j;
      else break;
    }
    const q = softmax(survive); // what is sampled from; 0 for the others
    const pT = s.map((v) => Math.exp(v - logZ)); // temperature alone, all tokens
    const entropy = -q.reduce((h, v) => h + v * Math.log2(Math.max(v, 1e-30)), 0);
    const keptMass = pT.slice(0, survive).reduce((a, b) => a + b, 0);
    return { q, pT, kept, survive, entropy, keptMass };
  }

  function mount(root, data) {
    const prompts = data.prompts.map((p) => ({ ...p, z: decodeLogits(p.logits) }));
    const temps = data.temperatures;
    const start = data.start;
    const uid = `sampling-${Math.random().toString(36).slice(2, 8)}`;

    const promptSelect = el("select", { id: `${uid}-prompt` });
    prompts.forEach((p, index) =>
      promptSelect.append(el("option", { value: String(index), text: p.text.replace(/\n\s*/g, " ⏎ ") })),
    );
    const slider = (name, min, max, step, value) =>
      el("input", { type: "range", id: `${uid}-${name}`, min, max, step, value: String(value) });
    const tInput = slider("t", temps[0], temps[temps.length - 1], 0.05, start.T);
    const kInput = slider("k", 1, data.N, 1, start.top_k);
    const pInput = slider("p", 0.05, 1, 0.05, start.top_p);
    const outputs = {};
    const field = (text, control, key) => {
      const parts = [el("span", { class: "sampling-name", text })];
      if (key) {
        outputs[key] = el("output", { for: control.id, class: "sampling-value" });
        parts.push(outputs[key]);
      }
      return el("label", { class: `sampling-field sampling-field-${key || "prompt"}`, for: control.id },
        el("span", { class: "sampling-label" }, ...parts), control);
    };
    const controls = el(
      "div",
      { class: "sampling-controls" },
      field("Prompt", promptSelect),
      field("Temperature T", tInput, "t"),
      field(`top-k (1 to ${data.N})`, kInput, "k"),
      field("top-p", pInput, "p"),
    );
    const summary = el("p", { class: "sampling-summary", "aria-live": "polite", "aria-atomic": "true" });
    const legend = el(
      "p",
      { class: "sampling-legend" },
      // each key stays with its words when the line wraps
      el("span", {}, el("span", { class: "sampling-key sampling-key-q", "aria-hidden": "true" }),
        " sampled from (after top-k and top-p)"),
      el("span", {}, el("span", { class: "sampling-key sampling-key-t", "aria-hidden": "true" }),
        ` at T over all ${data.vocab.toLocaleString("en")} tokens, before any cut`),
    );
    const bars = el("ol", { class: "sampling-bars", "aria-label": `The ${ROWS} likeliest next tokens` });
    const survivors = el("p", { class: "sampling-survivors" });
    const note = el("p", {
      class: "sampling-note",
      text:
        `The widget carries the ${data.N} likeliest of the ${data.vocab.toLocaleString("en")} tokens, ` +
        `so top-k goes up to ${data.N}: every number here is the one sample_distribution() prints.`,
    });

    // The JSON stays (tests and other scripts read it); the fallback figure steps aside.
    for (const child of root.children) if (child.tagName !== "SCRIPT") child.hidden = true;
    root.append(el("div", { class: "sampling" }, controls, summary, legend, bars, survivors, note));
    root.classList.add("sampling-ready");

    const fixed = (x, digits) => (Math.abs(x) < 0.5 * 10 ** -digits ? 0 : x).toFixed(digits);

    function render() {
      const prompt = prompts[Number(promptSelect.value)];
      // the slider's value as the decimal it shows: 0.35, not 0.35000000000000003
      const T = Math.round(Number(tInput.value) * 100) / 100;
      const topK = Number(kInput.value);
      const topP = Math.round(Number(pInput.value) * 100) / 100;
      const index = temps.findIndex((t) => Math.abs(t - T) < 1e-9);
      const r = sampleDistribution(prompt.z, T, topK, topP, prompt.log_Z[index]);

      outputs.t.textContent = T.toFixed(2);
      outputs.k.textContent = String(topK);
      outputs.p.textContent = topP.toFixed(2);
      tInput.setAttribute("aria-valuetext", `T = ${T.toFixed(2)}`);
      kInput.setAttribute("aria-valuetext", `top-k ${topK}`);
      pInput.setAttribute("aria-valuetext", `top-p ${topP.toFixed(2)}`);

      const said =
        `T = ${T.toFixed(2)}, top-k ${topK}, top-p ${topP.toFixed(2)}: ` +
        `${r.survive} token${r.survive === 1 ? "" : "s"} survive${r.survive === 1 ? "s" : ""}, ` +
        `entropy ${fixed(r.entropy, 2)} bits. Before the cut they held ${r.keptMass.toFixed(3)} of the probability.`;
      if (summary.textContent !== said) summary.textContent = said;
      root.dataset.survivors = String(r.survive);
      root.dataset.entropy = String(r.entropy);
      root.dataset.keptMass = String(r.keptMass);

      const scale = Math.max(r.q[0], r.pT[0]);
      // a header row for the eye; each value also names itself for a screen reader
      const header = el(
        "li",
        { class: "sampling-row sampling-head", "aria-hidden": "true" },
        el("span", { text: "next token" }),
        el("span"),
        el("span", { class: "sampling-p", text: "sampled" }),
        el("span", { class: "sampling-pt", text: "at T" }),
      );
      bars.replaceChildren(
        header,
        ...prompt.labels.slice(0, ROWS).map((label, j) => {
          const q = j < r.survive ? r.q[j] : 0;
          const cut = j >= r.survive ? (j >= r.kept ? "top-k" : "top-p") : null;
          const ghost = el("span", { class: "sampling-bar sampling-bar-t" });
          ghost.style.width = `${(100 * r.pT[j]) / scale}%`;
          const solid = el("span", { class: "sampling-bar sampling-bar-q" });
          solid.style.width = `${(100 * q) / scale}%`;
          const value = cut
            ? el("span", { class: "sampling-p", text: `cut by ${cut}` })
            : el("span", { class: "sampling-p" }, el("span", { class: "sampling-sr", text: "sampled " }), q.toFixed(3));
          return el(
            "li",
            {
              class: `sampling-row${cut ? " sampling-cut" : ""}`,
              "data-p": String(q),
              "data-p-t": String(r.pT[j]),
            },
            el("span", { class: "sampling-token", text: label }),
            el("span", { class: "sampling-track", "aria-hidden": "true" }, ghost, solid),
            value,
            el("span", { class: "sampling-pt" }, el("span", { class: "sampling-sr", text: "at T " }), r.pT[j].toFixed(3)),
          );
        }),
      );
      const named = prompt.labels.slice(0, Math.min(r.survive, LISTED)).join(", ");
      const more = r.survive > LISTED ? `, and ${r.survive - LISTED} more` : "";
      survivors.textContent = `Survivors: ${named}${more}.`;
    }

    for (const control of [promptSelect, tInput, kInput, pInput]) control.addEventListener("input", render);
    promptSelect.addEventListener("change", render);
    render();
  }

  document$.subscribe(() => {
    document.querySelectorAll(`.snipexec-widget[data-type="${TYPE}"]`).forEach((root) => {
      if (root.dataset.sampling) return; // once per widget, whatever re-runs this
      const script = root.querySelector('script[type="application/json"]');
      if (!script) return;
      root.dataset.sampling = "ready";
      mount(root, JSON.parse(script.textContent));
    });
  });
})();
