// Every <time> on a console page shows, on hover, the exact time in the reader's own time zone
// (the server writes UTC, the same for every reader, as the fallback without JavaScript). Parts
// htmx puts in later (the queue's table refreshing itself) get the same.
(function () {
  const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
  function localise(root) {
    for (const time of root.querySelectorAll('time[datetime]')) {
      const at = new Date(time.getAttribute('datetime'));
      if (!Number.isNaN(at.getTime())) time.title = format.format(at);
    }
  }
  localise(document);
  document.addEventListener('htmx:load', (event) => localise(event.target));
})();
