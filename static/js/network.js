// The network picture: Cytoscape.js draws the graph passed by the page (json_script); a click
// on an institution shows its figures beside it. No inline script (CSP script-src 'self').
(function () {
  "use strict";
  var container = document.getElementById("network");
  var data = document.getElementById("network-data");
  if (!container || !data || typeof cytoscape === "undefined") return;
  var labels = {};
  document.getElementById("network-labels").content.querySelectorAll("span").forEach(function (s) {
    labels[s.dataset.key] = s.textContent;
  });
  var cy = cytoscape({
    container: container,
    elements: JSON.parse(data.textContent),
    style: [
      { selector: "node", style: { label: "data(label)", "background-color": "#2c6e91", color: "#1b1b1b", "font-size": 11 } },
      { selector: "node:selected", style: { "background-color": "#c0392b" } },
      { selector: "edge.handover", style: { label: "data(label)", "curve-style": "bezier", "target-arrow-shape": "triangle", width: 2, "font-size": 10 } },
      { selector: "edge.membership", style: { "line-style": "dashed", "line-color": "#8a8a8a", width: 1, display: "none" } }
    ],
    layout: { name: "cose", animate: false }
  });
  container.cy = cy; // lets a browser test find where an institution is drawn
  var details = document.getElementById("network-details");
  cy.on("tap", "node", function (event) {
    var node = event.target.data();
    details.replaceChildren();
    var heading = document.createElement("h2");
    heading.className = "kern-heading-small";
    heading.textContent = node.name;
    details.appendChild(heading);
    var list = document.createElement("dl");
    ["partners", "handovers_in", "handovers_out", "median_days_to_accept"].forEach(function (key) {
      var term = document.createElement("dt");
      term.textContent = labels[key];
      var value = document.createElement("dd");
      value.textContent = node[key] === null || node[key] === undefined ? labels.none : String(node[key]);
      list.append(term, value);
    });
    details.appendChild(list);
  });
  document.getElementById("show-membership").addEventListener("change", function (event) {
    cy.edges(".membership").style("display", event.target.checked ? "element" : "none");
  });
})();
