// Draws each question's tables as charts (Chart.js, served by the app): its answers as bars of
// identified and anonymous answers (a count not shown, "fewer than 5", has no bar), its trend as
// lines. The answers' table stays in view; the trend's stays in the page for screen readers, as
// the chart's text alternative, and without JavaScript it is the data.
(function () {
  'use strict';
  if (typeof window.Chart !== 'function') return;
  var style = getComputedStyle(document.documentElement);
  var accent = style.getPropertyValue('--accent').trim() || '#0b57d0';
  var palette = [
    accent,
    '#b3261e',
    '#146c2e',
    '#7d5700',
    '#6750a4',
    '#006a6a',
    '#8c1d18',
    '#44474f',
  ];

  function number(cell) {
    var raw = cell.getAttribute('data-value');
    return raw === null || raw === '' ? null : Number(raw);
  }

  function canvasFor(figure) {
    var canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute(
      'aria-label',
      figure.querySelector('figcaption').textContent + ': ' + figure.dataset.chartLabel,
    );
    figure.insertBefore(canvas, figure.querySelector('.scroll'));
    return canvas;
  }

  document.querySelectorAll('figure[data-chart="bar"]').forEach(function (figure) {
    var labels = [];
    var identified = [];
    var anonymous = [];
    figure.querySelectorAll('tbody tr').forEach(function (row) {
      var cells = row.querySelectorAll('td');
      labels.push(row.querySelector('th').textContent);
      identified.push(number(cells[2]));
      anonymous.push(number(cells[3]));
    });
    new window.Chart(canvasFor(figure), {
      type: 'bar',
      data: {
        labels: labels,
        datasets: [
          { label: figure.dataset.identified, data: identified, backgroundColor: accent },
          { label: figure.dataset.anonymous, data: anonymous, backgroundColor: palette[6] },
        ],
      },
      options: {
        animation: false,
        indexAxis: 'y',
        maintainAspectRatio: false,
        // Counts of answers: whole numbers on the axis.
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: true },
        },
      },
    });
  });

  document.querySelectorAll('figure[data-chart="line"]').forEach(function (figure) {
    var rate = figure.dataset.format === 'rate';
    var names = [];
    figure.querySelectorAll('thead th').forEach(function (th, index) {
      if (index > 1) names.push(th.textContent);
    });
    var labels = [];
    var series = names.map(function () {
      return [];
    });
    figure.querySelectorAll('tbody tr').forEach(function (row) {
      labels.push(row.querySelector('th').textContent);
      var cells = row.querySelectorAll('td');
      series.forEach(function (values, index) {
        var value = number(cells[index + 1]);
        values.push(value !== null && rate ? value * 100 : value);
      });
    });
    var table = figure.querySelector('.scroll');
    new window.Chart(canvasFor(figure), {
      type: 'line',
      data: {
        labels: labels,
        // A bucket nobody answered in has no figure (null): the line breaks there.
        datasets: series.map(function (values, index) {
          var colour = palette[index % palette.length];
          return {
            label: names[index],
            data: values,
            borderColor: colour,
            backgroundColor: colour,
            spanGaps: false,
          };
        }),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: names.length > 1 } },
        scales: { y: rate ? { min: 0, max: 100 } : { min: 1, max: 5 } },
      },
    });
    table.classList.add('visually-hidden');
    table.removeAttribute('tabindex');
  });
})();
