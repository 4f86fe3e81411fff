// Progressive enhancement for question pages: autosave, keyboard shortcuts, countdown.
// Without JavaScript the plain form posts do all of this except the live countdown.
(function () {
  "use strict";
  const form = document.querySelector("form.question-form");
  if (!form) return;
  const status = form.querySelector(".save-status");
  const token = form.querySelector('input[name="csrf_token"]');

  // --- autosave: every change is posted; the server answers JSON -------------------------
  // One save at a time: a change made while a save is in flight is saved right after it, so
  // the server stores the latest answer and the status never shows an older save's outcome.
  let pending = null;
  let inFlight = false;
  let again = false;
  function save() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    const body = new FormData(form);
    body.delete("nav");
    status.textContent = "Saving…";
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
      credentials: "same-origin",
    })
      .then((response) => response.json().then((data) => ({ ok: response.ok, data })))
      .then(({ ok, data }) => {
        if (!ok && data.error.code === "attempt_closed") window.location.reload();
        if (!again) status.textContent = ok ? "Saved" : data.error.message;
      })
      .catch(() => { if (!again) status.textContent = "Not saved yet: check your connection."; })
      .finally(() => {
        inFlight = false;
        if (again) { again = false; save(); }
      });
  }
  form.addEventListener("change", () => { clearTimeout(pending); pending = setTimeout(save, 150); });
  form.addEventListener("input", (event) => {
    if (event.target.type === "text") { clearTimeout(pending); pending = setTimeout(save, 600); }
  });

  // --- keyboard: 1–9 choose the n-th option; Enter submits (native) --------------------
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (target.matches('input[type="text"], input[type="number"], select, textarea')) return;
    if (!/^[1-9]$/.test(event.key)) return;
    const choices = form.querySelectorAll('fieldset.question input[name="answer"]');
    const choice = choices[Number(event.key) - 1];
    if (!choice) return;
    event.preventDefault();
    if (choice.type === "checkbox") choice.checked = !choice.checked; else choice.checked = true;
    choice.focus();
    choice.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // --- integrity context: item views, focus losses and pastes, sent in small batches ----
  // Shown to instructors and recruiters as context only (docs/integrity.md); never scored.
  const eventsUrl = form.dataset.eventsUrl;
  const number = Number(form.dataset.number);
  let queued = [];
  let lastBlur = 0;
  function record(kind) { queued.push({ kind: kind, item: number, at: Date.now() }); }
  function flush() {
    if (!eventsUrl || queued.length === 0) return;
    const now = Date.now();
    const batch = queued.splice(0, 50).map((e) => ({
      kind: e.kind, item: e.item, ago_ms: Math.min(600000, Math.max(0, now - e.at)),
    }));
    fetch(eventsUrl, {
      method: "POST",
      body: JSON.stringify({ events: batch }),
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": token ? token.value : "",
        Accept: "application/json",
      },
      credentials: "same-origin",
      keepalive: true,
    }).catch(() => {});
  }
  function lostFocus() {
    if (Date.now() - lastBlur < 1000) return; // a tab switch fires both blur and hidden
    lastBlur = Date.now();
    record("blur");
  }
  // Leaving the page (a button, a link, closing the tab) also hides it: pagehide comes first,
  // so a page that is being left records no focus loss.
  let leaving = false;
  if (eventsUrl) {
    record("view");
    flush();
    document.addEventListener("visibilitychange", () => {
      if (leaving) return;
      if (document.visibilityState === "hidden") { lostFocus(); flush(); } else record("view");
    });
    window.addEventListener("blur", () => {
      if (!leaving && document.visibilityState === "visible") lostFocus();
    });
    form.addEventListener("paste", (event) => {
      if (event.target.matches('input[type="text"], textarea')) record("paste");
    });
    window.addEventListener("pagehide", () => { leaving = true; flush(); });
    window.addEventListener("pageshow", (event) => { if (event.persisted) { leaving = false; record("view"); } });
    setInterval(flush, 5000);
  }

  // --- countdown: the server's deadline is authoritative --------------------------------
  const timer = document.querySelector(".timer");
  if (!timer) return;
  const value = timer.querySelector(".timer-value");
  const announce = document.getElementById("timer-announce");
  const skew = Date.parse(timer.dataset.serverNow) - Date.now();
  const deadline = Date.parse(timer.dataset.deadline);
  const announced = new Set();
  function tick() {
    const left = Math.max(0, Math.round((deadline - (Date.now() + skew)) / 1000));
    const minutes = Math.floor(left / 60);
    const seconds = String(left % 60).padStart(2, "0");
    value.textContent = minutes + ":" + seconds;
    for (const mark of [5, 1]) {
      if (left <= mark * 60 && left > 0 && !announced.has(mark)) {
        announced.add(mark);
        announce.textContent = mark === 1 ? "1 minute left." : mark + " minutes left.";
      }
    }
    if (left === 0) {
      clearInterval(handle);
      window.location.assign(timer.dataset.expiredUrl);
    }
  }
  const handle = setInterval(tick, 1000);
  tick();
})();
