/* Shared by the block's views: JSON calls with the CSRF header, safe text rendering. No DOM parsing of strings. */
(function () {
  'use strict';

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function request(url, options) {
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          var error = new Error(body.error || response.statusText);
          error.status = response.status;
          error.body = body;
          throw error;
        }
        return body;
      });
    });
  }

  function postJSON(url, data) {
    return request(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrfToken()},
      body: JSON.stringify(data)
    });
  }

  function getJSON(url, params) {
    var query = Object.keys(params || {}).map(function (k) {
      return encodeURIComponent(k) + '=' + encodeURIComponent(params[k]);
    }).join('&');
    var joined = query ? url + (url.indexOf('?') < 0 ? '?' : '&') + query : url;
    return request(joined, {credentials: 'same-origin', headers: {'Accept': 'application/json'}});
  }

  /* el('p', {className: 'x', text: 'hi'}, [children]): builds DOM with textContent only. */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null || value === false) { return; }
      if (key === 'text') { node.textContent = value; }
      else if (key === 'className') { node.className = value; }
      else if (key === 'hidden') { node.hidden = true; }
      else { node.setAttribute(key, value === true ? '' : value); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  /* Learner text arrives as [{text}|{link}] parts from the server: no HTML is ever interpreted. */
  function richText(parts, className) {
    var container = el('div', {className: className, dir: 'auto'});  // learner text keeps its own direction
    (parts || []).forEach(function (part) {
      if (part.link) {
        container.appendChild(el('a', {href: part.link, text: part.link, rel: 'nofollow noopener noreferrer ugc', target: '_blank'}));
      } else {
        container.appendChild(document.createTextNode(part.text));
      }
    });
    return container;
  }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  /* The learner's language, from the server (mentor_xblock/i18n.py locale_args): its code for
   * Intl formats, the plural table (form index of 0..199; n >= 200 takes the form of 100 + n % 100)
   * and the duration forms. Set by initArgs; one language per page. */
  var locale = {lang: document.documentElement.lang || 'en', plural: '', durations: null};

  function useLocale(value) {
    if (value && value.plural) { locale = value; }
  }

  function pluralIndex(n) {
    var count = Math.floor(Math.abs(Number(n) || 0));
    var table = locale.plural;
    if (!table) { return count === 1 ? 0 : 1; }
    return Number(table.charAt(count < table.length ? count : 100 + count % 100));
  }

  /* A plural message: `forms` is the list the server sent (every form of the language, in order);
   * `values` fill its placeholders (default {n: n}). */
  function plural(forms, n, values) {
    var list = typeof forms === 'string' ? [forms] : forms;
    return format(list[Math.min(pluralIndex(n), list.length - 1)], values || {n: n});
  }

  /* One rule for durations, as mentor_xblock/i18n.py duration_parts: minutes under an hour
   * (at least 1), hours under two days, then days; whole numbers. */
  function duration(seconds) {
    var s = Math.max(0, Number(seconds) || 0);
    var unit = s < 3600 ? 'minutes' : s < 48 * 3600 ? 'hours' : 'days';
    var n = unit === 'minutes' ? Math.max(1, Math.round(s / 60)) : Math.round(s / (unit === 'hours' ? 3600 : 86400));
    var forms = locale.durations ? locale.durations[unit] : ['{n} ' + unit];
    return plural(forms, n, {n: n});
  }

  function time(iso) {
    var date = new Date(iso);
    return el('time', {datetime: iso, text: isNaN(date) ? iso : date.toLocaleString(locale.lang)});
  }

  /* Previous/next navigation for a paged list: data has page and pages; t has page_of, previous, next. */
  function pager(data, t, go) {
    if (data.pages <= 1) { return null; }
    var label = format(t.page_of, {page: data.page, pages: data.pages});
    var prev = el('button', {type: 'button', text: t.previous, disabled: data.page <= 1});
    var next = el('button', {type: 'button', text: t.next, disabled: data.page >= data.pages});
    prev.addEventListener('click', function () { go(data.page - 1); });
    next.addEventListener('click', function () { go(data.page + 1); });
    return el('nav', {className: 'pager', 'aria-label': label}, [prev, el('span', {text: label}), next]);
  }

  /* One visual language for messages: kind 'error' (an alert, error colour and icon), 'success', or none
     (a neutral status). The node keeps one live role at a time, so nothing is announced twice. */
  function say(node, text, kind) {
    node.textContent = text || '';
    node.classList.remove('msg--error', 'msg--success');
    if (text && kind) { node.classList.add('msg--' + kind); }
    node.setAttribute('role', kind === 'error' && text ? 'alert' : 'status');
  }

  /* On narrow screens table rows stack as cards: each data cell carries its column's name for CSS. */
  function stackable(table) {
    var heads = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) { return th.textContent; });
    Array.prototype.forEach.call(table.querySelectorAll('tbody tr'), function (tr) {
      Array.prototype.forEach.call(tr.children, function (cell, i) {
        if (i > 0 && heads[i]) { cell.setAttribute('data-label', heads[i]); }
      });
    });
    table.classList.add('stack-table');
    return table;
  }

  /* Mail links end in #mentor-response-<id>; the item is drawn by script after the browser looked
     for that anchor, so a view calls this once it has drawn responses: the first element marked
     data-response-anchor=<id> is scrolled to and focused (once per page). */
  var revealed = false;
  function revealLinked(root) {
    var match = /^#mentor-response-(\d+)$/.exec(window.location.hash || '');
    if (revealed || !match || !root) { return; }
    var target = root.querySelector('[data-response-anchor="' + match[1] + '"]');
    if (!target) { return; }
    revealed = true;
    if (!target.hasAttribute('tabindex')) { target.setAttribute('tabindex', '-1'); }
    target.scrollIntoView({block: 'start'});
    target.focus({preventScroll: true});
  }

  /* Views receive their arguments as one string of HTML-safe JSON (see rendering.safe_init_args). */
  function initArgs(args) {
    var parsed = args && typeof args.json === 'string' ? JSON.parse(args.json) : (args || {});
    useLocale(parsed.locale);
    return parsed;
  }

  window.MentorCommon = {
    initArgs: initArgs,
    csrfToken: csrfToken, postJSON: postJSON, getJSON: getJSON, el: el, richText: richText,
    format: format, time: time, pager: pager, stackable: stackable, say: say,
    plural: plural, duration: duration, useLocale: useLocale, revealLinked: revealLinked
  };
}());
