/* Small bar charts for the programme dashboard, drawn as SVG without a chart library.
 * Each row is text (label and value, read by screen readers and shown to everyone) beside a
 * bar that is decoration only (aria-hidden): the numbers never live only in the picture.
 * CSP-safe: geometry goes in SVG attributes, colours in static/css/dashboard.css. */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  function bar(share) {
    var width = Math.max(0, Math.min(1, share || 0)) * 100;
    var picture = svg('svg', {'class': 'chart__bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none',
      'aria-hidden': 'true', focusable: 'false'});
    picture.appendChild(svg('rect', {'class': 'chart__track', x: 0, y: 0, width: 100, height: 10, rx: 1}));
    if (width > 0) { picture.appendChild(svg('rect', {'class': 'chart__fill', x: 0, y: 0, width: width.toFixed(2), height: 10, rx: 1})); }
    return picture;
  }

  /* rows: [{label, value (number or null), text}]; max: the full-bar value (default: the largest). */
  function bars(caption, rows, max) {
    var el = window.MentorCommon.el;
    var top = max || rows.reduce(function (most, row) { return Math.max(most, row.value || 0); }, 0);
    var list = el('ul', {className: 'chart__rows'}, rows.map(function (row) {
      return el('li', {className: 'chart__row'}, [
        el('span', {className: 'chart__label', text: row.label}),
        bar(top ? (row.value || 0) / top : 0),
        el('span', {className: 'chart__value', text: row.text})
      ]);
    }));
    return el('figure', {className: 'chart'}, [el('figcaption', {className: 'chart__caption', text: caption}), list]);
  }

  window.MentorCharts = {bars: bars};
}());
