import ArkitektGraph

/// The style sheet and the one script, written into `assets/`. No web font, no framework, nothing
/// from the network: the pages read the same offline, and without the script.
enum Assets {
    static var style: String {
        """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
          font-size: 16px; line-height: 1.5; color: \(Palette.text); background: \(Palette.background); }
        a { color: \(Palette.link); }
        a:focus-visible, input:focus-visible, summary:focus-visible { outline: 3px solid \(Palette.link); outline-offset: 2px; }
        .skip { position: absolute; left: -10000px; top: 0; }
        .skip:focus { left: 1rem; top: 1rem; background: \(Palette.background); padding: .5rem; z-index: 10; }
        header { background: \(Palette.header); color: \(Palette.headerText); padding: .6rem 1.5rem; }
        header nav { display: flex; flex-wrap: wrap; gap: 1.2rem; align-items: baseline; }
        header a { color: \(Palette.headerText); text-decoration: none; }
        header a:hover, header a:focus-visible { text-decoration: underline; outline-color: \(Palette.headerText); }
        header .site { font-weight: 700; font-size: 1.1rem; margin-right: 1rem; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        footer { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem; color: \(Palette.mutedText); font-size: .875rem;
          border-top: 1px solid \(Palette.line); }
        h1 { font-size: 1.8rem; margin: .6rem 0 .4rem; }
        h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; border-bottom: 1px solid \(Palette.line); padding-bottom: .2rem; }
        h3 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
        .lead { color: \(Palette.mutedText); margin-top: 0; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; }
        caption { text-align: left; font-weight: 600; padding: .3rem 0; }
        th, td { text-align: left; vertical-align: top; padding: .3rem .6rem; border-bottom: 1px solid \(Palette.line); }
        thead th { background: \(Palette.panel); }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        .sev { font-weight: 600; }
        .sev-error { color: \(Palette.severity(.error)); }
        .sev-warning { color: \(Palette.severity(.warning)); }
        .sev-info { color: \(Palette.severity(.info)); }
        .muted { color: \(Palette.mutedText); }
        .panel { background: \(Palette.panel); padding: .8rem 1rem; border-radius: 4px; }
        .figure { overflow-x: auto; border: 1px solid \(Palette.line); border-radius: 4px; padding: .5rem; margin: .5rem 0 1rem; }
        svg.diagram { max-width: 100%; height: auto; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1rem; }
        .charts figure { margin: 0; }
        figcaption { font-weight: 600; font-size: .95rem; }
        pre { background: \(Palette.panel); padding: .6rem .8rem; overflow-x: auto; border-radius: 4px; font-size: .875rem; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
        ul.plain { list-style: none; padding-left: 0; }
        dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
        dl.fields dt { font-weight: 600; }
        dl.fields dd { margin: 0; }
        .filter { margin: .5rem 0 1rem; }
        .filter label { font-weight: 600; margin-right: .5rem; }
        .filter input { font: inherit; padding: .3rem .5rem; width: min(30rem, 100%); border: 1px solid \(Palette.mutedText); border-radius: 4px; }
        .legend { font-size: .875rem; color: \(Palette.mutedText); }
        progress { width: 6rem; vertical-align: middle; }
        [hidden] { display: none !important; }
        header form.search { margin-left: auto; }
        header input[type=search] { font: inherit; padding: .15rem .4rem; border: 1px solid \(Palette.headerText); border-radius: 4px; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

        """
    }

    /// Filters the rows of the elements list as one types: plain JavaScript, no library. Without
    /// it the list is simply all there.
    static var script: String {
        """
        (function () {
          var input = document.getElementById('filter');
          if (!input) { return; }
          input.parentElement.hidden = false;
          var asked = new URLSearchParams(window.location.search).get('q');
          if (asked) { input.value = asked; }
          var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-search]'));
          var sections = Array.prototype.slice.call(document.querySelectorAll('section[data-kind]'));
          var status = document.getElementById('filter-status');
          function apply() {
            var words = input.value.toLowerCase().split(/\\s+/).filter(function (w) { return w.length > 0; });
            var shown = 0;
            rows.forEach(function (row) {
              var text = row.getAttribute('data-search');
              var match = words.every(function (w) { return text.indexOf(w) >= 0; });
              row.hidden = !match;
              if (match) { shown += 1; }
            });
            sections.forEach(function (section) {
              section.hidden = section.querySelector('tr[data-search]:not([hidden])') === null;
            });
            if (status) { status.textContent = status.getAttribute(shown === 1 ? 'data-one' : 'data-many').replace('N', String(shown)); }
          }
          input.addEventListener('input', apply);
          apply();
        })();

        """
    }
}
