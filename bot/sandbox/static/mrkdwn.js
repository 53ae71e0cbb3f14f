// Slack "mrkdwn" to HTML: *bold*, _italic_, ~strike~, `code`, ```blocks```, > quotes,
// <links|text>, <@U…> mentions, <#C…|name> channels and <!here>-style broadcasts.
"use strict";

const Mrkdwn = (() => {
  const EMOJI = {
    white_check_mark: "✅", x: "❌", warning: "⚠️", telephone_receiver: "📞", phone: "☎️",
    bell: "🔔", no_entry: "⛔", double_vertical_bar: "⏸️", green_circle: "🟢", red_circle: "🔴",
    calendar: "📅", tomato: "🍅", wave: "👋", tada: "🎉", pencil: "📝", mag: "🔍",
    information_source: "ℹ️", clock1: "🕐", heavy_plus_sign: "➕", wastebasket: "🗑️",
    large_green_circle: "🟢", large_yellow_circle: "🟡", large_orange_circle: "🟠",
    large_blue_circle: "🔵", lock: "🔒", white_circle: "⚪", black_circle: "⚫",
    calling: "📲", hourglass: "⌛", busts_in_silhouette: "👥", no_bell: "🔕",
  };

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  function decodeEntities(text) {
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }

  function safeUrl(url) {
    return /^(https?:|mailto:|tel:)/i.test(url) ? url : "#";
  }

  function special(token, users) {
    const [target, label] = token.split("|", 2);
    if (target.startsWith("@")) {
      const user = users[target.slice(1)];
      return `<span class="mention">@${escapeHtml(user ? user.name : target.slice(1))}</span>`;
    }
    if (target.startsWith("#")) {
      return `<span class="mention">#${escapeHtml(label || target.slice(1))}</span>`;
    }
    if (target.startsWith("!")) {
      const word = target.slice(1).split("^")[0];
      return `<span class="mention broadcast">@${escapeHtml(label || word)}</span>`;
    }
    const url = decodeEntities(target);
    const text = label ? decodeEntities(label) : url;
    return `<a href="${escapeHtml(safeUrl(url))}" target="_blank" rel="noopener">${escapeHtml(text)}</a>`;
  }

  function inline(html) {
    const edge = "(^|[\\s(>\"'])";
    const end = "(?=$|[\\s).,!?:;<\"'])";
    return html
      .replace(new RegExp(`${edge}\\*([^*\\n]+?)\\*${end}`, "g"), "$1<strong>$2</strong>")
      .replace(new RegExp(`${edge}_([^_\\n]+?)_${end}`, "g"), "$1<em>$2</em>")
      .replace(new RegExp(`${edge}~([^~\\n]+?)~${end}`, "g"), "$1<s>$2</s>")
      .replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] || all);
  }

  function quotes(html) {
    return html.split("\n").map((line) =>
      line.startsWith("&gt; ") || line === "&gt;"
        ? `<span class="quote">${line.replace(/^&gt; ?/, "")}</span>` : line).join("\n");
  }

  // Render Slack mrkdwn text to an HTML string; `users` maps user ids to {name}.
  function toHtml(text, users = {}) {
    const kept = [];
    const keep = (html) => `\u0000${kept.push(html) - 1}\u0000`;
    let source = String(text || "");
    source = source.replace(/```([\s\S]*?)```/g, (all, code) =>
      keep(`<pre class="code-block">${escapeHtml(decodeEntities(code.replace(/^\n/, "")))}</pre>`));
    source = source.replace(/`([^`\n]+)`/g, (all, code) =>
      keep(`<code>${escapeHtml(decodeEntities(code))}</code>`));
    source = source.replace(/<([^<>\n]+)>/g, (all, token) => keep(special(token, users)));
    let html = quotes(escapeHtml(decodeEntities(source)));
    html = inline(html).replace(/\n/g, "<br>");
    return html.replace(/\u0000(\d+)\u0000/g, (all, index) => kept[Number(index)]);
  }

  function plainToHtml(text, emoji = true) {
    const html = escapeHtml(String(text || ""));
    return (emoji ? html.replace(/:([a-z0-9_+-]+):/g, (all, n) => EMOJI[n] || all) : html)
      .replace(/\n/g, "<br>");
  }

  return { toHtml, plainToHtml, escapeHtml };
})();
