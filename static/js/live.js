// Live sessions: count a question's timer down on screen. The server decides when
// time is up; without this file the page shows the seconds left when it loaded.
(() => {
  function tick() {
    for (const timer of document.querySelectorAll("[data-countdown]")) {
      const left = Math.max(0, Number(timer.dataset.countdown) - 1);
      timer.dataset.countdown = String(left);
      timer.textContent = timer.textContent.replace(/\d+/, String(left));
    }
  }
  setInterval(tick, 1000);
})();
