/* The book's interactive figures (tools/sphinx_islands.py): each
   <figure data-island> of book/islands/ has inputs (data-var: the state),
   plots (<svg data-plot="f ~g">, curves over the figure's data-x; "~": a
   dotted reference) and read-outs (data-out="f" or "f@x", data-d decimals
   or "s3" significant digits), all computed here with lossbook's formulas. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var W = 340, H = 136, L = 38, T = 8, PW = 292, PH = 104;
  var EASY = 0.9, HARD = 0.1; // the focal island's two examples

  // lossbook.activations: exp only of non-positive arguments
  function softplus(x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }
  function sigmoid(z) {
    var e = Math.exp(-Math.abs(z));
    return (z >= 0 ? 1 : e) / (1 + e);
  }
  function target(s) { // lossbook.smooth_labels of the label 1, K = 2
    return 1 - s.eps / 2;
  }

  var F = {
    // log loss of a probability, logs clamped at -100 as
    // lossbook.binary_cross_entropy; the squared error; their slopes in a
    ll: function (s) {
      return -Math.max(s.y ? Math.log(s.a) : Math.log1p(-s.a), -100);
    },
    se: function (s) { return (s.a - s.y) * (s.a - s.y); },
    dll: function (s) { return s.y ? -1 / s.a : 1 / (1 - s.a); },
    dse: function (s) { return 2 * (s.a - s.y); },
    // from the logit: -log p_t is softplus(-z) for y = 1, softplus(z) for 0
    sig: function (s) { return sigmoid(s.z); },
    llz: function (s) { return softplus(s.y ? -s.z : s.z); },
    dz: function (s) { return sigmoid(s.z) - s.y; },
    tan: function (s) { // the tangent of llz at the slider's logit
      return F.llz(s.at) + F.dz(s.at) * (s.z - s.at.z);
    },
    // focal loss over the probability of the true class p_t
    mod: function (s) { return Math.pow(1 - s.pt, s.g); },
    ce: function (s) { return -Math.log(s.pt); },
    fl: function (s) { return F.mod(s) * F.ce(s); },
    easy: function () { return EASY; },
    hard: function () { return HARD; },
    ratio: function (s) { // how many times the hard example outweighs
      return F.mod(at(s, "hard")) / F.mod(at(s, "easy"));
    },
    // label smoothing, label 1: t softplus(-z) + (1 - t) softplus(z), as
    // lossbook.binary_cross_entropy_with_logits; a zero weight adds 0
    t: target,
    ls: function (s) {
      var t = target(s);
      return t * softplus(-s.z) + (t < 1 ? (1 - t) * softplus(s.z) : 0);
    },
    hard1: function (s) { return softplus(-s.z); },
    zstar: function (s) { // ln(t / (1 - t)); infinite for eps = 0
      return Math.log(target(s) / (s.eps / 2));
    }
  };

  function value(token, s) {
    if (token in F) { return F[token](s); }
    return token in s ? s[token] : Number(token);
  }
  function at(s, token) { // the state with the plotted variable s.x at token
    var u = {};
    for (var k in s) { u[k] = s[k]; }
    u[s.x] = value(token, s);
    u.at = s;
    return u;
  }

  var SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  function fmt(v, d) {
    if (v === Infinity) { return "∞"; }
    var text;
    if (d === "s3") {
      var e = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
      if (e < -3) {
        var m = (v / Math.pow(10, e)).toFixed(2);
        text = m + " × 10⁻" + String(-e).replace(/\d/g, function (c) {
          return SUP[c];
        });
      } else {
        text = v.toFixed(Math.max(0, 2 - e));
      }
    } else {
      text = v.toFixed(Number(d));
    }
    return /[1-9]/.test(text) ? text.replace("-", "−") : text.replace("-", "");
  }

  function el(parent, name, attrs, text) {
    var node = document.createElementNS(NS, name);
    for (var k in attrs) { node.setAttribute(k, attrs[k]); }
    if (text !== undefined) { node.textContent = text; }
    parent.appendChild(node);
    return node;
  }
  function label(v) { return v.replace("-", "−"); }

  function plot(svg, fig) {
    var xs = fig.dataset.x.split(" ").slice(1).map(Number);
    var ys = svg.dataset.y.split(" ").map(Number);
    var px = function (x) { return (x - xs[0]) / (xs[1] - xs[0]) * PW; };
    var py = function (y) {
      var p = (ys[1] - y) / (ys[1] - ys[0]) * PH;
      return Math.max(-9 * PH, Math.min(10 * PH, p)); // finite, off-chart
    };
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.dataset.yt.split(" ").forEach(function (t) {
      var y = T + py(Number(t));
      el(svg, "path", {"class": Number(t) ? "lbi-grid" : "lbi-ax",
        d: "M" + L + " " + y + "h" + PW});
      el(svg, "text", {x: L - 5, y: y + 4, "text-anchor": "end"}, label(t));
    });
    fig.dataset.xt.split(" ").forEach(function (t) {
      var x = L + px(Number(t));
      el(svg, "path", {"class": "lbi-ax", d: "M" + x + " " + (T + PH) + "v4"});
      el(svg, "text", {x: x, y: H - 6, "text-anchor": "middle"}, label(t));
    });
    el(svg, "rect", {"class": "lbi-ax", x: L, y: T, width: PW, height: PH});
    // curves are clipped to the plot area (a nested svg); dots are not,
    // so that a dot on the frame shows whole, and hide when off the chart
    var area = el(svg, "svg", {x: L, y: T, width: PW, height: PH});
    var over = el(svg, "g", {transform: "translate(" + L + " " + T + ")"});
    var marks = fig.dataset.at.split(" ").map(function () {
      return el(area, "path", {"class": "lbi-guide"});
    });
    var curves = svg.dataset.plot.split(" ").map(function (name, i) {
      var ref = name[0] === "~";
      return {
        f: F[name.replace("~", "")],
        path: el(area, "path", {"class": ref ? "lbi-ref" : "k" + i}),
        dots: ref ? [] : marks.map(function () {
          return el(over, "circle", {"class": "k" + i, r: 5});
        })
      };
    });
    return function draw(s) {
      var tokens = fig.dataset.at.split(" ");
      var xm = tokens.map(function (t) { return px(value(t, s)); });
      marks.forEach(function (m, j) {
        m.setAttribute("d", isFinite(xm[j]) ? "M" + xm[j] + " 0v" + PH : "");
      });
      curves.forEach(function (c) {
        var d = "";
        for (var i = 0; i <= 200; i++) {
          var x = xs[0] + (xs[1] - xs[0]) * i / 200;
          d += (i ? "L" : "M") + px(x).toFixed(1) + " " +
            py(c.f(at(s, String(x)))).toFixed(1);
        }
        c.path.setAttribute("d", d);
        c.dots.forEach(function (dot, j) {
          var y = py(c.f(at(s, tokens[j])));
          var shown = xm[j] > -1 && xm[j] < PW + 1 && y > -1 && y < PH + 1;
          dot.style.display = shown ? "" : "none";
          if (shown) {
            dot.setAttribute("cx", xm[j]);
            dot.setAttribute("cy", y);
          }
        });
      });
    };
  }

  function island(fig) {
    var inputs = fig.querySelectorAll("[data-var]");
    var draws = Array.prototype.map.call(
      fig.querySelectorAll("svg[data-plot]"),
      function (svg) { return plot(svg, fig); }
    );
    function update() {
      var s = {x: fig.dataset.x.split(" ")[0]};
      inputs.forEach(function (i) {
        if (i.type !== "radio" || i.checked) { s[i.dataset.var] = +i.value; }
      });
      draws.forEach(function (draw) { draw(s); });
      fig.querySelectorAll("[data-out]").forEach(function (o) {
        var k = o.dataset.out.split("@");
        var v = value(k[0], k[1] ? at(s, k[1]) : s);
        o.textContent = fmt(v, o.dataset.d);
      });
    }
    fig.addEventListener("input", update);
    update();
  }

  function start() {
    document.querySelectorAll("figure[data-island]").forEach(island);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
