// Small progressive enhancements on top of htmx; every page works without this file.
document.addEventListener("htmx:afterSwap", (event) => {
  const stem = event.detail.target.closest("#card")?.querySelector("#question-stem")
    || document.querySelector("#card #question-stem");
  if (stem) stem.focus({ preventScroll: true });
});
