// The site's search box: suggestions from /search as one types (arrow keys to move, Enter
// to open one; Enter without a choice searches). No outside service is called.
(function () {
  "use strict";
  function attach(form) {
    var input = form.querySelector("input[name=q]");
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    var selected = -1, pending = null, last = "";

    function items() { return Array.prototype.slice.call(list.children); }
    function choose(index) {
      items().forEach(function (li, i) { li.setAttribute("aria-selected", String(i === index)); });
      selected = index;
    }
    function close() { list.hidden = true; selected = -1; }
    function show(results) {
      list.textContent = "";
      results.forEach(function (r) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        var a = document.createElement("a");
        a.href = r.page;
        a.textContent = r.name;
        var note = [];
        if (r.matched && r.matched !== r.name) { note.push("“" + r.matched + "”"); }
        if (r.types.length) { note.push(r.types.map(function (t) { return t.name; }).join(", ")); }
        if (note.length) {
          var small = document.createElement("small");
          small.textContent = " · " + note.join(" · ");
          a.appendChild(small);
        }
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
      selected = -1;
    }
    function suggest() {
      var text = input.value.trim();
      if (text === last) { return; }
      last = text;
      if (pending) { pending.abort(); }
      if (text.length < 2) { close(); return; }
      pending = new AbortController();
      fetch("/search?format=json&limit=8&q=" + encodeURIComponent(text), { signal: pending.signal })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (answer) { if (input.value.trim() === text) { show(answer.results); } })
        .catch(function () { /* aborted by the next keystroke */ });
    }
    input.addEventListener("input", suggest);
    input.addEventListener("keydown", function (event) {
      var all = items();
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault(); list.hidden = false; choose((selected + 1) % all.length);
      } else if (event.key === "ArrowUp" && all.length) {
        event.preventDefault(); choose(selected <= 0 ? all.length - 1 : selected - 1);
      } else if (event.key === "Enter" && selected >= 0 && !list.hidden) {
        event.preventDefault(); window.location.href = all[selected].querySelector("a").href;
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.site-search").forEach(attach);
  });
})();
