/* The ontology's diagram (server/web/ontology.py's _diagram): its classes, "is a" edges and
 * object properties from domain to range, drawn with the vendored Cytoscape; a class opens its
 * page. On a term page, the neighbourhood of one class, that class marked. */
(function () {
  "use strict";
  var box = document.getElementById("onto-diagram");
  var data = JSON.parse(document.getElementById("onto-diagram-data").textContent);
  var elements = data.nodes.map(function (n) {
    return { data: { id: n.id, label: n.curie, title: n.label, href: n.href },
             classes: n.id === data.focus ? "focus" : (n.curie.indexOf("tt:") === 0 ? "" : "reused") };
  }).concat(data.edges.map(function (e, i) {
    return { data: { id: "e" + i, source: e.source, target: e.target, label: e.label },
             classes: e.kind };
  }));
  var cy = window.cytoscape({
    container: box, elements: elements, autoungrabify: false,
    layout: data.focus ? { name: "concentric", animate: false, padding: 16,
                           concentric: function (n) { return n.hasClass("focus") ? 2 : 1; },
                           levelWidth: function () { return 1; }, minNodeSpacing: 8,
                           spacingFactor: 0.7 }
                       : { name: "cose", animate: false, nodeRepulsion: 30000, idealEdgeLength: 40,
                           nodeOverlap: 10, gravity: 0.6, componentSpacing: 30, padding: 10,
                           randomize: false, numIter: 2500,
                           // spread over the box's own shape, so that names stay legible
                           boundingBox: { x1: 0, y1: 0, w: box.clientWidth * 1.1,
                                          h: box.clientHeight * 1.1 } },
    style: [
      { selector: "node", style: { "shape": "round-rectangle", "label": "data(label)",
        "text-valign": "center", "text-halign": "center", "font-size": 11, "width": "label",
        "height": 18, "padding": "5px", "background-color": "#dbe7f3", "border-width": 1,
        "border-color": "#2166ac", "color": "#1a1a1a" } },
      { selector: "node.reused", style: { "background-color": "#eee", "border-color": "#888" } },
      { selector: "node.focus", style: { "background-color": "#2166ac", "color": "#fff", "font-weight": "bold" } },
      { selector: "edge", style: { "width": 1.2, "curve-style": "bezier", "target-arrow-shape": "triangle",
        "arrow-scale": 0.8 } },
      { selector: "edge.sub", style: { "line-color": "#777", "target-arrow-color": "#777",
        "target-arrow-shape": "triangle-backcurve", "line-style": "dashed" } },
      { selector: "edge.property", style: { "line-color": "#e08214", "target-arrow-color": "#e08214",
        "label": "data(label)", "font-size": 8, "color": "#8a4b00", "text-rotation": "autorotate",
        "text-background-color": "#fff", "text-background-opacity": 0.85 } }
    ]
  });
  cy.on("tap", "node", function (event) { window.location.href = event.target.data("href"); });
  window.techtiesOntologyDiagram = cy;
})();
