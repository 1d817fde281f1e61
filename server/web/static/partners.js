/* An entity page's partner network (templates/_partners.html): the actor in the middle, its
 * partners around, one line per kind of tie; a line opens the partner's ties in the list
 * below (with their passages), a name opens its page. */
(function () {
  "use strict";
  var box = document.getElementById("partner-graph");
  if (!box || !window.cytoscape) { return; }
  var data = JSON.parse(document.getElementById("partner-data").textContent);
  var COLOURS = { cooperation: "#2166ac", agreement: "#1b7837", development: "#7b3294",
                  participation: "#4d4d4d", dependency: "#e08214", acquisition: "#b2182b",
                  membership: "#8c6d31" };
  var elements = data.nodes.map(function (n) {
    return { data: n, classes: n.focus ? "focus" : "" };
  }).concat(data.edges.map(function (e, i) {
    return { data: { id: "e" + i, source: e.source, target: e.target, label: e.label,
                     partner: e.partner, colour: COLOURS[e.kind] || "#555" } };
  }));
  var cy = window.cytoscape({
    container: box, elements: elements,
    layout: { name: "concentric", animate: false, padding: 24, minNodeSpacing: 28,
              concentric: function (n) { return n.hasClass("focus") ? 2 : 1; },
              levelWidth: function () { return 1; } },
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 11, "width": 12,
        "height": 12, "background-color": "#2166ac", "text-valign": "bottom", "text-margin-y": 3,
        "text-wrap": "wrap", "text-max-width": 110 } },
      { selector: "node.focus", style: { "width": 22, "height": 22, "background-color": "#b2182b",
        "font-weight": "bold", "font-size": 13 } },
      { selector: "edge", style: { "curve-style": "bezier", "width": 2, "line-color": "data(colour)",
        "label": "data(label)", "font-size": 9, "color": "#333", "text-rotation": "autorotate",
        "text-background-color": "#fff", "text-background-opacity": 0.85 } }
    ]
  });
  cy.on("tap", "node", function (event) {
    var href = event.target.data("href");
    if (href) { window.location.href = href; }
  });
  cy.on("tap", "edge", function (event) {
    var item = document.getElementById("partner-" + event.target.data("partner"));
    if (!item) { return; }
    item.querySelectorAll("details").forEach(function (d) { d.open = true; });
    item.classList.add("chosen");
    item.scrollIntoView({ block: "center" });
  });
  window.techtiesPartners = cy;
})();
