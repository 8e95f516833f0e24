// Draws each trend table as a line chart (Chart.js, served by the app). The table stays in the
// page as the chart's text alternative: without JavaScript, or for a screen reader, it is the data.
(function () {
  'use strict';
  if (typeof window.Chart !== 'function') return;
  var accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim();
  document.querySelectorAll('figure[data-chart]').forEach(function (figure) {
    var rows = figure.querySelectorAll('tbody tr');
    var labels = [];
    var values = [];
    rows.forEach(function (row) {
      var cells = row.querySelectorAll('td');
      labels.push(cells[0].textContent);
      var raw = cells[1].getAttribute('data-value');
      var value = raw === '' ? null : Number(raw);
      values.push(value !== null && figure.dataset.format === 'rate' ? value * 100 : value);
    });
    var canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute(
      'aria-label',
      figure.querySelector('figcaption').textContent + ': chart of the table below',
    );
    figure.insertBefore(canvas, figure.querySelector('table'));
    figure.querySelector('table').classList.add('visually-hidden');
    new window.Chart(canvas, {
      type: 'line',
      data: {
        labels: labels,
        // A day or week without answers has no figure (null): the line breaks there rather than
        // joining its neighbours as if the days between had answers.
        datasets: [{ data: values, borderColor: accent, backgroundColor: accent, spanGaps: false }],
      },
      options: {
        animation: false,
        plugins: { legend: { display: false } },
        maintainAspectRatio: false,
      },
    });
  });
})();
