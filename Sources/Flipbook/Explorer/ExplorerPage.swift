/// The HTML and CSS of explorer.html around its script (`ExplorerScript`). Without scripts the
/// page shows the first view's poster and the report's text; the script shows the controls and
/// puts the frame in the poster's place.
enum ExplorerPage {
    /// The page for `model` (the JSON the script reads as `RUN`), its report as HTML, and the first view's poster.
    static func html(title: String, themes: [String], poster: ExplorerModel.Pictures, posterAlt: String, sentence: String,
                     width: Int, height: Int, reportHTML: String, modelJSON: String) -> String {
        let scheme = themes.count > 1 ? "light dark" : themes[0]
        let dark = poster.dark.map { #"<source media="(prefers-color-scheme: dark)" srcset="\#(escaped($0))">"# } ?? ""
        let light = poster.light ?? poster.dark ?? ""
        return """
            <!doctype html>
            <html lang="en" data-themes="\(themes.joined(separator: " "))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="\(scheme)">
            <title>\(escaped(title)) · explorer</title>
            <style>\(style)</style>
            </head>
            <body>
            <header><h1>\(escaped(title))</h1><p class="lede">Scrub through training: every recorded frame of every animation, with the metrics of its epoch.</p></header>
            <main>
            <section class="explorer" aria-label="Explorer">
            <fieldset id="views" class="views"><legend>View</legend></fieldset>
            <div class="stage">
            <figure>
            <picture id="poster">\(dark)<img src="\(escaped(light))" alt="\(escaped(posterAlt))" width="\(width)" height="\(height)"></picture>
            <canvas id="frame" role="img" width="\(width)" height="\(height)" hidden></canvas>
            <div id="controls" class="controls" hidden>
            <div class="row">
            <button id="play" type="button" aria-pressed="false">Play</button>
            <label>Speed <select id="speed"><option value="0.25">0.25×</option><option value="0.5">0.5×</option><option value="1" selected>1×</option><option value="2">2×</option><option value="4">4×</option></select></label>
            <output id="position" for="slider" aria-live="off"></output>
            <p id="status" role="status"></p>
            </div>
            <div class="track">
            <input id="slider" type="range" min="0" max="0" step="1" value="0" aria-label="Frame (← → one frame, Home first, End last, space play or pause)">
            <div id="keys" class="keys" role="group" aria-label="Key epochs"></div>
            </div>
            <p class="help">Keys: ← → one frame · Home / End first / last · space play / pause. The address follows the slider: copy it to link to this frame.</p>
            </div>
            <figcaption id="sentence">\(escaped(sentence))</figcaption>
            </figure>
            <aside class="side">
            <table id="metrics" aria-live="polite"><caption>Metrics at the frame shown</caption>
            <thead><tr><th scope="col"></th><th scope="col">train loss</th><th scope="col">test loss</th><th scope="col">train <span class="score"></span></th><th scope="col">test <span class="score"></span></th></tr></thead>
            <tbody></tbody></table>
            <svg id="chart" viewBox="0 0 480 200" role="img" aria-label="Loss by epoch, log scale; the solid vertical line is the frame shown, the dotted lines the key epochs"></svg>
            <p id="legend" class="legend" aria-hidden="true"></p>
            </aside>
            </div>
            </section>
            <section class="report" aria-label="Report">
            \(reportHTML)
            </section>
            </main>
            <script>const RUN = \(modelJSON);
            for (const span of document.querySelectorAll(".score")) span.textContent = RUN.score;</script>
            <script>\(ExplorerScript.source)</script>
            </body>
            </html>

            """
    }

    /// The page's look: the pictures' font and colours (DejaVu Sans, white or GitHub's dark page,
    /// the classes' blue and orange for train and test), light or dark as the run's themes allow.
    static let style = """
        :root { --page: #ffffff; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; --accent: #3f90da; --on-accent: #ffffff;
          --train: #3f90da; --test: #ffa90e; color-scheme: light; }
        html[data-themes="dark"] { --page: #0d1117; --ink: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23; --accent: #6cb0ee; --on-accent: #0d1117; color-scheme: dark; }
        @media (prefers-color-scheme: dark) {
          html[data-themes="light dark"] { --page: #0d1117; --ink: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23; --accent: #6cb0ee; --on-accent: #0d1117; color-scheme: dark; }
        }
        body { margin: 0 auto; padding: 1.5rem; max-width: 78rem; background: var(--page); color: var(--ink);
          font: 15px/1.5 "DejaVu Sans", "Bitstream Vera Sans", Verdana, system-ui, sans-serif; }
        h1 { font-size: 1.4rem; margin: 0; } h2 { font-size: 1.1rem; margin-top: 2rem; }
        .lede, .help, figcaption, .report p { color: var(--muted); } .lede { margin: .25rem 0 1rem; }
        a { color: var(--accent); }
        .views { border: 0; padding: 0; margin: 0 0 1rem; display: flex; flex-wrap: wrap; gap: .25rem; }
        .views legend { float: left; margin-right: .75rem; padding-top: .3rem; font-weight: bold; }
        .views label { border: 1px solid var(--line); border-radius: 6px; padding: .25rem .7rem; cursor: pointer; background: var(--panel); }
        .views label:has(input:checked) { background: var(--accent); border-color: var(--accent); color: var(--on-accent); }
        .views input { position: absolute; opacity: 0; width: 1px; height: 1px; }
        .views label:has(input:focus-visible) { outline: 2px solid var(--accent); outline-offset: 2px; }
        .stage { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
        figure { margin: 0; max-width: 100%; }
        #frame, #poster img { display: block; max-width: 100%; height: auto; image-rendering: pixelated; }
        figcaption { max-width: 36rem; font-size: .9rem; margin-top: .25rem; }
        .side { flex: 1 1 22rem; min-width: 18rem; max-width: 34rem; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: bold; padding-bottom: .4rem; }
        th, td { padding: .3rem .5rem; border-bottom: 1px solid var(--line); text-align: right; }
        th[scope="row"] { text-align: left; font-weight: normal; white-space: nowrap; }
        thead th { font-size: .8rem; color: var(--muted); font-weight: normal; }
        #chart { width: 100%; margin-top: 1rem; background: var(--panel); border-radius: 6px; }
        #chart .grid { stroke: var(--line); } #chart .axis { stroke: var(--muted); }
        #chart .tick { fill: var(--muted); font-size: 11px; }
        #chart polyline { fill: none; stroke-width: 1.5; } #chart .train { stroke: var(--train); } #chart .test { stroke: var(--test); }
        #chart .key { stroke: var(--muted); stroke-dasharray: 2 3; } #chart .cursor { stroke: var(--ink); stroke-width: 1.5; }
        \((0..<10).map { "#chart .series\($0) { stroke: \(seriesColors[$0]); } .swatch.series\($0) { background: \(seriesColors[$0]); }" }.joined(separator: "\n"))
        .legend { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; font-size: .85rem; color: var(--muted); margin: .4rem 0 0; }
        .swatch { display: inline-block; width: 1.2rem; height: 3px; vertical-align: middle; margin-right: .4rem; }
        .swatch.train { background: var(--train); } .swatch.test { background: var(--test); }
        .controls { margin-top: 1rem; max-width: 40rem; }
        .row { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
        button, select { font: inherit; color: var(--ink); background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .25rem .8rem; }
        #play { min-width: 5.5rem; background: var(--accent); border-color: var(--accent); color: var(--on-accent); font-weight: bold; }
        button:focus-visible, select:focus-visible, input:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
        #position { font-variant-numeric: tabular-nums; } #status { margin: 0; color: var(--muted); }
        .track { position: relative; margin-top: .75rem; padding-bottom: 1.6rem; }
        #slider { width: 100%; margin: 0; accent-color: var(--accent); }
        .keys button { position: absolute; top: 1.6rem; transform: translateX(-50%); padding: 0 .35rem; font-size: .8rem; line-height: 1.4; }
        .keys button::before { content: ""; position: absolute; left: 50%; top: -.55rem; height: .45rem; border-left: 2px solid var(--accent); }
        .help { font-size: .85rem; }
        .report { margin-top: 2.5rem; border-top: 1px solid var(--line); }
        .report table { width: auto; }
        """

    /// The classes' colours (the pictures' `Palette.classColors`), for a comparison's lines.
    static let seriesColors = ["#3f90da", "#ffa90e", "#bd1f01", "#94a4a2", "#832db6", "#a96b59", "#e76300", "#b9ac70", "#717581", "#92dadd"]

    /// `text` with HTML's special characters escaped, for text and attribute values.
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
