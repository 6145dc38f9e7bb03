// The attention atlas (docs/atlas.md): brings each
// <div class="snipexec-widget" data-type="tested-transformer.attention"> to life.
//
// The build puts the weights into the page as JSON (snippets/atlas/widget.py): per model
// its layers, query heads n_h, key/value heads n_kv, whether it is causal, the head to
// open first, and per sentence its tokens and every weight as one byte, round(255 w), in
// base64, laid out [layer][head][query][key]. Until this script runs, the div shows the
// snippet's fallback figure. It opens on the head the snippets found for "it" with the
// query "it" in focus, so the first view shows one clear pattern; what a token's weights
// are is also said in words (an aria-live line), not only drawn. No framework, nothing
// loaded from elsewhere; initialised
// from Material's document$, so it runs again after each instant-navigation page swap
// (and only once per widget).
(() => {
  const TYPE = "tested-transformer.attention";
  const SVG = "http://www.w3.org/2000/svg";

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

  function decode(base64) {
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  // One colour per head; heads that share a key/value head share a hue family.
  function headColour(model, h) {
    const group = model.n_h / model.n_kv;
    if (group === 1) return `hsl(${Math.round((360 * h) / model.n_h)}, 70%, 50%)`;
    const kv = Math.floor(h / group);
    const hue = (360 * kv) / model.n_kv + 40 * ((h % group) - (group - 1) / 2) / group;
    return `hsl(${Math.round(hue)}, 70%, ${45 + 10 * (h % group)}%)`;
  }

  function mount(root, data) {
    const scale = data.scale;
    const models = data.models;
    const bytes = new Map(); // "m/s" -> Uint8Array, decoded on first use
    const state = {
      m: 0,
      s: 0,
      layer: models[0].start[0],
      head: models[0].start[1], // -1: all heads of the layer
      focus: null, // {side: "q" | "k", index}
    };
    // What the atlas shows before the reader points at anything: the query "it".
    const FIRST_LOOK = "it";
    function restingFocus() {
      const index = models[state.m].sentences[state.s].tokens.indexOf(FIRST_LOOK);
      return index < 0 ? null : { side: "q", index };
    }
    state.focus = restingFocus();

    const model = () => models[state.m];
    const sentence = () => model().sentences[state.s];
    function weights() {
      const key = `${state.m}/${state.s}`;
      if (!bytes.has(key)) bytes.set(key, decode(sentence().A));
      return bytes.get(key);
    }
    // Stored level (0..255) of A[layer, head, query i, key j].
    function level(layer, head, i, j) {
      const n = sentence().tokens.length;
      return weights()[((layer * model().n_h + head) * n + i) * n + j];
    }
    const future = (i, j) => model().causal && j > i;
    const kvOf = (h) => Math.floor(h / (model().n_h / model().n_kv));

    // ---- controls ------------------------------------------------------------------
    const uid = `atlas-${Math.random().toString(36).slice(2, 8)}`;
    const modelPicker = el("div", { class: "atlas-models", role: "radiogroup", "aria-label": "Model" });
    models.forEach((m, index) => {
      const id = `${uid}-model-${index}`;
      const radio = el("input", { type: "radio", name: `${uid}-model`, id, value: String(index) });
      radio.checked = index === state.m;
      radio.addEventListener("change", () => {
        state.m = index;
        state.layer = m.start[0];
        state.head = m.start[1];
        state.focus = restingFocus();
        renderAll();
      });
      modelPicker.append(el("label", { for: id, class: "atlas-model-choice" }, radio, ` ${m.name}`));
    });
    const sentenceSelect = el("select", { id: `${uid}-sentence` });
    const layerSelect = el("select", { id: `${uid}-layer` });
    const headSelect = el("select", { id: `${uid}-head` });
    sentenceSelect.addEventListener("change", () => {
      state.s = Number(sentenceSelect.value);
      state.focus = restingFocus();
      renderAll();
    });
    layerSelect.addEventListener("change", () => {
      state.layer = Number(layerSelect.value);
      renderHead();
      renderModelView();
    });
    headSelect.addEventListener("change", () => {
      state.head = Number(headSelect.value);
      renderHead();
      renderModelView();
    });
    const field = (text, control) =>
      el("label", { class: "atlas-field", for: control.id }, el("span", { text }), control);
    const controls = el(
      "div",
      { class: "atlas-controls" },
      modelPicker,
      field("Sentence", sentenceSelect),
      field("Layer", layerSelect),
      field("Head", headSelect),
    );

    // ---- head view: two token columns joined by lines, and the matrix -----------------
    const caption = el("p", { class: "atlas-caption", "aria-live": "polite" });
    // The focused token's weights in words: read out by screen readers as they change.
    const readout = el("p", { class: "atlas-readout", "aria-live": "polite", "aria-atomic": "true" });
    const queries = el("div", { class: "atlas-column atlas-queries", role: "group", "aria-label": "Queries" });
    const keys = el("div", { class: "atlas-column atlas-keys", role: "group", "aria-label": "Keys" });
    const lines = document.createElementNS(SVG, "svg");
    lines.setAttribute("class", "atlas-lines");
    lines.setAttribute("aria-hidden", "true");
    const linesBox = el(
      "div",
      { class: "atlas-linesbox" },
      el("div", { class: "atlas-colhead", text: "query (attending)" }),
      el("div", { class: "atlas-colhead atlas-colhead-keys", text: "key (attended to)" }),
      queries,
      lines,
      keys,
    );
    const matrix = el("div", { class: "atlas-matrix", "aria-hidden": "true" });
    matrix.addEventListener("mouseleave", () => {
      state.focus = restingFocus();
      renderFocus();
    });
    const matrixBox = el("figure", { class: "atlas-matrixbox" }, matrix, el("figcaption"));
    const legend = el("div", { class: "atlas-legend" });
    const headView = el("div", { class: "atlas-head" }, linesBox, matrixBox);

    // ---- model view: every layer x head as a thumbnail --------------------------------
    const modelView = el("div", { class: "atlas-grid", role: "grid", "aria-label": "All heads" });
    const modelNote = el("p", { class: "atlas-note" });

    // The JSON stays (tests and other scripts read it); the fallback figure steps aside.
    for (const child of root.children) if (child.tagName !== "SCRIPT") child.hidden = true;
    root.append(
      el(
        "div",
        { class: "atlas" },
        controls,
        caption,
        legend,
        headView,
        readout, // below the head view: its changing height moves nothing under the pointer
        el("h3", { class: "atlas-subtitle", text: "Model view: every head of every layer" }),
        modelNote,
        modelView,
      ),
    );
    root.classList.add("atlas-ready");

    function fillSelects() {
      const m = model();
      sentenceSelect.replaceChildren(
        ...m.sentences.map((s, index) => el("option", { value: String(index), text: s.text })),
      );
      sentenceSelect.value = String(state.s);
      layerSelect.replaceChildren(
        ...Array.from({ length: m.layers }, (_, l) => el("option", { value: String(l), text: `layer ${l}` })),
      );
      const options = [el("option", { value: "-1", text: "all heads" })];
      const group = m.n_h / m.n_kv;
      if (group === 1) {
        for (let h = 0; h < m.n_h; h++) options.push(el("option", { value: String(h), text: `head ${h}` }));
      } else {
        for (let kv = 0; kv < m.n_kv; kv++) {
          const optgroup = el("optgroup", { label: `sharing K/V head ${kv}` });
          for (let h = kv * group; h < (kv + 1) * group; h++) {
            optgroup.append(el("option", { value: String(h), text: `head ${h}` }));
          }
          options.push(optgroup);
        }
      }
      headSelect.replaceChildren(...options);
    }

    function tokenButton(side, index, text) {
      const button = el(
        "button",
        { type: "button", class: "atlas-token", "data-side": side, "data-index": String(index) },
        el("span", { class: "atlas-text", text }),
        el("span", { class: "atlas-w" }),
      );
      button.tabIndex = index === 0 ? 0 : -1; // one tab stop per column; arrows move
      const show = () => {
        state.focus = { side, index };
        renderFocus();
      };
      const hide = () => {
        if (state.focus && state.focus.side === side && state.focus.index === index) {
          state.focus = restingFocus();
          renderFocus();
        }
      };
      button.addEventListener("mouseenter", show);
      button.addEventListener("focus", show);
      button.addEventListener("mouseleave", () => document.activeElement !== button && hide());
      button.addEventListener("blur", hide);
      button.addEventListener("keydown", (event) => {
        const column = side === "q" ? queries : keys;
        const other = side === "q" ? keys : queries;
        const count = column.children.length;
        let target = null;
        if (event.key === "ArrowDown") target = column.children[Math.min(count - 1, index + 1)];
        else if (event.key === "ArrowUp") target = column.children[Math.max(0, index - 1)];
        else if (event.key === "Home") target = column.children[0];
        else if (event.key === "End") target = column.children[count - 1];
        else if (event.key === "ArrowRight" || event.key === "ArrowLeft") target = other.children[index];
        if (!target) return;
        event.preventDefault();
        button.tabIndex = -1;
        target.tabIndex = 0;
        target.focus();
      });
      return button;
    }

    function renderTokens() {
      const tokens = sentence().tokens;
      queries.replaceChildren(...tokens.map((t, i) => tokenButton("q", i, t)));
      keys.replaceChildren(...tokens.map((t, j) => tokenButton("k", j, t)));
      const n = tokens.length;
      matrix.style.setProperty("--n", n);
      // Token labels on the axes: keys along the top, queries down the left.
      const label = (axis, index, text) =>
        el("span", { class: `atlas-label atlas-label-${axis}`, "data-index": String(index), text });
      const cells = [el("span", { class: "atlas-corner" }), ...tokens.map((t, j) => label("k", j, t))];
      for (let i = 0; i < n; i++) {
        cells.push(label("q", i, tokens[i]));
        for (let j = 0; j < n; j++) {
          const cell = el("div", { class: "atlas-cell", "data-i": String(i), "data-j": String(j) });
          if (future(i, j)) cell.classList.add("atlas-future");
          cell.addEventListener("mouseenter", () => {
            state.focus = { side: "q", index: i };
            renderFocus();
          });
          cells.push(cell);
        }
      }
      matrix.replaceChildren(...cells);
    }

    // A[i, j] of the selected head, or the mean of the layer's heads ("all heads").
    function value(i, j) {
      if (state.head >= 0) return level(state.layer, state.head, i, j) / scale;
      let sum = 0;
      for (let h = 0; h < model().n_h; h++) sum += level(state.layer, h, i, j);
      return sum / model().n_h / scale;
    }

    function renderHead() {
      const m = model();
      layerSelect.value = String(state.layer);
      headSelect.value = String(state.head);
      matrix.querySelectorAll(".atlas-cell").forEach((cell) => {
        const w = value(Number(cell.dataset.i), Number(cell.dataset.j));
        cell.style.setProperty("--w", w.toFixed(3));
      });
      const group = m.n_h / m.n_kv;
      let text;
      if (state.head < 0) {
        text = `${m.name}, layer ${state.layer}, all ${m.n_h} heads: one colour per head; the numbers are their mean.`;
        matrixBox.querySelector("figcaption").textContent = `A: mean of the ${m.n_h} heads (rows: queries, columns: keys)`;
      } else {
        text = `${m.name}, layer ${state.layer}, head ${state.head}.`;
        if (group > 1) {
          const kv = kvOf(state.head);
          const mates = Array.from({ length: group }, (_, r) => kv * group + r).join(", ");
          text += ` Shares key/value head ${kv} with heads ${mates}.`;
        }
        matrixBox.querySelector("figcaption").textContent = `A of this head (rows: queries, columns: keys)`;
      }
      if (m.causal) text += " Causal: no token sees a later one.";
      caption.textContent = `${text} Point at a token, or move to it with the Tab and arrow keys, to read its weights.`;
      legend.replaceChildren();
      if (state.head < 0) {
        for (let h = 0; h < m.n_h; h++) {
          const swatch = el(
            "button",
            { type: "button", class: "atlas-swatch", title: `open head ${h}` },
            el("span", { class: "atlas-dot" }),
            `head ${h}`,
          );
          swatch.firstChild.style.background = headColour(m, h);
          if (group > 1 && h % group === 0 && h > 0) swatch.classList.add("atlas-groupstart");
          swatch.addEventListener("click", () => {
            state.head = h;
            renderHead();
            renderModelView();
          });
          legend.append(swatch);
        }
      }
      renderFocus();
    }

    // Lines from query to key tokens, and the weights next to the tokens.
    function renderFocus() {
      const m = model();
      const n = sentence().tokens.length;
      const focus = state.focus;
      const box = linesBox.getBoundingClientRect();
      const top = lines.getBoundingClientRect().top - box.top;
      const width = lines.clientWidth;
      lines.replaceChildren();
      const centre = (node) => {
        const r = node.getBoundingClientRect();
        return r.top - box.top - top + r.height / 2;
      };
      const heads = state.head >= 0 ? [state.head] : Array.from({ length: m.n_h }, (_, h) => h);
      const pairs = [];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (focus && ((focus.side === "q" && focus.index !== i) || (focus.side === "k" && focus.index !== j))) continue;
          pairs.push([i, j]);
        }
      }
      const ys = (column) => Array.from(column.children, centre);
      const yq = ys(queries);
      const yk = ys(keys);
      for (const h of heads) {
        for (const [i, j] of pairs) {
          const w = level(state.layer, h, i, j) / scale;
          if (w < 0.01) continue;
          const line = document.createElementNS(SVG, "line");
          line.setAttribute("x1", "0");
          line.setAttribute("x2", String(width));
          line.setAttribute("y1", yq[i].toFixed(1));
          line.setAttribute("y2", yk[j].toFixed(1));
          const strength = focus ? w : w * 0.6;
          line.setAttribute("stroke-opacity", Math.min(1, 0.15 + strength).toFixed(2));
          line.setAttribute("stroke-width", (0.5 + 4 * w).toFixed(2));
          if (state.head < 0) line.setAttribute("stroke", headColour(m, h));
          lines.append(line);
        }
      }
      // Weights beside the tokens of the other column, and the row/column in the matrix.
      for (const column of [queries, keys]) {
        for (const button of column.children) {
          const index = Number(button.dataset.index);
          const label = button.querySelector(".atlas-w");
          const side = button.dataset.side;
          let w = null;
          let hidden = false;
          if (focus && focus.side !== side) {
            const [i, j] = side === "k" ? [focus.index, index] : [index, focus.index];
            hidden = future(i, j);
            w = hidden ? null : value(i, j);
          }
          button.classList.toggle("atlas-active", Boolean(focus && focus.side === side && focus.index === index));
          button.classList.toggle("atlas-future", hidden);
          button.style.setProperty("--w", w === null ? "0" : w.toFixed(3));
          label.textContent = w === null ? (hidden ? "later" : "") : w.toFixed(2);
          button.title = hidden ? "a later token: the causal mask hides it" : "";
        }
      }
      matrix.querySelectorAll(".atlas-cell").forEach((cell) => {
        const on =
          focus &&
          ((focus.side === "q" && Number(cell.dataset.i) === focus.index) ||
            (focus.side === "k" && Number(cell.dataset.j) === focus.index));
        cell.classList.toggle("atlas-on", Boolean(on));
      });
      matrix.querySelectorAll(".atlas-label").forEach((label) => {
        const on = focus && label.classList.contains(`atlas-label-${focus.side}`) && Number(label.dataset.index) === focus.index;
        label.classList.toggle("atlas-on", Boolean(on));
      });
      const said = describeFocus();
      if (readout.textContent !== said) readout.textContent = said;
    }

    // The focused token's weights as a sentence, largest first (what the lines draw).
    function describeFocus() {
      const focus = state.focus;
      const tokens = sentence().tokens;
      if (!focus) return "No token in focus: the lines show every weight of the head.";
      const n = tokens.length;
      const named = (k) => `"${tokens[k]}" (${k + 1})`;
      const weights = [];
      for (let k = 0; k < n; k++) {
        const [i, j] = focus.side === "q" ? [focus.index, k] : [k, focus.index];
        if (!future(i, j)) weights.push([k, value(i, j)]);
      }
      weights.sort((a, b) => b[1] - a[1]);
      const top = weights.slice(0, 3).map(([k, w]) => `${named(k)} ${w.toFixed(2)}`).join(", ");
      const where = state.head < 0 ? `layer ${state.layer}, mean of all heads` : `layer ${state.layer}, head ${state.head}`;
      return focus.side === "q"
        ? `${model().name}, ${where}: the query ${named(focus.index)} gives most weight to ${top}.`
        : `${model().name}, ${where}: the key ${named(focus.index)} gets most weight from ${top}.`;
    }

    // ---- model view ---------------------------------------------------------------------
    let cursor = null; // the thumbnail that holds the grid's one tab stop
    function inkColour() {
      return getComputedStyle(root).getPropertyValue("--md-accent-fg-color").trim() || "#ff6e40";
    }

    function drawThumb(canvas, layer, head, ink) {
      const n = sentence().tokens.length;
      const ctx = canvas.getContext("2d");
      ctx.clearRect(0, 0, n, n);
      ctx.fillStyle = ink;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const w = level(layer, head, i, j) / scale;
          if (w <= 0) continue;
          ctx.globalAlpha = Math.min(1, 1.5 * w);
          ctx.fillRect(j, i, 1, 1);
        }
      }
      ctx.globalAlpha = 1;
    }

    function buildModelView() {
      const m = model();
      const n = sentence().tokens.length;
      const group = m.n_h / m.n_kv;
      modelView.style.setProperty("--heads", m.n_h);
      const rows = [];
      if (group > 1) {
        const header = el("div", { class: "atlas-grid-row atlas-grid-header", role: "row" }, el("span", { role: "columnheader" }));
        for (let kv = 0; kv < m.n_kv; kv++) {
          const cell = el("span", { class: "atlas-kv", role: "columnheader", text: `K/V head ${kv}` });
          cell.style.gridColumn = `span ${group}`;
          header.append(cell);
        }
        rows.push(header);
        modelNote.textContent =
          `${m.name} has ${m.n_kv} key/value heads per layer: each block of ${group} columns shares one. ` +
          "Every thumbnail is a lower triangle: the causal mask.";
      } else {
        modelNote.textContent = `${m.name}: every head has its own keys and values; tokens see in both directions.`;
      }
      const ink = inkColour();
      for (let layer = 0; layer < m.layers; layer++) {
        const row = el("div", { class: "atlas-grid-row", role: "row" }, el("span", { class: "atlas-layer", role: "rowheader", text: `L${layer}` }));
        for (let head = 0; head < m.n_h; head++) {
          const canvas = el("canvas", { width: String(n), height: String(n) });
          const thumb = el(
            "button",
            {
              type: "button",
              class: "atlas-thumb",
              role: "gridcell",
              "data-layer": String(layer),
              "data-head": String(head),
              "aria-label": `layer ${layer}, head ${head}`,
              title: `layer ${layer}, head ${head}`,
            },
            canvas,
          );
          if (group > 1 && head % group === 0 && head > 0) thumb.classList.add("atlas-groupstart");
          thumb.tabIndex = -1;
          drawThumb(canvas, layer, head, ink);
          thumb.addEventListener("click", () => {
            state.layer = layer;
            state.head = head;
            state.focus = restingFocus();
            renderHead();
            renderModelView();
            moveCursor(thumb);
            headView.scrollIntoView({ block: "nearest", behavior: "smooth" });
            caption.scrollIntoView({ block: "nearest", behavior: "smooth" });
          });
          thumb.addEventListener("keydown", (event) => {
            const moves = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
            let [l, h] = [layer, head];
            if (moves[event.key]) {
              l = Math.max(0, Math.min(m.layers - 1, l + moves[event.key][0]));
              h = Math.max(0, Math.min(m.n_h - 1, h + moves[event.key][1]));
            } else if (event.key === "Home") h = 0;
            else if (event.key === "End") h = m.n_h - 1;
            else return;
            event.preventDefault();
            const target = modelView.querySelector(`[data-layer="${l}"][data-head="${h}"]`);
            moveCursor(target);
            target.focus();
          });
          row.append(thumb);
        }
        rows.push(row);
      }
      modelView.replaceChildren(...rows);
      cursor = null;
    }

    function moveCursor(thumb) {
      if (cursor) cursor.tabIndex = -1;
      cursor = thumb;
      cursor.tabIndex = 0;
    }

    function renderModelView() {
      let current = null;
      modelView.querySelectorAll(".atlas-thumb").forEach((thumb) => {
        const on =
          Number(thumb.dataset.layer) === state.layer && (state.head < 0 || Number(thumb.dataset.head) === state.head);
        thumb.classList.toggle("atlas-current", on);
        thumb.setAttribute("aria-selected", String(on));
        if (on && !current) current = thumb;
      });
      if (!cursor || !modelView.contains(cursor)) moveCursor(current || modelView.querySelector(".atlas-thumb"));
    }

    function renderAll() {
      fillSelects();
      renderTokens();
      buildModelView();
      renderHead();
      renderModelView();
    }

    renderAll();
    // Lines follow the layout; thumbnails follow the palette (light or dark ink).
    const resize = new ResizeObserver(() => renderFocus());
    resize.observe(linesBox);
    const palette = new MutationObserver(() => {
      if (!root.isConnected) {
        palette.disconnect();
        resize.disconnect();
        return;
      }
      const ink = inkColour();
      modelView.querySelectorAll(".atlas-thumb").forEach((thumb) => {
        drawThumb(thumb.querySelector("canvas"), Number(thumb.dataset.layer), Number(thumb.dataset.head), ink);
      });
    });
    palette.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }

  document$.subscribe(() => {
    document.querySelectorAll(`.snipexec-widget[data-type="${TYPE}"]`).forEach((root) => {
      if (root.dataset.atlas) return; // once per widget, whatever re-runs this
      const script = root.querySelector('script[type="application/json"]');
      if (!script) return;
      root.dataset.atlas = "ready";
      mount(root, JSON.parse(script.textContent));
    });
  });
})();
