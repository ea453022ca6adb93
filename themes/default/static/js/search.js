/* signpost search.
 * quick-exit.js loads this script the first time the search box is focused
 * or typed in; nothing of search loads before. This script then fetches the
 * index of the page's language (data-index, beside the search page) from
 * the site itself, and for a large site the terms file of each first letter
 * the query needs. Every visitor fetches the same files for the same first
 * letters: the query itself goes nowhere.
 * - The query lives in the box only: it is never put into the address, the
 *   history, cookies or any storage, and the box is emptied when the page is
 *   left, so the back-forward cache keeps no query either.
 * - Results (title, section, a snippet with the match marked) are a list of
 *   links after the box, updated as the visitor types; their number is said
 *   in a polite live region once typing stops.
 * - Words are folded and normalised as the index was built (src/search/
 *   normalise.rs): accents and case dropped, English plural -s, Welsh
 *   initial mutations. Each word of the query is a prefix; a page must match
 *   every word. A word in a title ranks above one in a heading, above one in
 *   the description or a service, above one in the body.
 * ES5 only, no globals, no eval, no storage of any kind.
 */
(function () {
  'use strict';

  var doc = document;
  var input = doc.getElementById('signpost-search-input');
  if (!input || !doc.addEventListener || !window.XMLHttpRequest ||
      input.hasAttribute('data-signpost-ready')) {
    return;
  }
  input.setAttribute('data-signpost-ready', '');

  var resultsList = doc.getElementById('signpost-search-results');
  var status = doc.getElementById('signpost-search-status');
  var az = doc.getElementById('signpost-search-az');
  var indexUrl = input.getAttribute('data-index');

  var SHOWN = 50;          // results shown at most
  var QUIET_MS = 900;      // typing pause before the count is announced
  var FIELD_WEIGHT = [1, 3, 6, 10]; // body, description or service, heading, title
  // Decoding of postings (src/search/mod.rs): five bits a character.
  var LAST = 'abcdefghijklmnopqrstuvwxyz012345';
  var MORE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ6789+/';
  // What splits words: the same characters as src/search/normalise.rs.
  var SEPARATORS = /[\s\u0085\u1680!-\/:-@\[-`{-~\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u3000-\u303f\ufeff]+/;
  var WELSH_VOWEL = /^[aeiouwy]/;
  var WELSH_RULES = [
    ['ngh', ['c']], ['mh', ['p']], ['nh', ['t']], ['ng', ['g']],
    ['ch', ['c']], ['ph', ['p']], ['th', ['t']], ['dd', ['d']],
    ['ll', []], ['rh', []], ['g', ['c']], ['b', ['p']], ['d', ['t']],
    ['f', ['b', 'm']], ['m', ['b']], ['n', ['d']], ['l', ['ll']], ['r', ['rh']]
  ];

  var index = null;        // the main index file, once loaded
  var shards = {};         // first letter → its terms, once loaded
  var pending = {};        // files being fetched, by address
  var failed = false;
  var quiet = null;        // timer of the announcement

  // ------------------------------------------------------ words

  function fold(text) {
    if (text.normalize) {
      text = text.normalize('NFD');
    }
    return text.replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  function words(text) {
    var parts = fold(text).split(SEPARATORS);
    var out = [];
    for (var i = 0; i < parts.length; i += 1) {
      if (parts[i]) {
        out.push(parts[i]);
      }
    }
    return out;
  }

  function endsWith(word, end) {
    return word.length >= end.length && word.slice(word.length - end.length) === end;
  }

  function englishSingular(word) {
    if (word.length <= 3 || !endsWith(word, 's')) {
      return word;
    }
    if (word.length > 4 && endsWith(word, 'ies')) {
      return word.slice(0, -3) + 'y';
    }
    if (endsWith(word, 'sses') || endsWith(word, 'xes') || endsWith(word, 'ches') || endsWith(word, 'shes')) {
      return word.slice(0, -2);
    }
    if (endsWith(word, 'ss') || endsWith(word, 'us') || endsWith(word, 'is')) {
      return word;
    }
    return word.slice(0, -1);
  }

  function welshRadicals(word) {
    if (word.length < 3) {
      return [];
    }
    if (word.charAt(0) === 'h' && WELSH_VOWEL.test(word.slice(1))) {
      return [word.slice(1)];
    }
    if (WELSH_VOWEL.test(word)) {
      return ['g' + word];
    }
    for (var i = 0; i < WELSH_RULES.length; i += 1) {
      var initial = WELSH_RULES[i][0];
      if (word.indexOf(initial) === 0) {
        var out = [];
        for (var j = 0; j < WELSH_RULES[i][1].length; j += 1) {
          out.push(WELSH_RULES[i][1][j] + word.slice(initial.length));
        }
        return out;
      }
    }
    return [];
  }

  // The forms a folded word may be found under.
  function forms(word) {
    var kind = index && index.normaliser;
    if (kind === 'en') {
      var one = englishSingular(word);
      return one === word ? [word] : [word, one];
    }
    if (kind === 'cy') {
      return [word].concat(welshRadicals(word));
    }
    return [word];
  }

  function startsWithAny(text, keys) {
    for (var i = 0; i < keys.length; i += 1) {
      if (text.indexOf(keys[i]) === 0) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------ fetching

  function fetchJson(url, done) {
    if (pending[url]) {
      return;
    }
    pending[url] = true;
    var request = new window.XMLHttpRequest();
    request.open('GET', url, true);
    request.onreadystatechange = function () {
      if (request.readyState !== 4) {
        return;
      }
      var data = null;
      if (request.status === 200 || (request.status === 0 && request.responseText)) {
        try {
          data = JSON.parse(request.responseText);
        } catch (e) {
          data = null;
        }
      }
      if (data) {
        done(data);
      } else {
        fail();
      }
    };
    try {
      request.send(null);
    } catch (e) {
      fail();
    }
  }

  function fail() {
    failed = true;
    show([], []);
    announce(input.getAttribute('data-unavailable'), true);
  }

  // The address of a first letter's terms file, beside the index.
  function shardUrl(key) {
    return indexUrl.replace(/\.json$/, '.' + key + '.json');
  }

  function keyOf(term) {
    var c = term.charAt(0);
    return /[a-z0-9]/.test(c) ? c : 'u' + c.charCodeAt(0).toString(16);
  }

  // The terms files a query needs that are not loaded yet; fetching them.
  function missing(queryWords) {
    if (!index.shards) {
      return false;
    }
    var wanted = false;
    for (var i = 0; i < queryWords.length; i += 1) {
      var keys = forms(queryWords[i]);
      for (var j = 0; j < keys.length; j += 1) {
        var key = keyOf(keys[j]);
        if (!shards[key] && index.shards.indexOf(key) !== -1) {
          wanted = true;
          fetchShard(key);
        }
      }
    }
    return wanted;
  }

  function fetchShard(key) {
    fetchJson(shardUrl(key), function (data) {
      shards[key] = data;
      update();
    });
  }

  // ------------------------------------------------------ searching

  function eachTermList(callback) {
    if (!index.shards) {
      callback(index);
      return;
    }
    for (var key in shards) {
      if (Object.prototype.hasOwnProperty.call(shards, key)) {
        callback(shards[key]);
      }
    }
  }

  // page number → score of one query word (its best match in each page).
  function scoresOf(word) {
    var keys = forms(word);
    var scores = {};
    eachTermList(function (list) {
      var terms = list.terms ? list.terms.split(' ') : [];
      for (var t = 0; t < terms.length; t += 1) {
        if (!startsWithAny(terms[t], keys)) {
          continue;
        }
        var exact = false;
        for (var k = 0; k < keys.length; k += 1) {
          exact = exact || terms[t] === keys[k];
        }
        decode(list.postings[t], exact ? 2 : 1, scores);
      }
    });
    return scores;
  }

  function decode(text, factor, scores) {
    var page = 0;
    var value = 0;
    var shift = 1;
    for (var i = 0; i < text.length; i += 1) {
      var c = text.charAt(i);
      var digit = LAST.indexOf(c);
      if (digit === -1) {
        value += MORE.indexOf(c) * shift;
        shift *= 32;
        continue;
      }
      value += digit * shift;
      page += Math.floor(value / 4);
      var score = FIELD_WEIGHT[value % 4] * factor;
      if (!scores[page] || scores[page] < score) {
        scores[page] = score;
      }
      page += 1;
      value = 0;
      shift = 1;
    }
  }

  function search(queryWords) {
    var total = null;
    for (var i = 0; i < queryWords.length; i += 1) {
      var scores = scoresOf(queryWords[i]);
      var next = {};
      for (var page in scores) {
        if (Object.prototype.hasOwnProperty.call(scores, page) &&
            (total === null || total[page] !== undefined)) {
          next[page] = (total === null ? 0 : total[page]) + scores[page];
        }
      }
      total = next;
    }
    var found = [];
    for (var p in total) {
      if (Object.prototype.hasOwnProperty.call(total, p)) {
        found.push({ page: +p, score: total[p] });
      }
    }
    // Best score first; equal scores in A–Z order (the pages' numbers).
    found.sort(function (a, b) {
      return b.score - a.score || a.page - b.page;
    });
    return found;
  }

  // ------------------------------------------------------ showing

  function clear(el) {
    while (el.firstChild) {
      el.removeChild(el.firstChild);
    }
  }

  // `text` into `parent`, each word that matches the query marked.
  function marked(parent, text, keyLists) {
    var pieces = text.split(/(\s+)/);
    for (var i = 0; i < pieces.length; i += 1) {
      var piece = pieces[i];
      var hit = false;
      var parts = words(piece);
      for (var p = 0; p < parts.length && !hit; p += 1) {
        var own = forms(parts[p]);
        for (var f = 0; f < own.length && !hit; f += 1) {
          for (var k = 0; k < keyLists.length && !hit; k += 1) {
            hit = startsWithAny(own[f], keyLists[k]);
          }
        }
      }
      if (hit) {
        var mark = doc.createElement('mark');
        mark.appendChild(doc.createTextNode(piece));
        parent.appendChild(mark);
      } else {
        parent.appendChild(doc.createTextNode(piece));
      }
    }
  }

  function matches(text, keyLists) {
    var found = words(text);
    for (var i = 0; i < found.length; i += 1) {
      var own = forms(found[i]);
      for (var f = 0; f < own.length; f += 1) {
        for (var k = 0; k < keyLists.length; k += 1) {
          if (startsWithAny(own[f], keyLists[k])) {
            return true;
          }
        }
      }
    }
    return false;
  }

  // The snippet of a page: the first heading with a match, else its description.
  function snippetOf(page, keyLists) {
    var headings = page[4] || [];
    for (var i = 0; i < headings.length; i += 1) {
      if (matches(headings[i], keyLists)) {
        return headings[i];
      }
    }
    return page[3] || '';
  }

  function item(page, keyLists) {
    var li = doc.createElement('li');
    li.className = 'search__result';
    var link = doc.createElement('a');
    link.className = 'search__result-link';
    link.href = index.base + page[0] + index.suffix;
    marked(link, page[1], keyLists);
    li.appendChild(link);
    var section = page[2] >= 0 ? index.sections[page[2]] : '';
    if (section && section !== page[1]) {
      var where = doc.createElement('p');
      where.className = 'search__result-section';
      where.appendChild(doc.createTextNode(section));
      li.appendChild(where);
    }
    var snippet = snippetOf(page, keyLists);
    if (snippet) {
      var p = doc.createElement('p');
      p.className = 'search__result-snippet';
      marked(p, snippet, keyLists);
      li.appendChild(p);
    }
    return li;
  }

  function show(found, keyLists) {
    clear(resultsList);
    var querying = !!input.value.replace(/\s+/g, '');
    resultsList.hidden = !querying || failed;
    if (az) {
      az.hidden = querying && !failed;
    }
    if (!querying || failed) {
      return;
    }
    for (var i = 0; i < found.length && i < SHOWN; i += 1) {
      resultsList.appendChild(item(index.pages[found[i].page], keyLists));
    }
  }

  function countText(count) {
    var name = count === 0 ? 'data-count-none' : count === 1 ? 'data-count-one' :
      count > SHOWN ? 'data-count-more' : 'data-count-many';
    return (input.getAttribute(name) || '')
      .replace('{count}', String(count))
      .replace('{shown}', String(SHOWN));
  }

  // Said once typing stops; emptied first so the same count is said again.
  function announce(text, now) {
    if (quiet) {
      window.clearTimeout(quiet);
    }
    status.textContent = '';
    quiet = window.setTimeout(function () {
      quiet = null;
      status.textContent = text || '';
    }, now ? 100 : QUIET_MS);
  }

  function update() {
    if (failed || !index) {
      return;
    }
    var queryWords = words(input.value);
    if (!queryWords.length) {
      show([], []);
      announce('');
      return;
    }
    if (missing(queryWords)) {
      return; // update() runs again when the terms files arrive
    }
    var keyLists = [];
    for (var i = 0; i < queryWords.length; i += 1) {
      keyLists.push(forms(queryWords[i]));
    }
    var found = search(queryWords);
    show(found, keyLists);
    announce(countText(found.length));
  }

  // ------------------------------------------------------ start

  input.addEventListener('input', update, false);
  // Leaving the page empties the box, so no query stays in the back-forward cache.
  window.addEventListener('pagehide', function () {
    input.value = '';
    show([], []);
    status.textContent = '';
  }, false);
  fetchJson(indexUrl, function (data) {
    index = data;
    update();
  });
}());
