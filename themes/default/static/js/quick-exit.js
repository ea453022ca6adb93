/* signpost quick exit.
 * Without JavaScript the quick exit is a plain link. With it:
 * - a click on any [data-signpost^="quick-exit"] link, or Shift pressed three
 *   times on its own (each press within 5 seconds of the last), blanks the page
 *   at once and leaves with location.replace, so Back does not return here;
 * - screen readers hear how many Shift presses remain;
 * - coming back through the back-forward cache shows the page again;
 * - with data-history="single" on the bar (site.yaml quick_exit.history, the
 *   default), following a link or sending a GET form to another page of the
 *   same origin, or to an #anchor, replaces the tab's history entry instead of
 *   adding one, so a whole visit is one entry and after the quick exit Back
 *   lands on what was open before the site. Clicks meant otherwise are left
 *   alone: modifier keys, other buttons, target=, download, other origins,
 *   and clicks another script has already handled;
 * - an element with data-signpost-script="URL" (the search box) loads that
 *   script the first time it is focused or typed in, and not before;
 * - the bar's height sizes scroll-padding-top (--quick-exit-height), and an
 *   element the keyboard focuses that would still be under the bar (its
 *   focus ring included) is scrolled clear of it.
 * ES5 only, no globals, no cookies and no storage of any kind.
 */
(function () {
  'use strict';

  var doc = document;
  var root = doc.documentElement;
  var LEAVING = 'quick-exit--leaving';
  var WINDOW_MS = 5000;
  var PRESSES = 3;
  var FOCUS_RING = 12;    // px a focus ring reaches outside its element, and a margin

  var count = 0;          // Shift presses counted so far
  var lastPress = 0;      // time of the last counted press (ms)
  var shiftAlone = false; // the Shift key now held went down with nothing else
  var expiry = null;      // timer that resets an unfinished count
  var pointing = false;   // a mouse button or a finger is down

  function hasClass(el, name) {
    return (' ' + el.className + ' ').indexOf(' ' + name + ' ') !== -1;
  }

  function addClass(el, name) {
    if (!hasClass(el, name)) {
      el.className = el.className ? el.className + ' ' + name : name;
    }
  }

  function removeClass(el, name) {
    el.className = (' ' + el.className + ' ')
      .replace(' ' + name + ' ', ' ')
      .replace(/^\s+|\s+$/g, '');
  }

  function find(selector) {
    return doc.querySelector ? doc.querySelector(selector) : null;
  }

  // Translated strings live in data-* attributes of the quick exit bar.
  function message(name) {
    var bar = find('.quick-exit');
    return bar ? bar.getAttribute('data-' + name) || '' : '';
  }

  function say(text) {
    var status = find('.quick-exit__status');
    if (!status) {
      return;
    }
    // Empty first, then fill, so the same sentence is announced again.
    status.textContent = '';
    if (text) {
      window.setTimeout(function () {
        status.textContent = text;
      }, 100);
    }
  }

  function isQuickExitLink(el) {
    var kind = el.getAttribute && el.getAttribute('data-signpost');
    return el.nodeName === 'A' && !!kind && kind.indexOf('quick-exit') === 0;
  }

  function exitUrl() {
    var link = find('a[data-signpost="quick-exit"]') || find('a[data-signpost^="quick-exit"]');
    return link ? link.href : '';
  }

  function clearCount() {
    count = 0;
    lastPress = 0;
    if (expiry) {
      window.clearTimeout(expiry);
      expiry = null;
    }
  }

  function leave(url) {
    if (!url) {
      return;
    }
    var overlay = find('.quick-exit__overlay');
    if (overlay) {
      overlay.removeAttribute('hidden');
    }
    addClass(root, LEAVING);
    clearCount();
    try {
      window.location.replace(url);
    } catch (e) {
      window.location.href = url;
    }
  }

  function restore() {
    var overlay = find('.quick-exit__overlay');
    if (overlay) {
      overlay.setAttribute('hidden', '');
    }
    removeClass(root, LEAVING);
    clearCount();
    shiftAlone = false;
    say('');
  }

  function expire() {
    expiry = null;
    if (count > 0) {
      count = 0;
      lastPress = 0;
      say(message('timed-out'));
    }
  }

  function countPress() {
    var now = new Date().getTime();
    if (count > 0 && now - lastPress > WINDOW_MS) {
      count = 0; // too slow: this press starts a new count
    }
    count += 1;
    lastPress = now;
    if (expiry) {
      window.clearTimeout(expiry);
    }
    if (count >= PRESSES) {
      say(message('leaving'));
      leave(exitUrl());
      return;
    }
    say(message(PRESSES - count === 2 ? 'two-left' : 'one-left'));
    expiry = window.setTimeout(expire, WINDOW_MS);
  }

  function isShift(event) {
    return event.key === 'Shift' || event.keyCode === 16 || event.which === 16;
  }

  function onKeyDown(event) {
    if (isShift(event)) {
      if (!event.repeat) {
        shiftAlone = !(event.ctrlKey || event.altKey || event.metaKey);
      }
      return;
    }
    // Any other key (Shift+A, Ctrl, a letter between presses) breaks the sequence.
    shiftAlone = false;
    if (count > 0) {
      clearCount();
      say('');
    }
  }

  // A press counts when Shift is released without another key in between,
  // so Shift used as a modifier (Shift+A) never counts.
  function onKeyUp(event) {
    if (!isShift(event)) {
      return;
    }
    if (shiftAlone) {
      shiftAlone = false;
      countPress();
    }
  }

  function onClick(event) {
    var el = event.target;
    while (el && el !== doc && !isQuickExitLink(el)) {
      el = el.parentNode;
    }
    if (!el || el === doc) {
      return;
    }
    if (event.preventDefault) {
      event.preventDefault();
    }
    leave(el.href);
  }

  // ---------------------------------------------- one entry per visit

  function sameOrigin(link) {
    return link.protocol === window.location.protocol && link.host === window.location.host;
  }

  function closestLink(el) {
    while (el && el !== doc) {
      if ((el.nodeName === 'A' || el.nodeName === 'AREA') && el.getAttribute('href') !== null) {
        return el;
      }
      el = el.parentNode;
    }
    return null;
  }

  function otherTarget(el) {
    var target = el.getAttribute('target');
    return !!target && target !== '_self';
  }

  // An in-page #anchor: move focus to a focusable target, as a skip link
  // does (the browser moves the Tab starting point to any other target).
  function focusTarget(hash) {
    var id = hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch (e) { /* keep it as written */ }
    var el = id ? doc.getElementById(id) : null;
    if (el && el !== doc.activeElement && (el.tabIndex >= 0 || el.hasAttribute('tabindex'))) {
      el.focus();
    }
  }

  function followLink(event) {
    var link = closestLink(event.target);
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.ctrlKey || event.metaKey || event.shiftKey || event.altKey ||
        otherTarget(link) || link.hasAttribute('download') || !sameOrigin(link)) {
      return;
    }
    var here = window.location;
    event.preventDefault();
    window.location.replace(link.href);
    if (link.hash && link.pathname === here.pathname && link.search === here.search) {
      focusTarget(link.hash);
    }
  }

  // A GET form to the same origin, where the browser can say what it sends
  // (FormData, URLSearchParams); anything else is sent as usual.
  function sendForm(event) {
    var form = event.target;
    var method = (form.getAttribute && form.getAttribute('method')) || 'get';
    if (event.defaultPrevented || form.nodeName !== 'FORM' || method.toLowerCase() !== 'get' ||
        otherTarget(form) || !window.FormData || !window.URLSearchParams) {
      return;
    }
    var action = doc.createElement('a');
    action.href = form.getAttribute('action') || window.location.href;
    if (!sameOrigin(action)) {
      return;
    }
    event.preventDefault();
    var query = new window.URLSearchParams(new window.FormData(form)).toString();
    window.location.replace(action.href.split('#')[0].split('?')[0] + (query ? '?' + query : ''));
  }

  // ------------------------------------------- focus clear of the bar

  function bar() {
    return find('.quick-exit');
  }

  function sizeScrollPadding() {
    var el = bar();
    if (el && root.style.setProperty) {
      root.style.setProperty('--quick-exit-height', el.offsetHeight + 'px');
    }
  }

  // Focus that a mouse button or a finger gives is left where it is: moving
  // the page under the pointer would make the click miss.
  function onFocusIn(event) {
    var el = bar();
    var target = event.target;
    if (pointing || !el || !target.getBoundingClientRect || el.contains(target)) {
      return;
    }
    // Room for the focus ring (outline and box-shadow) too.
    var hidden = el.getBoundingClientRect().bottom + FOCUS_RING - target.getBoundingClientRect().top;
    if (hidden > 0 && el.getBoundingClientRect().top >= 0) {
      window.scrollBy(0, -hidden);
    }
  }

  // ------------------------------------------ scripts loaded on use

  // The search script (and through it the index) costs nothing until the
  // visitor focuses or types in the search box.
  function loadOnUse(event) {
    var el = event.target;
    var src = el && el.getAttribute && el.getAttribute('data-signpost-script');
    if (!src || el.hasAttribute('data-signpost-loading')) {
      return;
    }
    el.setAttribute('data-signpost-loading', '');
    var script = doc.createElement('script');
    script.src = src;
    (doc.head || root).appendChild(script);
  }

  function onPageShow(event) {
    if (event.persisted) {
      restore();
    }
  }

  if (!doc.addEventListener) {
    return; // very old browser: the plain link still works
  }
  addClass(root, 'signpost-js');
  doc.addEventListener('click', onClick, false);
  if (message('history') === 'single') {
    // On window, so handlers on the page (document included) run first.
    window.addEventListener('click', followLink, false);
    window.addEventListener('submit', sendForm, false);
  }
  doc.addEventListener('focusin', onFocusIn, false);
  doc.addEventListener('focusin', loadOnUse, false);
  doc.addEventListener('input', loadOnUse, false);
  doc.addEventListener('mousedown', function () {
    pointing = true;
  }, true);
  doc.addEventListener('mouseup', function () {
    pointing = false;
  }, true);
  sizeScrollPadding();
  window.addEventListener('resize', sizeScrollPadding, false);
  doc.addEventListener('keydown', onKeyDown, true);
  doc.addEventListener('keyup', onKeyUp, true);
  window.addEventListener('pageshow', onPageShow, false);
  window.addEventListener('blur', function () {
    shiftAlone = false;
  }, false);
}());
