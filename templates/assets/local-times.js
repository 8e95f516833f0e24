// Every <time> on a console page shows, on hover, the exact time in the reader's own time zone
// (the server writes UTC, the same for every reader, as the fallback without JavaScript).
(function () {
  const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
  for (const time of document.querySelectorAll('time[datetime]')) {
    const at = new Date(time.getAttribute('datetime'));
    if (!Number.isNaN(at.getTime())) time.title = format.format(at);
  }
})();
