/**
 * What both labeling pages share, as browser JavaScript: the session from the URL fragment
 * (token, label set, annotator: the fragment never reaches a server or its log), the API
 * client, and DOM helpers that only ever set text, never HTML.
 */
export const commonScript = `
"use strict";
var session = (function () {
  var params = new URLSearchParams(location.hash.slice(1));
  return { token: params.get("token") || "", set: params.get("set") || "", annotator: params.get("annotator") || "sme" };
})();

function saveSession() {
  var params = new URLSearchParams({ token: session.token, set: session.set, annotator: session.annotator });
  history.replaceState(null, "", location.pathname + "#" + params.toString());
}

function ApiFailure(message, field, status) {
  this.message = message;
  this.field = field;
  this.status = status;
}

async function api(method, path, body) {
  var headers = { authorization: "Bearer " + session.token };
  if (body !== undefined) headers["content-type"] = "application/json";
  var response = await fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) });
  var type = response.headers.get("content-type") || "";
  var data = type.indexOf("json") >= 0 ? await response.json() : await response.text();
  if (!response.ok) {
    var error = data && data.error ? data.error : { message: response.statusText };
    throw new ApiFailure(error.message, error.field, response.status);
  }
  return data;
}

function setPath(suffix) {
  return "/v1/labels/" + encodeURIComponent(session.set) + (suffix || "");
}

function el(tag, attributes, children) {
  var node = document.createElement(tag);
  Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
  (children || []).forEach(function (child) {
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return node;
}

function show(id, children) {
  var node = document.getElementById(id);
  node.replaceChildren.apply(node, children);
}

function status(text, kind) {
  var node = document.getElementById("status");
  node.textContent = text;
  node.className = "status" + (kind ? " " + kind : "");
}

function failureText(error) {
  if (error instanceof ApiFailure) return error.message;
  return "the server did not answer: " + (error && error.message ? error.message : String(error));
}

function kappaText(value) {
  return value === null || value === undefined ? "n/a" : value.toFixed(2);
}

function intervalFigure(gate) {
  var pos = function (v) { return ((Math.max(-1, Math.min(1, v)) + 1) / 2 * 100).toFixed(1) + "%"; };
  var bar = el("div", { class: "interval", role: "img", "aria-label": gate.message });
  if (gate.interval) {
    var left = pos(gate.interval.lower);
    var width = ((gate.interval.upper - gate.interval.lower) / 2 * 100).toFixed(1) + "%";
    bar.appendChild(el("span", { class: "range", style: "left:" + left + ";width:" + width }));
  }
  if (gate.kappa !== null) bar.appendChild(el("span", { class: "point", style: "left:" + pos(gate.kappa) }));
  bar.appendChild(el("span", { class: "threshold", style: "left:" + pos(gate.threshold), title: "gate threshold" }));
  return [bar, el("div", { class: "scale" }, [el("span", {}, ["-1"]), el("span", {}, ["0"]), el("span", {}, ["kappa 1"])])];
}

async function showAgreement() {
  var result = await api("GET", setPath("/agreement"));
  if (result.pairs.length === 0) {
    show("agreement", [el("p", {}, ["One annotator so far: label the same conversations under another name to see how far two SMEs agree."])]);
    return;
  }
  var items = result.pairs.map(function (pair) {
    var interval = pair.interval ? " [" + kappaText(pair.interval.lower) + ", " + kappaText(pair.interval.upper) + "]" : "";
    var why = pair.kappa === null && pair.reason ? " (" + pair.reason + ")" : "";
    return el("li", { "data-pair": pair.annotators.join("|") }, [
      pair.annotators[0] + " vs " + pair.annotators[1] + ": kappa " + kappaText(pair.kappa) + interval + why +
        " on " + pair.shared + " shared (" + pair.agreed + " agree)",
    ]);
  });
  show("agreement", [el("ul", {}, items), el("p", {}, ["The ceiling a judge can be expected to reach."])]);
}
`;
