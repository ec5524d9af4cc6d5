// Live preview in the content editor, progressive enhancement only (without this file the form's
// "Pratinjau" button re-renders the page with the preview; CSP: no inline script).
// <section data-live-preview data-preview-url=... data-preview-source="body" data-preview-title-source="title">:
// while the editor types, the Markdown is POSTed (with the form's CSRF token, debounced) to the server, which
// answers {"html": ...} rendered and sanitised exactly as on the public page; the title is copied as text.
(function () {
  "use strict";
  var DELAY = 400;

  function setup(section) {
    var source = document.getElementById(section.getAttribute("data-preview-source"));
    var titleSource = document.getElementById(section.getAttribute("data-preview-title-source"));
    var url = section.getAttribute("data-preview-url");
    var body = section.querySelector("[data-preview-body]");
    var title = section.querySelector("[data-preview-title]");
    var status = section.querySelector("[data-preview-status]");
    var form = source && source.form;
    var token = form && form.querySelector("input[name=csrf_token]");
    if (!source || !url || !body || !token || !window.fetch || !window.URLSearchParams) { return; }

    // The live preview replaces the button (the button still works if it is shown again).
    form.querySelectorAll("[data-preview-button]").forEach(function (button) { button.classList.add("d-none"); });

    var timer = null;
    var sent = 0;     // number of the latest request; an older answer arriving late is dropped
    var last = null;  // the text of the latest preview shown

    function showError(failed) {
      if (!status) { return; }
      status.textContent = failed ? section.getAttribute("data-preview-error") : "";
      status.classList.toggle("d-none", !failed);
    }

    function refresh() {
      timer = null;
      var text = source.value;
      if (text === last) { return; }
      var number = ++sent;
      var data = new URLSearchParams();
      data.append("csrf_token", token.value);
      data.append("body", text);
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: {"Accept": "application/json"}
      }).then(function (response) {
        if (!response.ok) { throw new Error("preview " + response.status); }
        return response.json();
      }).then(function (answer) {
        if (number !== sent) { return; }
        body.innerHTML = answer.html;  // sanitised on the server (portal/core/markdown_render.py)
        last = text;
        section.setAttribute("data-preview-state", "fresh");
        showError(false);
      }).catch(function () {
        if (number !== sent) { return; }
        section.setAttribute("data-preview-state", "failed");
        showError(true);
      });
    }

    function later() {
      section.setAttribute("data-preview-state", "waiting");
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(refresh, DELAY);
    }

    source.addEventListener("input", later);
    if (titleSource && title) {
      titleSource.addEventListener("input", function () { title.textContent = titleSource.value; });
    }
    section.setAttribute("data-preview-live", "1");
  }

  document.querySelectorAll("[data-live-preview]").forEach(setup);
})();
