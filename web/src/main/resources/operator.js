// SPDX-License-Identifier: Apache-2.0
// The operator page's script, served as /operator/operator.js so the page's CSP needs no 'unsafe-inline'.
"use strict";
let auth = null;
const $ = (id) => document.getElementById(id);
const text = (value) => document.createTextNode(value == null ? "" : String(value));
function cell(row, value, code) {
  const td = row.insertCell();
  if (code) { const c = document.createElement("code"); c.appendChild(text(value)); td.appendChild(c); } else { td.appendChild(text(value)); }
  return td;
}
function age(seconds) {
  if (seconds < 60) return seconds + " s";
  if (seconds < 3600) return Math.floor(seconds / 60) + " min";
  return Math.floor(seconds / 3600) + " h " + Math.floor((seconds % 3600) / 60) + " min";
}
async function api(method, path, body) {
  const response = await fetch(path, { method, headers: Object.assign({ "Authorization": auth, "Accept": "application/json" },
      body ? { "Content-Type": "application/json" } : {}), body: body ? JSON.stringify(body) : undefined, credentials: "omit" });
  const data = response.headers.get("Content-Type") && response.headers.get("Content-Type").includes("json") ? await response.json() : null;
  if (!response.ok) { throw new Error((data && data.detail) || (response.status + " " + response.statusText)); }
  return data;
}
async function load() {
  const pending = await api("GET", "/api/v1/approvals?status=PENDING");
  const body = $("pending").tBodies[0];
  body.replaceChildren();
  for (const r of pending.items) {
    const row = body.insertRow();
    row.id = "request-" + r.id;
    cell(row, r.id); cell(row, r.subject, true); cell(row, r.san || "–", true); cell(row, r.keyType);
    cell(row, r.requester + " (" + r.authMethod + ")", true); cell(row, r.label || r.handler); cell(row, age(r.ageSeconds));
    const td = row.insertCell();
    const approve = document.createElement("button");
    approve.type = "button"; approve.className = "approve"; approve.textContent = "Approve";
    approve.setAttribute("aria-label", "Approve request " + r.id + " for " + r.subject);
    approve.addEventListener("click", () => decide(r.id, "approve"));
    const reason = document.createElement("input");
    reason.type = "text"; reason.placeholder = "reason to reject"; reason.id = "reason-" + r.id;
    reason.setAttribute("aria-label", "Reason to reject request " + r.id);
    const reject = document.createElement("button");
    reject.type = "button"; reject.className = "reject"; reject.textContent = "Reject";
    reject.setAttribute("aria-label", "Reject request " + r.id);
    reject.addEventListener("click", () => decide(r.id, "reject", reason.value));
    td.append(approve, reason, reject);
  }
  if (pending.items.length === 0) { const row = body.insertRow(); const td = cell(row, "No pending requests."); td.colSpan = 8; }
  const decided = await api("GET", "/api/v1/approvals?status=DECIDED&limit=20");
  const dbody = $("decided").tBodies[0];
  dbody.replaceChildren();
  for (const r of decided.items) {
    const row = dbody.insertRow();
    row.id = "decided-" + r.id;
    cell(row, r.id); cell(row, r.subject, true); cell(row, r.status); cell(row, r.decidedBy); cell(row, r.decidedAt); cell(row, r.reason || "");
  }
}
async function decide(id, action, reason) {
  try {
    if (action === "reject" && !(reason && reason.trim())) { $("status").textContent = "Give a reason to reject request " + id + "."; return; }
    await api("POST", "/api/v1/approvals/" + id + "/" + action, action === "reject" ? { reason } : undefined);
    $("status").textContent = "Request " + id + (action === "approve" ? " approved." : " rejected.");
    await load();
  } catch (e) { $("status").textContent = "Request " + id + ": " + e.message; await load(); }
}
$("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  auth = "Basic " + btoa(unescape(encodeURIComponent($("user").value + ":" + $("password").value)));
  try {
    await load();
    $("login").classList.add("hidden"); $("app").classList.remove("hidden");
    $("who").textContent = "Signed in as " + $("user").value; $("status").textContent = "";
    $("password").value = "";
  } catch (e) { auth = null; $("status").textContent = "Sign-in failed: " + e.message; }
});
$("refresh").addEventListener("click", () => load().catch((e) => { $("status").textContent = e.message; }));
