// Small progressive enhancements on top of htmx; every page works without this file.
(() => {
  const RETRY_EVERY_MS = 5000;
  const RETRYABLE_STATUS = new Set([502, 503, 504]);
  const waiting = new Set();
  let timer = null;

  const statusFor = (elt) =>
    elt.closest("#card")?.querySelector("[data-save-status]") || elt.querySelector?.("[data-save-status]");

  function say(elt, message) {
    const status = statusFor(elt);
    if (status && status.textContent !== message) status.textContent = message;
  }

  // A failed request leaves the form as it was; send it again when the network is back.
  function retryLater(elt) {
    const saving = elt.matches("form");
    say(elt, saving
      ? "Not saved — will retry when you are back online. Your answer is kept."
      : "Not loaded — will try again when you are back online.");
    // Show the form's end: the message sits in its place above the button, covering nothing.
    if (saving && !waiting.has(elt)) elt.scrollIntoView({ block: "end" });
    waiting.add(elt);
    timer = timer || setInterval(() => { if (navigator.onLine !== false) retryAll(); }, RETRY_EVERY_MS);
  }

  function retryAll() {
    for (const elt of [...waiting]) {
      waiting.delete(elt);
      if (!elt.isConnected) continue;
      if (elt.matches("form")) elt.requestSubmit();
      else elt.click();
    }
    if (!waiting.size && timer) {
      clearInterval(timer);
      timer = null;
    }
  }

  document.addEventListener("htmx:sendError", (event) => retryLater(event.detail.elt));
  document.addEventListener("htmx:timeout", (event) => retryLater(event.detail.elt));
  document.addEventListener("htmx:responseError", (event) => {
    const { elt, xhr } = event.detail;
    if (RETRYABLE_STATUS.has(xhr.status)) return retryLater(elt);
    say(elt, "Not saved — something went wrong. Please reload the page and try again.");
  });
  window.addEventListener("online", retryAll);

  // The card is replaced whole: move focus to its heading so the next Tab lands in it.
  document.addEventListener("htmx:afterSettle", () => {
    document.querySelector("#card h2[tabindex='-1']")?.focus({ preventScroll: true });
  });
})();
