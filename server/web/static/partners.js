/* An entity page's partner network (templates/_partners.html): the actor in the middle, its
 * partners around, one line per kind of tie; a line opens the partner's ties in the list
 * below (with their passages), a name opens its page. */
(function () {
  "use strict";
  var box = document.getElementById("partner-graph");
  if (!box || !window.cytoscape) { return; }
  var data = JSON.parse(document.getElementById("partner-data").textContent);
  var elements = data.nodes.map(function (n) {
    return { data: n, classes: n.focus ? "focus" : "" };
  }).concat(data.edges.map(function (e, i) {
    return { data: { id: "e" + i, source: e.source, target: e.target, label: e.label,
                     partner: e.partner, colour: e.colour } };
  }));
  var cy = window.cytoscape({
    container: box, elements: elements,
    maxZoom: 1.3,
    layout: { name: "concentric", animate: false, padding: 30, minNodeSpacing: 70,
              concentric: function (n) { return n.hasClass("focus") ? 2 : 1; },
              levelWidth: function () { return 1; } },
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 11, "width": 12,
        "height": 12, "background-color": "#2166ac", "text-valign": "bottom", "text-margin-y": 3,
        "text-wrap": "wrap", "text-max-width": 110 } },
      { selector: "node.focus", style: { "width": 22, "height": 22, "background-color": "#b2182b",
        "font-weight": "bold", "font-size": 13 } },
      { selector: "edge", style: { "curve-style": "bezier", "width": 2.5,
        "line-color": "data(colour)" } },
      { selector: "edge.shown", style: { "label": "data(label)", "font-size": 10, "color": "#333",
        "text-rotation": "autorotate", "text-background-color": "#fff",
        "text-background-opacity": 0.9 } }
    ]
  });
  cy.on("tap", "node", function (event) {
    var href = event.target.data("href");
    if (href) { window.location.href = href; }
  });
  // a line says its ties when pointed at, and opens them in the list when tapped
  cy.on("mouseover", "edge", function (event) { event.target.addClass("shown"); });
  cy.on("mouseout", "edge", function (event) { event.target.removeClass("shown"); });
  cy.on("tap", "edge", function (event) {
    var item = document.getElementById("partner-" + event.target.data("partner"));
    if (!item) { return; }
    item.querySelector("details").open = true;
    item.querySelectorAll(".chosen").forEach(function (c) { c.classList.remove("chosen"); });
    item.classList.add("chosen");
    item.scrollIntoView({ block: "center" });
  });
  window.techtiesPartners = cy;
})();
