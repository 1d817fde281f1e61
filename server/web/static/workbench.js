/* The workbench (server/web/workbench.py): submitting from a form, and curator decisions.
 * The curator's token lives in this tab's sessionStorage and goes out only as
 * "Authorization: Bearer", never in a URL. */
(function () {
  "use strict";
  var KEY = "techties-curator-token";
  var TYPES = { ttl: "text/turtle", nt: "application/n-triples", jsonld: "application/ld+json",
                json: "application/ld+json", rdf: "application/rdf+xml", owl: "application/rdf+xml",
                xml: "application/rdf+xml", trig: "application/trig", nq: "application/n-quads" };

  /** The <main> of an HTML answer (the record page, or an error page), as nodes. */
  function mainOf(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var main = doc.querySelector("main");
    return main ? Array.prototype.slice.call(main.childNodes) : [doc.createTextNode(html)];
  }

  // --- submitting ---------------------------------------------------------------------------
  var form = document.getElementById("submit-form");
  if (form) {
    var file = document.getElementById("rdf-file");
    var format = document.getElementById("rdf-format");
    var result = document.getElementById("submit-result");
    file.addEventListener("change", function () {
      var name = file.files[0] ? file.files[0].name : "";
      var type = TYPES[name.split(".").pop().toLowerCase()];
      if (type) {
        if (!Array.prototype.some.call(format.options, function (o) { return o.value === type; })) {
          format.add(new Option(type, type));
        }
        format.value = type;
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = file.files[0] || document.getElementById("rdf-text").value;
      var headers = { "Content-Type": format.value, "Accept": "text/html" };
      var token = document.getElementById("contributor-token").value.trim();
      if (token) { headers.Authorization = "Bearer " + token; }
      result.textContent = "Checking…";
      fetch("/submissions", { method: "POST", headers: headers, body: body })
        .then(function (response) {
          return response.text().then(function (html) {
            result.textContent = "";
            result.className = "answer status-" + response.status;
            var said = document.createElement("p");
            said.className = "http-status";
            said.textContent = response.status === 201 ? "Received: " + response.headers.get("Location")
              : response.status === 422 ? "Recorded as rejected: it does not conform."
              : "Not recorded (" + response.status + ").";
            result.appendChild(said);
            mainOf(html).forEach(function (node) { result.appendChild(node); });
          });
        })
        .catch(function (error) { result.textContent = "The request failed: " + error.message; });
    });
  }

  // --- reviewing ----------------------------------------------------------------------------
  var tokenForm = document.getElementById("token-form");
  if (!tokenForm) { return; }
  var input = document.getElementById("curator-token");
  var state = document.getElementById("token-state");
  var buttons = document.querySelectorAll("form.decide button[data-decision]");

  function enable(on) {
    buttons.forEach(function (b) { b.disabled = !on || b.closest("section").dataset.decided; });
  }
  /** Ask the server whether ``token`` is the write token; keep it for this tab if so. */
  function use(token) {
    if (!token) { enable(false); return Promise.resolve(); }
    return fetch("/submissions/curator", { headers: { "Authorization": "Bearer " + token,
                                                      "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 204) {
          sessionStorage.setItem(KEY, token);
          state.textContent = "Token accepted: you can accept and reject.";
          state.className = "ok";
          enable(true);
          return;
        }
        sessionStorage.removeItem(KEY);
        enable(false);
        return response.json().then(function (problem) {
          state.textContent = "Token refused: " + problem.detail;
          state.className = "refused";
        });
      });
  }
  tokenForm.addEventListener("submit", function (event) {
    event.preventDefault();
    use(input.value.trim());
    input.value = "";
  });
  document.getElementById("forget-token").addEventListener("click", function () {
    sessionStorage.removeItem(KEY);
    enable(false);
    state.textContent = "Token forgotten.";
    state.className = "muted";
  });
  use(sessionStorage.getItem(KEY));

  document.querySelectorAll("form.decide").forEach(function (decide) {
    var section = decide.closest("section");
    var out = decide.querySelector("output");
    decide.addEventListener("submit", function (event) { event.preventDefault(); });
    decide.querySelectorAll("button[data-decision]").forEach(function (button) {
      button.addEventListener("click", function () {
        var decision = button.dataset.decision;
        var reason = decide.elements.reason.value.trim();
        if (decision === "reject" && !reason) {
          out.textContent = "A rejection needs a reason.";
          decide.elements.reason.focus();
          return;
        }
        out.textContent = decision === "accept" ? "Accepting…" : "Rejecting…";
        fetch("/submissions/" + encodeURIComponent(section.dataset.sid) + "/" + decision, {
          method: "POST",
          headers: { "Authorization": "Bearer " + (sessionStorage.getItem(KEY) || ""),
                     "Content-Type": "application/json", "Accept": "application/json" },
          body: JSON.stringify(reason ? { reason: reason } : {})
        }).then(function (response) {
          return response.json().then(function (answer) {
            if (response.ok) {
              section.dataset.decided = answer.status;
              section.classList.add("decided-" + answer.status);
              out.textContent = "Done: " + answer.status + ".";
              enable(false);
              enable(!!sessionStorage.getItem(KEY));
            } else if (answer.detail) {
              out.textContent = response.status + ": " + answer.detail;
            } else {
              out.textContent = response.status + ": it no longer conforms to the store; see its report.";
            }
          });
        }).catch(function (error) { out.textContent = "The request failed: " + error.message; });
      });
    });
  });
})();
