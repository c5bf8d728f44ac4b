// Search results a reader can tell apart, with a summary each, from file://
// (tools/sphinx_search.py writes the text this reads).
//
// Sphinx's searchtools.js lists the results; this script then gives each one
// (1) a title that names its section or glossary term and its page, e.g.
// "cross-entropy — Glossary" where Sphinx shows "Glossary", and (2) a
// summary: the words around the first match in that section's text, with
// the search terms marked. Sphinx would fetch each result's page for the
// summary, which browsers refuse from file://; the text comes instead from
// LOSSBOOK_SEARCH_TEXT, { docname: [[anchor, label, text], ...] }, loaded
// by the search page only.
(() => {
  const LENGTH = 220; // characters of a summary
  const BEFORE = 60; // of which, at most, before the first match
  const pages = window.LOSSBOOK_SEARCH_TEXT || {};

  const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  // What to look for: the whole query as typed ("cross-entropy" is marked
  // as one), its words, and each word or its stem as searchtools.js finds
  // it (stop words left out).
  function terms(query) {
    const phrase = query.toLowerCase().trim().split(/\s+/).join(" ");
    const stemmer = new Stemmer();
    const words = splitQuery(phrase)
      .filter((w) => !stopwords.includes(w) && !/^\d+$/.test(w))
      .map((w) => [w, stemmer.stemWord(w)].filter((t) => t.length > 1));
    const either = (list) =>
      new RegExp(
        [...new Set(list)]
          .sort((a, b) => b.length - a.length) // the longest match wins
          .map(escapeRegExp)
          .join("|"),
        "giu",
      );
    const all = [phrase, ...words.flat()].filter((t) => t.length > 1);
    return {
      phrase,
      words: words.filter((w) => w.length).map(either),
      pattern: all.length ? either(all) : null,
    };
  }

  // (search() and matchAll() leave the shared global patterns' lastIndex
  // alone; exec() would not.)
  function firstMatch(text, find) {
    const at = text.toLowerCase().indexOf(find.phrase);
    return at >= 0 || !find.pattern ? at : text.search(find.pattern);
  }

  const hasEvery = (text, find) =>
    find.words.length > 0 && find.words.every((w) => text.search(w) >= 0);

  // The page entry to summarise: the result's own section, term or API
  // entry when it has one, else the page's first entry whose text has the
  // query as typed, or else all its words, or else any of them; else the
  // same for the entries' titles; else the page's opening.
  function entryFor(entries, anchor, find) {
    const own = anchor && entries.find((e) => e[0] === anchor);
    if (own) return own;
    const tests = [
      (t) => t.toLowerCase().includes(find.phrase),
      (t) => hasEvery(t, find),
      (t) => firstMatch(t, find) >= 0,
    ];
    for (const part of [2, 1]) {
      for (const test of tests) {
        const found = entries.find((e) => test(e[part]));
        if (found) return found;
      }
    }
    return entries[0];
  }

  // The text that sums up an entry: its own, or for a section without
  // prose of its own (only API entries), the first entry after it that
  // mentions the query, or else the first one after it.
  function textFor(entries, entry, find) {
    if (entry[2]) return entry[2];
    const after = entries.slice(entries.indexOf(entry)).filter((e) => e[2]);
    const told = after.find((e) => firstMatch(e[2], find) >= 0) || after[0];
    return told ? told[2] : "";
  }

  // Chinese (the glossary's terms) in a span marked as such, for its font
  // and its voice, as on the glossary page.
  const CHINESE = /([\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+)/;
  function appendText(parent, text) {
    text.split(CHINESE).forEach((part, i) => {
      if (i % 2) {
        const span = parent.appendChild(document.createElement("span"));
        span.lang = "zh";
        span.textContent = part;
      } else if (part) {
        parent.append(part);
      }
    });
  }

  // The text around the first match, cut at spaces, the terms in <mark>.
  function summary(text, find) {
    const at = Math.max(firstMatch(text, find), 0);
    let start = Math.max(at - BEFORE, 0);
    let end = Math.min(start + LENGTH, text.length);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    if (end < text.length) end = text.lastIndexOf(" ", end) || end;
    const snippet = text.slice(start, end);
    const p = document.createElement("p");
    p.className = "context lossbook-search-summary";
    p.append(start > 0 ? "… " : "");
    let last = 0;
    for (const m of find.pattern ? snippet.matchAll(find.pattern) : []) {
      appendText(p, snippet.slice(last, m.index));
      p.appendChild(document.createElement("mark")).textContent = m[0];
      last = m.index + m[0].length;
    }
    appendText(p, snippet.slice(last));
    p.append(end < text.length ? " …" : "");
    return p;
  }

  // A page's title as the search index has it, without its HTML
  // (<span class="section-number">7. </span>Class imbalance...).
  function pageTitle(docname) {
    const index = Search._index;
    const html = index.titles[index.docnames.indexOf(docname)];
    return new DOMParser().parseFromString(html, "text/html").body.textContent;
  }

  function describe(item, find) {
    const link = item.querySelector("a");
    if (!link || "described" in item.dataset) return;
    item.dataset.described = "";
    const [path, anchor = ""] = link.getAttribute("href").split("#");
    const docname = path.slice(0, -DOCUMENTATION_OPTIONS.LINK_SUFFIX.length);
    const entries = pages[docname];
    if (!entries || !entries.length) return;
    const entry = entryFor(entries, anchor, find);
    const label = entry[1];
    const page = pageTitle(docname);
    if (label && entry !== entries[0]) {
      if (entry[0] === anchor) {
        link.textContent = `${label} — ${page}`;
      } else {
        const where = document.createElement("span");
        where.className = "lossbook-search-where";
        where.textContent = ` › ${label}`;
        link.after(where);
      }
    }
    const text = textFor(entries, entry, find);
    if (text) item.appendChild(summary(text, find));
  }

  function start() {
    const query = new URLSearchParams(window.location.search).get("q");
    const results = document.getElementById("search-results");
    if (!query || !results) return;
    const find = terms(query);
    const describeAll = () =>
      results.querySelectorAll("ul.search > li").forEach((item) => {
        describe(item, find);
      });
    describeAll(); // the results listed so far, then each one added
    new MutationObserver(describeAll).observe(results, {
      childList: true,
      subtree: true,
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
