// Public forms, progressive enhancement only (every form works without this file; CSP: no inline script).
// - Forms with files (<form data-files-form>): the browser checks required fields and lengths BEFORE a slow
//   upload starts, and the submit button shows "Mengirim…" while the form is sent.
// - Receipts: "Salin" buttons (<button data-copy="#id">) copy a code with navigator.clipboard; print buttons
//   (<button data-print class="print-button d-none">) are shown only when window.print can be called.
(function () {
  "use strict";
  function hasFiles(form) {
    var inputs = form.querySelectorAll("input[type=file]");
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].files && inputs[i].files.length) { return true; }
    }
    return false;
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-files-form")) { return; }
    if (form.getAttribute("data-sending") === "1") { event.preventDefault(); return; }
    if (hasFiles(form) && typeof form.checkValidity === "function" && !form.checkValidity()) {
      event.preventDefault();
      form.reportValidity();
      return;
    }
    if (event.defaultPrevented) { return; }
    form.setAttribute("data-sending", "1");
    var buttons = form.querySelectorAll("button[type=submit][data-sending-text]");
    buttons.forEach(function (button) {
      button.setAttribute("data-label", button.textContent);
      button.textContent = button.getAttribute("data-sending-text");
      button.setAttribute("aria-busy", "true");
      // Disabled after the submission has started, so the form data is already taken.
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
  // Back/forward cache: a page shown again must not keep a disabled button.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      form.removeAttribute("data-sending");
      form.querySelectorAll("button[data-label]").forEach(function (button) {
        button.textContent = button.getAttribute("data-label");
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
    });
  });

  if (typeof window.print === "function") {
    document.querySelectorAll(".print-button[data-print]").forEach(function (b) { b.classList.remove("d-none"); });
  }
  var canCopy = navigator.clipboard && typeof navigator.clipboard.writeText === "function";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    if (!canCopy) { return; }
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      var target = document.querySelector(button.getAttribute("data-copy"));
      if (!target) { return; }
      var label = button.getAttribute("data-label") || button.textContent;
      button.setAttribute("data-label", label);
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        button.textContent = button.getAttribute("data-copied-text") || label;
        var status = document.getElementById("copy-status");
        if (status) { status.textContent = button.textContent; }
        window.setTimeout(function () { button.textContent = label; }, 2500);
      }, function () {
        // Clipboard refused (permissions): select the text so it can be copied by hand.
        var range = document.createRange();
        range.selectNodeContents(target);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
    });
  });
})();
