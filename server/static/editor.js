// The query page's editor: YASGUI's Yasqe (vendored, static/vendor/yasqe) over the plain
// textarea, which stays the form field (the page works without JavaScript). Completion
// offers only this dataset's own prefixes (from data-prefixes); no completer that asks
// another host is enabled, nothing is kept in localStorage, Tab leaves the editor.
(function () {
  "use strict";
  const area = document.getElementById("query");
  const form = document.getElementById("query-form");
  if (!area || !form || typeof window.Yasqe !== "function") return;
  let prefixes = {};
  try { prefixes = JSON.parse(area.dataset.prefixes || "{}"); } catch (e) { prefixes = {}; }
  const ours = Object.keys(prefixes).sort().map((p) => p + ": <" + prefixes[p] + ">");
  const Yasqe = window.Yasqe;
  if (Yasqe.Autocompleters && Yasqe.Autocompleters.prefixes) {
    Yasqe.Autocompleters.prefixes.get = function () { return Promise.resolve(ours); };
  }
  const submit = function () { area.value = yasqe.getValue(); form.requestSubmit ? form.requestSubmit() : form.submit(); };
  const holder = document.createElement("div");
  holder.className = "editor";
  area.parentNode.insertBefore(holder, area);
  const label = document.querySelector('label[for="query"]');
  const yasqe = new Yasqe(holder, {
    value: area.value,
    persistenceId: null,
    persistent: null,
    consumeShareLink: null,
    createShareableLink: null,
    showQueryButton: false,
    resizeable: true,
    editorHeight: "20rem",
    autocompleters: ["prefixes", "variables"],
    prefixCcApi: null,
    screenReaderLabel: label ? label.textContent : "SPARQL query",
    inputStyle: "contenteditable",  // the focusable text is the editor itself (keyboard, screen readers)
    requestConfig: { endpoint: form.getAttribute("action"), method: "GET" },
    extraKeys: Object.assign({}, Yasqe.defaults.extraKeys, {
      "Ctrl-Enter": submit, "Cmd-Enter": submit, "Tab": false, "Shift-Tab": false,
    }),
  });
  yasqe.setValue(area.value);
  // the endpoint knows our prefixes without PREFIX lines; the editor's syntax check does
  // not, so declare the ones the query uses (the same query, now portable)
  const declared = yasqe.getPrefixesFromQuery ? yasqe.getPrefixesFromQuery() : {};
  const missing = {};
  const text = yasqe.getValue().replace(/<[^>]*>/g, " ").replace(/"[^"]*"|'[^']*'|#[^\n]*/g, " ");
  for (const match of text.matchAll(/(^|[^\w:-])([A-Za-z][\w-]*):/g)) {
    const p = match[2];
    if (prefixes[p] && !(p in declared)) missing[p] = prefixes[p];
  }
  if (Object.keys(missing).length && yasqe.addPrefixes) yasqe.addPrefixes(missing);
  area.hidden = true;
  area.setAttribute("aria-hidden", "true");
  area.tabIndex = -1;
  const input = yasqe.getInputField();
  input.id = "query-editor";
  if (label) {
    label.id = "query-label";
    label.removeAttribute("for");
    input.setAttribute("aria-labelledby", "query-label");
    label.addEventListener("click", function () { yasqe.focus(); });
  }
  input.setAttribute("role", "textbox");
  input.setAttribute("aria-multiline", "true");
  input.setAttribute("aria-describedby", "editor-help");
  form.addEventListener("submit", function () { area.value = yasqe.getValue(); });
  window.tipkgEditor = yasqe;
})();
