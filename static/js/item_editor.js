// Live checks for the item editor: after a pause in typing, POST the form to the validate
// endpoint and show its errors per field, the quality notes and the candidate's preview.
// Without JavaScript the form still saves and shows the same checks after the round trip.
(function () {
  "use strict";
  const form = document.querySelector("form.item-editor");
  if (!form || !window.fetch) return;
  const preview = document.getElementById("preview");
  const quality = document.getElementById("quality");
  const suggestions = document.getElementById("suggestions");
  const token = form.querySelector('input[name="csrf_token"]');
  let timer = null;
  let sequence = 0;

  function list(into, className, intro, messages) {
    into.textContent = "";
    if (!messages || !messages.length) return;
    const box = document.createElement("div");
    box.className = className;
    if (intro) {
      const p = document.createElement("p");
      p.textContent = intro;
      box.appendChild(p);
    }
    const ul = document.createElement("ul");
    messages.forEach(function (message) {
      const li = document.createElement("li");
      li.textContent = message;
      ul.appendChild(li);
    });
    box.appendChild(ul);
    into.appendChild(box);
  }

  function show(result) {
    form.querySelectorAll(".live-error").forEach(function (el) {
      const name = el.id.replace(/-live$/, "");
      const messages = (result.errors || {})[name] || [];
      el.textContent = messages.join(" ");
      const input = form.querySelector('[name="' + name + '"]');
      if (input) input.setAttribute("aria-invalid", messages.length ? "true" : "false");
    });
    list(quality, "flash flash-error", "", result.quality);
    if (suggestions) {
      list(suggestions, "flash flash-info",
           "Suggestions (the item can be saved without them):", result.suggestions);
    }
    if (result.preview) preview.innerHTML = result.preview;
  }

  function check() {
    const mine = ++sequence;
    fetch(form.dataset.validateUrl, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (resp) { return resp.json(); })
      .then(function (result) { if (mine === sequence) show(result); })
      .catch(function () { /* the save still checks everything */ });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 400);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
