/* signpost quick exit.
 * Without JavaScript the quick exit is a plain link. With it:
 * - a click on any [data-signpost^="quick-exit"] link, or Shift pressed three
 *   times on its own (each press within 5 seconds of the last), blanks the page
 *   at once and leaves with location.replace, so Back does not return here;
 * - screen readers hear how many Shift presses remain;
 * - coming back through the back-forward cache shows the page again.
 * ES5 only, no globals, no cookies and no storage of any kind.
 */
(function () {
  'use strict';

  var doc = document;
  var root = doc.documentElement;
  var LEAVING = 'quick-exit--leaving';
  var WINDOW_MS = 5000;
  var PRESSES = 3;

  var count = 0;          // Shift presses counted so far
  var lastPress = 0;      // time of the last counted press (ms)
  var shiftAlone = false; // the Shift key now held went down with nothing else
  var expiry = null;      // timer that resets an unfinished count

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
  doc.addEventListener('keydown', onKeyDown, true);
  doc.addEventListener('keyup', onKeyUp, true);
  window.addEventListener('pageshow', onPageShow, false);
  window.addEventListener('blur', function () {
    shiftAlone = false;
  }, false);
}());
