/// The script of explorer.html, run in the reader's browser (no library, no network): it reads
/// a view's GIF from its `NAME.gif.js` (a `<script src>`, which a page opened from the file
/// system may load where `fetch` may not), decodes the frame the slider points at with its own
/// GIF decoder (exact palette colours, the same in every browser), and keeps the address, the
/// metrics and the loss chart's cursor in step. `RUN` is the page's data (`ExplorerModel`).
enum ExplorerScript {
    static let source = #"""
"use strict";
// ---- A GIF, read as Flipbook writes it: one global colour table, frames drawn over the ones before.
function GIF(bytes) {
  const b = bytes; let p = 13;
  this.bytes = b; this.width = b[6] | b[7] << 8; this.height = b[8] | b[9] << 8; this.frames = [];
  const table = (at, n) => {
    const t = new Uint32Array(256);   // RGBA in memory order, as ImageData holds it
    for (let i = 0; i < n; i++) t[i] = 0xff000000 | b[at + 3 * i + 2] << 16 | b[at + 3 * i + 1] << 8 | b[at + 3 * i];
    return t;
  };
  const skipBlocks = () => { while (b[p]) p += b[p] + 1; p++; };
  let colors = null, control = { transparent: -1, disposal: 0 };
  if (b[10] & 0x80) { const n = 2 << (b[10] & 7); colors = table(13, n); p += 3 * n; }
  while (p < b.length && b[p] !== 0x3b) {
    if (b[p] === 0x21) {                                  // an extension: keep the graphic control's
      if (b[p + 1] === 0xf9) control = { transparent: b[p + 3] & 1 ? b[p + 6] : -1, disposal: b[p + 3] >> 2 & 7 };
      p += 2; skipBlocks();
    } else if (b[p] === 0x2c) {                           // an image: its rectangle, where its data starts
      const flags = b[p + 9];
      const f = { x: b[p + 1] | b[p + 2] << 8, y: b[p + 3] | b[p + 4] << 8, w: b[p + 5] | b[p + 6] << 8,
                  h: b[p + 7] | b[p + 8] << 8, interlaced: (flags & 0x40) !== 0, colors, ...control };
      p += 10;
      if (flags & 0x80) { const n = 2 << (flags & 7); f.colors = table(p, n); p += 3 * n; }
      f.data = p++; skipBlocks();
      this.frames.push(f); control = { transparent: -1, disposal: 0 };
    } else throw new Error("not a GIF");
  }
}
// The palette indices of frame f's rectangle: LZW codes, read least significant bit first.
GIF.prototype.indices = function (f) {
  const b = this.bytes, out = new Uint8Array(f.w * f.h), min = b[f.data], clear = 1 << min, end = clear + 1;
  const prefix = new Uint16Array(4096), suffix = new Uint8Array(4096), stack = new Uint8Array(4097);
  let size = min + 1, next = end + 1, old = -1, first = 0, bits = 0, acc = 0, n = 0, p = f.data + 1, left = 0;
  for (;;) {
    while (bits < size) {
      if (left === 0) { left = b[p++]; if (!left) return out; }
      acc |= b[p++] << bits; bits += 8; left--;
    }
    const code = acc & (1 << size) - 1; acc >>>= size; bits -= size;
    if (code === clear) { size = min + 1; next = end + 1; old = -1; continue; }
    if (code === end) return out;
    if (old < 0) { out[n++] = first = code; old = code; continue; }
    let top = 0, c = code;
    if (c >= next) { stack[top++] = first; c = old; }     // the code being defined: old's string and its first
    while (c > clear) { stack[top++] = suffix[c]; c = prefix[c]; }
    first = c; stack[top++] = c;
    while (top > 0 && n < out.length) out[n++] = stack[--top];
    if (next < 4096) { prefix[next] = old; suffix[next] = first; if (++next === 1 << size && size < 12) size++; }
    old = code;
  }
};
// Frames of one GIF on demand, decoded forward from the nearest screen kept (one every 32 frames,
// laid down in the background once the GIF is read, so that no frame is more than 31 away). A
// screen holds palette indices, a byte a pixel, when every frame uses the global colour table (as
// Flipbook's GIFs do), and colours (4 bytes a pixel) otherwise; a frame shown is coloured once.
const EVERY = 32;
function Player(gif) {
  const size = gif.width * gif.height, first = gif.frames.length ? gif.frames[0].colors : null;
  const Screen = first && gif.frames.every(f => f.colors === first) ? Uint8Array : Uint32Array;
  this.gif = gif; this.indexed = Screen === Uint8Array; this.kept = new Map();
  this.cursor = { screen: new Screen(size), at: -1 };
  this.image = new ImageData(gif.width, gif.height); this.pixels = new Uint32Array(this.image.data.buffer);
  const background = this.background = { screen: new Screen(size), at: -1 };
  const step = () => {
    const end = performance.now() + 8;
    while (background.at < gif.frames.length - 1 && performance.now() < end) this.advance(background);
    if (background.at < gif.frames.length - 1) setTimeout(step, 0);
  };
  setTimeout(step, 0);
}
// Draws the next frame of `c` over its screen, keeping a copy every EVERY frames.
Player.prototype.advance = function (c) {
  const g = this.gif, W = g.width, s = c.screen, f = g.frames[++c.at], index = g.indices(f), colors = this.indexed ? null : f.colors;
  const rows = [];
  if (f.interlaced) { for (const [start, step] of [[0, 8], [4, 8], [2, 4], [1, 2]]) for (let y = start; y < f.h; y += step) rows.push(y); }
  for (let r = 0; r < f.h; r++) {
    const line = (f.y + (f.interlaced ? rows[r] : r)) * W + f.x;
    for (let x = 0; x < f.w; x++) { const i = index[r * f.w + x]; if (i !== f.transparent) s[line + x] = colors ? colors[i] : i; }
  }
  if (c.at % EVERY === 0 && !this.kept.has(c.at)) this.kept.set(c.at, s.slice());
};
// Frame `target` as ImageData (the player's own, drawn over at the next call).
Player.prototype.draw = function (target) {
  const c = this.cursor, b = this.background;
  let from = Math.floor(target / EVERY) * EVERY;
  while (from >= 0 && !this.kept.has(from)) from -= EVERY;     // the nearest screen kept at or before the target
  if (b.at <= target && b.at > from && b.at > c.at) {            // the background got further: start where it is
    c.screen.set(b.screen); c.at = b.at;
  } else if (target < c.at || from > c.at) {
    if (from >= 0) { c.screen.set(this.kept.get(from)); c.at = from; } else { c.screen.fill(0); c.at = -1; }
  }
  while (c.at < target) this.advance(c);
  if (!this.indexed) { this.pixels.set(c.screen); return this.image; }
  const colors = this.gif.frames[0].colors, s = c.screen, out = this.pixels;
  for (let i = 0; i < s.length; i++) out[i] = colors[s[i]];
  return this.image;
};

// ---- The page.
const $ = id => document.getElementById(id);
const state = { view: RUN.views[0], frame: 0, playing: false, timer: 0, speed: 1 };
const dark = matchMedia("(prefers-color-scheme: dark)");
const players = {}, waiting = {};
const rows = RUN.series.map(series => new Map(series.rows.map(row => [row[0], row])));

// NAME.gif.js calls this with its GIF, base64-encoded.
window.flipbookFrames = (name, base64) => {
  const text = atob(base64), bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  players[name] = new Player(new GIF(bytes));
  (waiting[name] || []).forEach(resolve => resolve());
};
function theme() { return RUN.themes.length > 1 ? (dark.matches ? "dark" : "light") : RUN.themes[0]; }
function load(name) {
  if (players[name]) return Promise.resolve();
  return new Promise((resolve, reject) => {
    (waiting[name] = waiting[name] || []).push(resolve);
    if (waiting[name].length > 1) return;
    const script = document.createElement("script");
    script.src = name + ".js";
    script.onerror = () => reject(new Error("cannot read " + script.src));
    document.head.appendChild(script);
  });
}

function frames(view) { return view.frames || RUN.moments.map((_, i) => i); }
function moment(view, frame) { return RUN.moments[frames(view)[frame]]; }
// The frame of `view` nearest to moment `key` (the same moment when the view has it; an epoch it
// does not show, the nearest that it does).
function frameNear(view, key) {
  const list = frames(view), known = RUN.moments.find(m => m.key === key), parts = /^(\d+)(?::(\d+))?$/.exec(key || "");
  const x = known ? known.x : parts ? Number(parts[1]) - (parts[2] ? 0.5 : 0) : key === "untrained" ? -1 : null;
  if (x === null) return 0;
  let best = 0;
  list.forEach((m, i) => { if (Math.abs(RUN.moments[m].x - x) < Math.abs(RUN.moments[list[best]].x - x)) best = i; });
  return best;
}

async function show() {
  const view = state.view, frame = state.frame, m = moment(view, frame), name = view.gifs[theme()];
  $("slider").value = frame;
  $("slider").setAttribute("aria-valuetext", m.label);
  $("position").textContent = `${m.label} · frame ${frame + 1} of ${frames(view).length}`;
  address();
  showMetrics(m);
  if (!players[name]) $("status").textContent = `Reading ${name}…`;
  try { await load(name); } catch (error) { $("status").textContent = error.message + ", which should be beside explorer.html"; return; }
  if (view !== state.view || frame !== state.frame) return;      // the reader moved on meanwhile
  const player = players[name], canvas = $("frame");
  if (canvas.width !== player.gif.width || canvas.height !== player.gif.height) {
    [canvas.width, canvas.height] = [player.gif.width, player.gif.height];
  }
  canvas.getContext("2d").putImageData(player.draw(view.gifFrames ? view.gifFrames[frame] : frame), 0, 0);
  canvas.setAttribute("aria-label", `${view.label} at ${m.label}`);
  canvas.hidden = false; $("poster").hidden = true; $("status").textContent = "";
}

// The address names the view and the frame; while playing it follows at most twice a second
// (browsers refuse a page that changes it too often).
function address() {
  if (state.playing && performance.now() - (state.addressed || 0) < 500) return;
  state.addressed = performance.now();
  history.replaceState(null, "", `#view=${state.view.id}&epoch=${moment(state.view, state.frame).key}`);
}

function number(value, score) {
  if (!isFinite(value)) return "n/a";
  if (score && RUN.scoreIsPercent) return (100 * value).toFixed(1) + " %";
  return Math.abs(value) >= 0.01 ? value.toFixed(4) : value.toPrecision(3);
}
function showMetrics(m) {
  const body = $("metrics").tBodies[0];
  body.replaceChildren(...RUN.series.map((series, i) => {
    let row = rows[i].get(m.key);
    if (!row && m.key !== "untrained") row = series.rows.filter(r => r[1] <= m.x).pop();
    const tr = document.createElement("tr");
    const cells = [series.name || m.label].concat(row ? [row[2], row[3], row[4], row[5]].map((v, k) => number(v, k > 1)) : ["–", "–", "–", "–"]);
    cells.forEach((text, k) => { const td = document.createElement(k ? "td" : "th"); td.textContent = text; if (!k) td.scope = "row"; tr.append(td); });
    return tr;
  }));
  const chart = $("chart"), x = chart.xAt(m.x);
  $("cursor").setAttribute("x1", x); $("cursor").setAttribute("x2", x);
}

// The loss chart: each series' training loss (and test loss for a single run), log scale.
function drawChart() {
  const svg = $("chart"), W = 480, H = 200, left = 52, right = 12, top = 12, bottom = 28, ns = "http://www.w3.org/2000/svg";
  const all = RUN.series.flatMap(s => s.rows), xs = all.map(r => r[1]);
  const losses = all.flatMap(r => [r[2], r[3]]).filter(v => v > 0 && isFinite(v));
  const x0 = Math.min(-1, ...xs), x1 = Math.max(0, ...xs);
  const low = Math.log10(Math.min(...losses, 1)), high = Math.log10(Math.max(...losses, 1e-3)), pad = 0.04 * (high - low || 1);
  const y0 = low - pad, y1 = high + pad;
  svg.xAt = x => left + (W - left - right) * (x - x0) / (x1 - x0 || 1);
  const yAt = v => top + (H - top - bottom) * (1 - (Math.log10(v) - y0) / (y1 - y0 || 1));
  const add = (tag, attributes, text) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return svg.appendChild(e);
  };
  const steps = y1 - y0 > 2.5 ? [1] : [1, 2, 5];           // 1, 2 and 5 of each decade when the range is narrow
  for (let d = Math.floor(y0); d <= Math.ceil(y1); d++) {
    for (const m of steps) {
      const v = m * 10 ** d, y = Math.log10(v);
      if (y < y0 || y > y1) continue;
      add("line", { x1: left, x2: W - right, y1: yAt(v), y2: yAt(v), class: "grid" });
      add("text", { x: left - 6, y: yAt(v) + 4, class: "tick", "text-anchor": "end" }, d >= 0 ? String(v) : v.toFixed(-d));
    }
  }
  add("line", { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, class: "axis" });
  add("text", { x: left, y: H - 8, class: "tick" }, String(Math.max(0, Math.ceil(x0))));
  add("text", { x: W - right, y: H - 8, class: "tick", "text-anchor": "end" }, "epoch " + Math.round(x1));
  for (const key of RUN.keys) {
    const m = RUN.moments.find(m => m.key === key);
    if (m) add("line", { x1: svg.xAt(m.x), x2: svg.xAt(m.x), y1: top, y2: H - bottom, class: "key" });
  }
  RUN.series.forEach((series, i) => {
    const lines = RUN.series.length > 1 ? [[2, "series" + (i % 10)]] : [[2, "train"], [3, "test"]];
    for (const [column, style] of lines) {
      const points = series.rows.filter(r => r[column] > 0 && isFinite(r[column])).map(r => `${svg.xAt(r[1]).toFixed(1)},${yAt(r[column]).toFixed(1)}`);
      add("polyline", { points: points.join(" "), class: style });
    }
  });
  const legend = $("legend");
  const entries = RUN.series.length > 1 ? RUN.series.map((series, i) => [series.name + " (train)", "series" + (i % 10)])
    : [["train loss", "train"], ["test loss", "test"]];
  for (const [name, style] of entries) {
    const item = document.createElement("span"), swatch = document.createElement("span");
    swatch.className = "swatch " + style; item.append(swatch, name); legend.append(item);
  }
  add("line", { id: "cursor", x1: left, x2: left, y1: top, y2: H - bottom, class: "cursor" });
}

function go(frame) {
  state.frame = Math.max(0, Math.min(frames(state.view).length - 1, frame));
  show();
}
function setView(id, key) {
  const view = RUN.views.find(v => v.id === id) || RUN.views[0];
  const keep = key || moment(state.view, state.frame).key;
  state.view = view;
  $("slider").max = frames(view).length - 1;
  for (const input of document.querySelectorAll("input[name=view]")) input.checked = input.value === view.id;
  $("sentence").textContent = view.sentence;
  placeKeys();
  go(frameNear(view, keep));
}
function placeKeys() {
  const marks = $("keys"), list = frames(state.view), last = Math.max(1, list.length - 1);
  marks.replaceChildren();
  for (const key of RUN.keys) {
    const frame = list.findIndex(m => RUN.moments[m].key === key);
    if (frame < 0) continue;
    const button = document.createElement("button");
    button.type = "button"; button.textContent = key;
    button.setAttribute("aria-label", "Go to key epoch " + key);
    button.style.left = `calc(8px + (100% - 16px) * ${frame / last})`;
    button.onclick = () => { pause(); go(frame); };
    marks.append(button);
  }
}

function play() {
  if (state.frame >= frames(state.view).length - 1) go(0);
  state.playing = true; $("play").textContent = "Pause"; $("play").setAttribute("aria-pressed", "true");
  $("metrics").setAttribute("aria-live", "off");
  tick();
}
function pause() {
  state.playing = false; clearTimeout(state.timer); address(); $("play").textContent = "Play"; $("play").setAttribute("aria-pressed", "false");
  $("metrics").setAttribute("aria-live", "polite");
}
function tick() {
  if (!state.playing) return;
  const m = moment(state.view, state.frame), held = RUN.keys.includes(m.key) ? RUN.hold : 0;
  state.timer = setTimeout(() => {
    if (state.frame >= frames(state.view).length - 1) return pause();
    go(state.frame + 1); tick();
  }, (1000 / RUN.fps + 1000 * held) / state.speed);
}

function fromAddress(hash) {
  const parts = new URLSearchParams(hash.slice(1));
  setView(parts.get("view") || state.view.id, parts.get("epoch") || undefined);
}

function start() {
  const choices = $("views");
  for (const view of RUN.views) {
    const label = document.createElement("label"), input = document.createElement("input");
    input.type = "radio"; input.name = "view"; input.value = view.id;
    input.onchange = () => setView(view.id);
    label.append(input, " " + view.label);
    choices.append(label);
  }
  choices.hidden = RUN.views.length < 2;
  drawChart();
  $("slider").oninput = () => { pause(); go(Number($("slider").value)); };
  $("play").onclick = () => (state.playing ? pause() : play());
  $("speed").onchange = () => { state.speed = Number($("speed").value); };
  document.addEventListener("keydown", event => {
    const target = event.target, typing = target.matches("input:not([type=range]), select, textarea, button");
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === " " && !target.matches("button, select")) { event.preventDefault(); state.playing ? pause() : play(); return; }
    if (typing || target === $("slider")) return;                // the slider steps by itself: one frame
    const moves = { ArrowLeft: state.frame - 1, ArrowRight: state.frame + 1, Home: 0, End: frames(state.view).length - 1 };
    if (event.key in moves) { event.preventDefault(); pause(); go(moves[event.key]); }
  });
  // The address the reader went to, not location's now: a key handled before this event may
  // have replaced the address since (the slider's moves do), and the reader's address wins.
  addEventListener("hashchange", event => {
    const hash = new URL(event.newURL).hash, parts = new URLSearchParams(hash.slice(1));
    if (parts.get("view") !== state.view.id || parts.get("epoch") !== moment(state.view, state.frame).key) fromAddress(hash);
  });
  dark.addEventListener("change", () => show());
  $("controls").hidden = false;
  fromAddress(location.hash);
}
start();
"""#
}
