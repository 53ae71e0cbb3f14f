// The sandbox page: pick a person, read channels/DM/Home, type commands, use buttons and modals.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const base = location.pathname.replace(/[^/]*$/, "");
  const page = { me: null, where: "dm", version: -1, users: {}, userList: [], team: null,
    bot: null, poll: null, messagesKey: "", homeKey: "", modalKey: "" };
  const uiKey = sandboxKey();

  // The ui/ routes want the key printed with the address at start (`#key=…`); it stays in
  // this tab's session storage so that the page survives a reload without the fragment.
  function sandboxKey() {
    const fromUrl = new URLSearchParams(location.hash.slice(1)).get("key");
    if (fromUrl) sessionStorage.setItem("sandbox.key", fromUrl);
    return fromUrl || sessionStorage.getItem("sandbox.key") || "";
  }

  async function api(path, body) {
    const headers = { "X-Sandbox-Key": uiKey };
    const options = body === undefined ? { headers } : { method: "POST",
      headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(body) };
    const response = await fetch(base + path, options);
    return response.json();
  }

  function toast(text, isError = false) {
    const node = $("toast");
    node.textContent = text;
    node.classList.toggle("error", isError);
    node.classList.add("visible");
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => node.classList.remove("visible"), 5000);
  }

  function report(result) {
    if (result && result.ok === false) {
      toast(result.error || `The bot answered HTTP ${result.status}: ${result.body || "(no body)"}`, true);
    }
    return result;
  }

  const channelParam = () => (page.where === "team" ? page.team.id : "");

  // Navigation and identity

  function buildNav() {
    const items = [["team", `# ${page.team.name}`], ["dm", "Tomàtic"], ["home", "Home (Tomàtic)"]];
    $("nav").replaceChildren(...items.map(([where, label]) => {
      const button = BlockKit.el("button", { type: "button", class: "nav-item", text: label,
        "data-where": where, onclick: () => go(where) });
      return BlockKit.el("li", {}, button);
    }));
  }

  function go(where) {
    page.where = where;
    for (const button of document.querySelectorAll(".nav-item")) {
      const current = button.dataset.where === where;
      button.classList.toggle("active", current);
      if (current) button.setAttribute("aria-current", "page"); else button.removeAttribute("aria-current");
    }
    const titles = { team: `# ${page.team.name}`, dm: "Tomàtic", home: "Tomàtic · Home" };
    $("conversation-title").textContent = titles[where];
    $("home").hidden = where !== "home";
    $("messages").hidden = $("composer").hidden = where === "home";
    page.messagesKey = page.homeKey = "";
    if (where === "home") api("ui/home", { user: page.me }).then(report);
    restartPolling();
  }

  function chooseUser(id) {
    page.me = id;
    localStorage.setItem("sandbox.user", id);
    page.modalKey = "";
    restartPolling();
  }

  // Polling the workspace state (long poll: the server answers as soon as something changes)

  function restartPolling() {
    if (page.poll) page.poll.abort();
    page.version = -1;
    poll();
  }

  async function poll() {
    const controller = new AbortController();
    page.poll = controller;
    while (page.poll === controller) {
      try {
        const query = new URLSearchParams({ user: page.me, channel: channelParam(), since: page.version });
        const response = await fetch(`${base}ui/state?${query}`,
          { signal: controller.signal, headers: { "X-Sandbox-Key": uiKey } });
        const state = await response.json();
        if (page.poll !== controller) return;
        page.version = state.version;
        render(state);
      } catch (error) {
        if (controller.signal.aborted) return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  function render(state) {
    if (page.where === "home") renderHome(state.home);
    else renderMessages(state.messages);
    renderModal(state.modal);
  }

  // Messages

  function context(ref, surface, errors = {}) {
    return { users: page.users, userList: page.userList, surface, errors, confirm: askConfirm,
      onAction: (action) => runAction(ref, action),
      suggest: async (action) => (report(await api("ui/suggest", { user: page.me, ref, ...action })).options) };
  }

  async function runAction(ref, action, values = {}) {
    const result = await api("ui/action", { user: page.me, ref, ...action, values });
    report(result);
  }

  function fileNode(file) {
    if ((file.mimetype || "").startsWith("image/")) {
      return BlockKit.el("figure", { class: "file" }, [
        BlockKit.el("img", { src: base + file.url_private, alt: file.title || file.name }),
        BlockKit.el("figcaption", { text: file.title || file.name })]);
    }
    return BlockKit.el("a", { class: "file", href: base + file.url_private, text: `📎 ${file.title || file.name}` });
  }

  function attachmentColor(color) {
    const named = { good: "#2eb67d", warning: "#ecb22e", danger: "#e01e5a" };
    if (named[color]) return named[color];
    return /^#?[0-9a-f]{3,6}$/i.test(color || "") ? `#${color.replace("#", "")}` : "#dddddd";
  }

  function messageNode(message) {
    const el = BlockKit.el;
    const time = new Date(Number(message.ts) * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    const head = el("div", { class: "message-head" }, [
      el("span", { class: "author", text: message.user_name }),
      message.is_bot ? el("span", { class: "badge", text: "APP" }) : null,
      el("time", { text: time }),
      message.edited ? el("span", { class: "edited", text: "(edited)" }) : null]);
    const body = message.blocks && message.blocks.length
      ? BlockKit.render(message.blocks, context(message.ts, "message"))
      : el("div", { class: "bk-text-block", html: Mrkdwn.toHtml(message.text, page.users) });
    const attachments = (message.attachments || []).map((a) => el("div",
      { class: "attachment", style: `border-color: ${attachmentColor(a.color)}` },
      a.blocks ? BlockKit.render(a.blocks, context(message.ts, "message"))
        : el("div", { html: Mrkdwn.toHtml(a.text || a.fallback || "", page.users) })));
    const files = (message.files || []).map(fileNode);
    const note = message.ephemeral ? el("div", { class: "ephemeral-note", text: "👁 Only visible to you" }) : null;
    const avatar = el("div", { class: "avatar", "aria-hidden": "true", text: (message.user_name || "?")[0] });
    const classes = ["message", message.ephemeral ? "ephemeral" : "", message.thread_ts ? "reply" : ""];
    return el("li", { class: classes.join(" "), "data-ts": message.ts },
      [avatar, el("div", { class: "message-main" }, [note, head, body, ...attachments, ...files])]);
  }

  function renderMessages(messages) {
    const key = JSON.stringify(messages);
    if (key === page.messagesKey) return;
    const firstRender = page.messagesKey === "";
    page.messagesKey = key;
    const list = $("messages");
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.replaceChildren(...messages.map(messageNode));
    if (!messages.length) {
      list.append(BlockKit.el("li", { class: "empty", text: "No messages yet. Try /tomatic help." }));
    }
    if (atBottom || firstRender) list.scrollTop = list.scrollHeight;
  }

  function renderHome(home) {
    const key = JSON.stringify(home);
    if (key === page.homeKey) return;
    page.homeKey = key;
    $("home").replaceChildren(home ? BlockKit.render(home.blocks, context(home.id, "home"))
      : BlockKit.el("p", { class: "empty", text: "The bot has not published a Home view for you yet." }));
  }

  // Modals

  function renderModal(modal) {
    const backdrop = $("modal-backdrop");
    if (!modal) {
      if (!backdrop.hidden && document.activeElement && backdrop.contains(document.activeElement)) {
        $("composer-input").focus();
      }
      backdrop.hidden = true;
      page.modalKey = "";
      return;
    }
    const key = `${modal.id}:${modal.hash}`;
    if (key === page.modalKey) {
      BlockKit.showErrors($("modal-body"), modal.errors);
      return;
    }
    page.modalKey = key;
    page.modal = modal;
    $("modal-title").innerHTML = BlockKit.textHtml(modal.title, {});
    $("modal-close").textContent = (modal.close && modal.close.text) || "Cancel";
    $("modal-submit").hidden = !modal.submit;
    $("modal-submit").textContent = (modal.submit && modal.submit.text) || "Submit";
    $("modal-problem").textContent = "";
    const ctx = context(modal.id, "modal", modal.errors);
    ctx.onAction = (action) => runAction(modal.id, action, BlockKit.collect($("modal-body")));
    $("modal-body").replaceChildren(BlockKit.render(modal.blocks, ctx));
    backdrop.hidden = false;
    const first = $("modal-body").querySelector("input, select, textarea, button");
    (first || $("modal-close")).focus();
  }

  async function submitModal(event) {
    event.preventDefault();
    const modal = page.modal;
    const values = BlockKit.collect($("modal-body"));
    const result = await api("ui/submit", { user: page.me, view_id: modal.id, values });
    $("modal-problem").textContent = result.ok ? "" : "We had some trouble connecting. Try again?";
    report(result);
  }

  async function closeModal(all) {
    report(await api("ui/close", { user: page.me, all }));
  }

  function askConfirm(confirm) {
    const dialog = $("confirm");
    $("confirm-title").innerHTML = BlockKit.textHtml(confirm.title || { type: "plain_text", text: "Are you sure?" }, {});
    $("confirm-text").innerHTML = BlockKit.textHtml(confirm.text, { users: page.users });
    $("confirm-ok").textContent = (confirm.confirm && confirm.confirm.text) || "Confirm";
    $("confirm-ok").className = `bk-button ${confirm.style === "danger" ? "danger" : "primary"}`;
    $("confirm-deny").textContent = (confirm.deny && confirm.deny.text) || "Cancel";
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "confirm"), { once: true });
      dialog.returnValue = "";
      dialog.showModal();
    });
  }

  // Composer and demo actions

  async function send(event) {
    event.preventDefault();
    const input = $("composer-input");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    report(await api("ui/command", { user: page.me, channel: channelParam(), text }));
  }

  function buildDemoActions(actions) {
    $("demo-actions").replaceChildren(...actions.map((action) => BlockKit.el("button", {
      type: "button", class: "bk-button", text: action.label,
      onclick: async () => {
        const result = report(await api(`ui/demo/${encodeURIComponent(action.id)}`, { user: page.me }));
        if (result.ok && result.note) toast(result.note);
      },
    })));
  }

  function buildUserSelect(users) {
    const select = $("who");
    select.replaceChildren(...users.map((u) => BlockKit.el("option", {
      value: u.id, text: `${u.is_admin ? "★ " : ""}${u.real_name} (@${u.name})${u.is_admin ? " · coordinator" : ""}` })));
    const saved = localStorage.getItem("sandbox.user");
    select.value = users.some((u) => u.id === saved) ? saved : users[0].id;
    select.addEventListener("change", () => chooseUser(select.value));
    page.me = select.value;
  }

  async function start() {
    const boot = await api("ui/bootstrap");
    if (boot.ok === false) {
      $("conversation-title").textContent = "Open the sandbox with the address printed when " +
        "the service started: it carries the key (#key=…) this page needs.";
      return;
    }
    page.userList = boot.users;
    page.users = Object.fromEntries(boot.users.map((u) => [u.id, { name: u.real_name }]));
    page.users[boot.bot.id] = { name: boot.bot.name };
    page.team = boot.team_channel;
    buildUserSelect(boot.users);
    buildDemoActions(boot.demo_actions);
    buildNav();
    $("composer").addEventListener("submit", send);
    $("composer-input").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) send(event);
    });
    $("modal-form").addEventListener("submit", submitModal);
    $("modal-close").addEventListener("click", () => closeModal(false));
    $("modal-x").addEventListener("click", () => closeModal(true));
    $("modal").addEventListener("keydown", (event) => {
      if (event.key === "Escape") closeModal(false);
    });
    go("dm");
  }

  start();
})();
