/* Result views for the query page: YASR plugins over vendored libraries (static/views/):
 * bar and line charts of numeric columns (Chart.js), a timeline of date columns
 * (vis-timeline), a network of IRI-to-IRI rows (Cytoscape). Each offers itself only for
 * results it can draw; the table stays the default. Also: a result cut at the row limit says
 * so above the results (the answer's head links to /help/row-limit: server/web/truncation.py).
 *
 * Conventions a query can follow to label what is drawn: a column ?xLabel names the IRIs of
 * column ?x (in every view); otherwise an IRI is shown by its last segment.
 */
(function () {
  "use strict";
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var NUMERIC = ["integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"].map(function (t) { return XSD + t; });
  var DATES = ["date", "dateTime", "gYear", "gYearMonth", "dateTimeStamp"].map(function (t) { return XSD + t; });
  var MAX_POINTS = 2000;

  function bindings(yasr) { return (yasr.results && yasr.results.getBindings()) || []; }
  function variables(yasr) { return (yasr.results && yasr.results.getVariables()) || []; }
  function isNumber(term) { return term && term.type !== "uri" && NUMERIC.indexOf(term.datatype) >= 0; }
  function isDate(term) { return term && term.type !== "uri" && DATES.indexOf(term.datatype) >= 0; }
  function isIri(term) { return term && term.type === "uri"; }

  /** The variables whose bound values all pass ``test`` (and that are bound at least once). */
  function columns(yasr, test) {
    var rows = bindings(yasr);
    return variables(yasr).filter(function (v) {
      var seen = false;
      for (var i = 0; i < rows.length; i++) {
        var term = rows[i][v];
        if (!term) { continue; }
        if (!test(term)) { return false; }
        seen = true;
      }
      return seen;
    });
  }
  function isLabelColumn(yasr, v) {
    return /Label$/.test(v) && variables(yasr).indexOf(v.slice(0, -5)) >= 0;
  }
  function local(iri) { return iri.replace(/[/#]$/, "").split(/[/#]/).pop(); }
  /** How row ``row`` shows its value of ``v``. */
  function shown(row, v) {
    var term = row[v];
    if (!term) { return ""; }
    if (row[v + "Label"]) { return row[v + "Label"].value; }
    return term.type === "uri" ? local(term.value) : term.value;
  }
  function href(iri) {
    var localPrefix = window.techtiesLocalPrefix || "";
    return localPrefix && iri.indexOf(localPrefix) === 0 ? "/" + iri.slice(localPrefix.length) : iri;
  }
  /** A date literal as a Date (a bare year: its 1 January; the precision stays in the text). */
  function asDate(term) {
    var m = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(term.value);
    if (!m) { return null; }
    return new Date(Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1));
  }
  var ICONS = {  // 16x16 outline pictures for the view buttons
    bar: "M2 14h12M4 13V8M7 13V4M10 13V6M13 13V9",
    line: "M2 14h12M2 11l4-4 3 3 5-6",
    timeline: "M1 8h14M4 5v6M9 5v6M13 5v6",
    network: "M4 4l8 2M4 4l2 8M12 6l-6 6M4 4h0M12 6h0M6 12h0"
  };
  function icon(name) {
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("class", "techties-view-icon");
    var path = document.createElementNS(NS, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", name === "network" ? "1.4" : "1.6");
    path.setAttribute("stroke-linecap", "round");
    svg.appendChild(path);
    if (name === "network") {
      [[4, 4], [12, 6], [6, 12]].forEach(function (c) {
        var dot = document.createElementNS(NS, "circle");
        dot.setAttribute("cx", c[0]); dot.setAttribute("cy", c[1]); dot.setAttribute("r", "2");
        dot.setAttribute("fill", "currentColor");
        svg.appendChild(dot);
      });
    }
    return svg;
  }
  function note(parent, text) {
    var p = document.createElement("p");
    p.className = "techties-view-note";
    p.textContent = text;
    parent.appendChild(p);
    return p;
  }

  // --- charts ---------------------------------------------------------------------------
  var PALETTE = ["#2166ac", "#b2182b", "#1b7837", "#e08214", "#7b3294", "#4d4d4d"];

  function ChartView(kind) {
    function View(yasr) {
      this.yasr = yasr;
      this.priority = 1;
      this.label = kind === "bar" ? "Bar chart" : "Line chart";
      this.chart = null;
    }
    View.prototype.plan = function () {
      var numeric = columns(this.yasr, isNumber);
      var vars = variables(this.yasr).filter(function (v) { return !isLabelColumn(this.yasr, v); }, this);
      var labelVar = vars.filter(function (v) { return numeric.indexOf(v) < 0; })[0];
      if (!labelVar && numeric.length >= 2) { labelVar = numeric[0]; }
      var series = numeric.filter(function (v) { return v !== labelVar; });
      return labelVar && series.length ? { x: labelVar, series: series } : null;
    };
    View.prototype.canHandleResults = function () {
      return bindings(this.yasr).length > 0 && this.plan() !== null;
    };
    View.prototype.getIcon = function () { return icon(kind); };
    View.prototype.destroy = function () { if (this.chart) { this.chart.destroy(); this.chart = null; } };
    View.prototype.draw = function () {
      this.destroy();
      var plan = this.plan();
      var rows = bindings(this.yasr).slice(0, MAX_POINTS);
      var box = document.createElement("div");
      box.className = "techties-view techties-chart techties-" + kind;
      var canvas = document.createElement("canvas");
      box.appendChild(canvas);
      this.yasr.resultsEl.appendChild(box);
      if (bindings(this.yasr).length > MAX_POINTS) {
        note(box, "The first " + MAX_POINTS + " rows are drawn.");
      }
      this.chart = new window.Chart(canvas, {
        type: kind,
        data: {
          labels: rows.map(function (row) { return shown(row, plan.x); }),
          datasets: plan.series.map(function (v, i) {
            return { label: v, data: rows.map(function (row) { return row[v] ? Number(row[v].value) : null; }),
                     backgroundColor: PALETTE[i % PALETTE.length], borderColor: PALETTE[i % PALETTE.length],
                     spanGaps: true };
          })
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
                   scales: { x: { title: { display: true, text: plan.x } },
                             y: { beginAtZero: true } } }
      });
    };
    return View;
  }

  // --- timeline -------------------------------------------------------------------------
  function TimelineView(yasr) {
    this.yasr = yasr;
    this.priority = 1;
    this.label = "Timeline";
    this.timeline = null;
  }
  TimelineView.prototype.plan = function () {
    var dates = columns(this.yasr, isDate);
    if (!dates.length) { return null; }
    var yasr = this.yasr;
    var others = variables(yasr).filter(function (v) {
      return dates.indexOf(v) < 0 && !isLabelColumn(yasr, v);
    });
    // what an item says: the first column of text (a name), else the first other column
    var text = columns(yasr, function (t) { return t.type !== "uri" && !isNumber(t); });
    var content = others.filter(function (v) { return text.indexOf(v) >= 0; })[0] || others[0];
    return { start: dates[0], end: dates[1], content: content };
  };
  TimelineView.prototype.canHandleResults = function () {
    return bindings(this.yasr).length > 0 && this.plan() !== null;
  };
  TimelineView.prototype.getIcon = function () { return icon("timeline"); };
  TimelineView.prototype.destroy = function () {
    if (this.timeline) { this.timeline.destroy(); this.timeline = null; }
  };
  TimelineView.prototype.draw = function () {
    this.destroy();
    var plan = this.plan();
    var vars = variables(this.yasr);
    var items = [];
    bindings(this.yasr).slice(0, MAX_POINTS).forEach(function (row, i) {
      var start = row[plan.start] && asDate(row[plan.start]);
      if (!start) { return; }
      var end = plan.end && row[plan.end] && asDate(row[plan.end]);
      var text = plan.content ? shown(row, plan.content) : row[plan.start].value;
      var title = vars.filter(function (v) { return row[v]; })
        .map(function (v) { return v + ": " + shown(row, v); }).join("\n");
      var item = { id: i, content: text, start: start, title: title,
                   className: "techties-item" };
      if (end && end > start) { item.end = end; } else { item.type = "point"; }
      items.push(item);
    });
    var box = document.createElement("div");
    box.className = "techties-view techties-timeline";
    this.yasr.resultsEl.appendChild(box);
    // A text node's content is text, never HTML: vis-timeline takes an element as content.
    items.forEach(function (item) {
      var span = document.createElement("span");
      span.textContent = item.content;
      item.content = span;
    });
    this.timeline = new window.vis.Timeline(box, new window.vis.DataSet(items), {
      stack: true, zoomKey: "ctrlKey", maxHeight: 560, margin: { item: 4 }, orientation: { axis: "top" },
      tooltip: { followMouse: true }, showCurrentTime: false
    });
    var timeline = this.timeline, rounds = 0;
    timeline.on("changed", function () {
      if (rounds < 6 && fitText(timeline, box)) { rounds++; }
    });
    timeline.fit({ animation: false });
  };
  /** Widen the window until no item's text runs past the right edge (fit() places the dates,
   * not the text beside them): on a phone too, every entry is on screen. */
  function fitText(timeline, box) {
    var panel = box.querySelector(".vis-center");
    if (!panel) { return false; }
    var edge = panel.getBoundingClientRect().right;
    var right = edge;
    box.querySelectorAll(".vis-item").forEach(function (el) {
      right = Math.max(right, el.getBoundingClientRect().right);
    });
    var width = panel.getBoundingClientRect().width;
    if (right <= edge + 1 || width <= 0) { return false; }
    var range = timeline.getWindow();
    var span = range.end - range.start;
    var over = Math.min(0.8, (right - edge + 12) / width);
    timeline.setWindow(range.start, new Date(range.end.getTime() + span * over / (1 - over)),
                       { animation: false });
    return true;
  }

  // --- network --------------------------------------------------------------------------
  function NetworkView(yasr) {
    this.yasr = yasr;
    this.priority = 1;
    this.label = "Network";
    this.cy = null;
  }
  NetworkView.prototype.plan = function () {
    var yasr = this.yasr;
    var iris = variables(yasr).filter(function (v) {
      return bindings(yasr).some(function (row) { return isIri(row[v]); });
    });
    if (iris.length < 2) { return null; }
    var source = iris[0], target = iris[iris.length - 1];
    var vars = variables(yasr);
    var through = vars.slice(vars.indexOf(source) + 1, vars.indexOf(target)).filter(function (v) {
      return v !== source + "Label" && v !== target + "Label" && !isLabelColumn(yasr, v);
    });
    return { source: source, target: target, through: through };
  };
  NetworkView.prototype.canHandleResults = function () {
    var plan = bindings(this.yasr).length > 0 && this.plan();
    if (!plan) { return false; }
    return bindings(this.yasr).some(function (row) { return isIri(row[plan.source]) && isIri(row[plan.target]); });
  };
  NetworkView.prototype.getIcon = function () { return icon("network"); };
  NetworkView.prototype.destroy = function () { if (this.cy) { this.cy.destroy(); this.cy = null; } };
  NetworkView.prototype.draw = function () {
    this.destroy();
    var plan = this.plan();
    var nodes = {}, edges = {};
    bindings(this.yasr).slice(0, MAX_POINTS).forEach(function (row) {
      var s = row[plan.source], t = row[plan.target];
      if (!isIri(s) || !isIri(t)) { return; }
      [[plan.source, s], [plan.target, t]].forEach(function (pair) {
        if (!nodes[pair[1].value]) {
          nodes[pair[1].value] = { data: { id: pair[1].value, label: shown(row, pair[0]),
                                           href: href(pair[1].value) } };
        }
      });
      // one edge per pair of nodes, saying through what (several: how many, listed on tap)
      var label = plan.through.map(function (v) { return shown(row, v); }).filter(Boolean).join(" · ");
      var key = s.value + " " + t.value;
      if (!edges[key]) {
        edges[key] = { data: { id: "e" + Object.keys(edges).length, source: s.value,
                               target: t.value, ties: [] } };
      }
      var ties = edges[key].data.ties;
      if (label && ties.indexOf(label) < 0) { ties.push(label); }
    });
    Object.keys(edges).forEach(function (k) {
      var data = edges[k].data;
      data.label = data.ties.length > 1 ? data.ties.length + " ties" : (data.ties[0] || "");
      data.weight = Math.min(6, 1 + data.ties.length * 0.7);
    });
    var box = document.createElement("div");
    box.className = "techties-view techties-network";
    var graph = document.createElement("div");
    graph.className = "techties-network-graph";
    box.appendChild(graph);
    var open = note(box, "Tap a node for the link to its page, a line for what ties the two.");
    this.yasr.resultsEl.appendChild(box);
    var elements = Object.keys(nodes).map(function (k) { return nodes[k]; })
      .concat(Object.keys(edges).map(function (k) { return edges[k]; }));
    this.cy = window.cytoscape({
      container: graph, elements: elements,
      layout: { name: "cose", animate: false, nodeRepulsion: 400000, idealEdgeLength: 110,
                nodeOverlap: 20, componentSpacing: 60,
                randomize: false, fit: true, padding: 20 },
      style: [
        { selector: "node", style: { "label": "data(label)", "font-size": 11, "width": 14,
          "height": 14, "background-color": "#2166ac", "text-valign": "bottom",
          "text-margin-y": 3, "color": "#1a1a1a", "text-wrap": "wrap", "text-max-width": 120 } },
        { selector: "edge", style: { "label": "data(label)", "font-size": 9, "width": "data(weight)",
          "line-color": "#9ab", "target-arrow-color": "#9ab", "target-arrow-shape": "triangle",
          "curve-style": "bezier", "color": "#555", "text-rotation": "autorotate",
          "text-wrap": "ellipsis", "text-max-width": 150,
          "text-background-color": "#fff", "text-background-opacity": 0.8 } },
        { selector: "node:selected", style: { "background-color": "#b2182b" } }
      ]
    });
    this.cy.on("tap", "edge", function (event) {
      var data = event.target.data();
      open.textContent = data.ties.length ? data.ties.join("; ") : "";
    });
    this.cy.on("tap", "node", function (event) {
      var data = event.target.data();
      open.textContent = "";
      var a = document.createElement("a");
      a.href = data.href;
      a.textContent = "Open " + data.label;
      open.appendChild(a);
    });
  };

  function register(Yasr) {
    Yasr.registerPlugin("bar", ChartView("bar"));
    Yasr.registerPlugin("line", ChartView("line"));
    Yasr.registerPlugin("timeline", TimelineView);
    Yasr.registerPlugin("network", NetworkView);
    // A result cut at the row limit says so where YASR counts the results.
    var info = Yasr.prototype.updateResponseInfo;
    Yasr.prototype.updateResponseInfo = function () {
      info.apply(this, arguments);
      var json = this.results && this.results.getAsJson && this.results.getAsJson();
      var links = (json && json.head && json.head.link) || [];
      var limit = links.filter(function (l) { return /\/help\/row-limit$/.test(l); })[0];
      if (!limit || !this.dataElement) { return; }
      var rows = this.results.getBindings().length;
      this.dataElement.textContent = "";
      var a = document.createElement("a");
      a.className = "techties-truncated";
      a.href = "/help/row-limit";
      a.textContent = "Cut at the row limit: the first " + rows.toLocaleString("en") +
        " results only (more exist)";
      this.dataElement.appendChild(a);
    };
  }
  window.techtiesViews = { register: register, order: ["table", "bar", "line", "timeline", "network", "response"] };
})();
