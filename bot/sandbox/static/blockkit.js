// Block Kit rendering for the sandbox page (messages, modals and the App Home).
// BlockKit.render(blocks, ctx) returns an element; ctx = {users, surface, errors, onAction, confirm,
// suggest}; suggest({block_id, action_id, value}) resolves to the options a type-ahead menu offers.
// onAction({block_id, action_id, type, value, selected}) is called when an interactive element is used.
// BlockKit.collect(root) returns {block_id: {action_id: raw}} from the rendered stateful elements.
"use strict";

const BlockKit = (() => {
  let uid = 0;
  const nextId = (prefix) => `${prefix}-${++uid}`;

  function el(tag, attrs = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "html") node.innerHTML = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of [].concat(children)) if (child) node.append(child);
    return node;
  }

  function textHtml(text, ctx) {
    if (!text) return "";
    if (typeof text === "string") return Mrkdwn.plainToHtml(text);
    return text.type === "mrkdwn" ? Mrkdwn.toHtml(text.text, ctx.users)
      : Mrkdwn.plainToHtml(text.text, text.emoji !== false);
  }

  const plain = (text) => (text && text.text) || "";

  function fire(ctx, block, element, extra) {
    const action = { block_id: block.block_id, action_id: element.action_id, type: element.type, ...extra };
    return ctx.onAction ? ctx.onAction(action) : undefined;
  }

  function tagged(node, block, element) {
    node.dataset.blockId = block.block_id || "";
    node.dataset.actionId = element.action_id || "";
    node.dataset.type = element.type;
    return node;
  }

  function options(element) {
    const groups = element.option_groups || [];
    return (element.options || []).concat(...groups.map((g) => g.options || []));
  }

  // Elements that fire actions as soon as they change (always outside input blocks).
  const firesOnChange = (block) => block.type !== "input" || block.dispatch_action;

  function button(element, block, ctx) {
    const style = element.style ? ` ${element.style}` : "";
    return el("button", {
      type: "button", class: `bk-button${style}`, html: textHtml(element.text, ctx),
      "aria-label": element.accessibility_label,
      onclick: async () => {
        if (element.url) window.open(element.url, "_blank", "noopener");
        if (element.confirm && !(await ctx.confirm(element.confirm))) return;
        fire(ctx, block, element, { value: element.value });
      },
    });
  }

  function staticSelect(element, block, ctx, id, multiple) {
    const select = el("select", { id, multiple, class: "bk-select" });
    if (!multiple) select.append(el("option", { value: "", text: plain(element.placeholder) || "Select…" }));
    const initial = new Set((element.initial_options || [element.initial_option])
      .filter(Boolean).map((o) => o.value));
    const addOption = (parent, option) => parent.append(el("option", {
      value: option.value, text: plain(option.text), selected: initial.has(option.value) }));
    (element.options || []).forEach((o) => addOption(select, o));
    for (const group of element.option_groups || []) {
      const node = el("optgroup", { label: plain(group.label) });
      group.options.forEach((o) => addOption(node, o));
      select.append(node);
    }
    if (firesOnChange(block)) {
      select.addEventListener("change", async () => {
        const chosen = [...select.selectedOptions].map((o) => o.value).filter(Boolean);
        if (element.confirm && !(await ctx.confirm(element.confirm))) return;
        fire(ctx, block, element, { selected: multiple ? chosen : chosen[0] });
      });
    }
    return tagged(select, block, element);
  }

  // Type-ahead menus: typing asks the app for options (a block_suggestion), which fill the menu.
  function externalSelect(element, block, ctx, id, multiple) {
    const hint = plain(element.placeholder) || "Type to search…";
    const select = el("select", { id, multiple, class: "bk-select" });
    const initial = [].concat(element.initial_options || element.initial_option || []);
    const optionNode = (o, selected) => el("option", { value: o.value, text: plain(o.text), selected });
    if (!multiple) select.append(el("option", { value: "", text: hint }));
    initial.forEach((o) => select.append(optionNode(o, true)));
    const search = el("input", { type: "search", class: "bk-typeahead", placeholder: hint, "aria-label": hint });
    let timer = null;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const found = (ctx.suggest ? await ctx.suggest({ block_id: block.block_id,
          action_id: element.action_id, value: search.value }) : null) || [];
        const kept = [...select.selectedOptions].filter((o) => o.value);
        const fresh = found.filter((o) => !kept.some((k) => k.value === o.value));
        const head = multiple ? [] : [el("option", { value: "", text: `${found.length} ⟶` })];
        select.replaceChildren(...head, ...kept, ...fresh.map((o) => optionNode(o, false)));
        if (!multiple && !kept.length && found.length) select.value = found[0].value;
      }, 250);
    });
    if (firesOnChange(block)) {
      select.addEventListener("change", () => {
        const chosen = [...select.selectedOptions].map((o) => o.value).filter(Boolean);
        fire(ctx, block, element, { selected: multiple ? chosen : chosen[0] });
      });
    }
    return el("div", { class: "bk-typeahead-wrap" }, [search, tagged(select, block, element)]);
  }

  function usersSelect(element, block, ctx, id) {
    const multiple = element.type === "multi_users_select";
    const initial = new Set([].concat(element.initial_users || element.initial_user || []));
    const select = el("select", { id, multiple, class: "bk-select" });
    if (!multiple) select.append(el("option", { value: "", text: plain(element.placeholder) || "Select a person" }));
    for (const user of ctx.userList || []) {
      select.append(el("option", { value: user.id, text: user.real_name, selected: initial.has(user.id) }));
    }
    if (firesOnChange(block)) {
      select.addEventListener("change", () => {
        const chosen = [...select.selectedOptions].map((o) => o.value).filter(Boolean);
        fire(ctx, block, element, { selected: multiple ? chosen : chosen[0] });
      });
    }
    return tagged(select, block, element);
  }

  function overflow(element, block, ctx) {
    const menu = el("div", { class: "bk-overflow-menu", role: "menu" });
    const details = el("details", { class: "bk-overflow" }, [
      el("summary", { "aria-label": "More actions", title: "More actions", text: "⋯" }), menu]);
    for (const option of element.options || []) {
      menu.append(el("button", {
        type: "button", role: "menuitem", text: plain(option.text),
        onclick: async () => {
          details.open = false;
          if (element.confirm && !(await ctx.confirm(element.confirm))) return;
          fire(ctx, block, element, { selected: option.value });
        },
      }));
    }
    return details;
  }

  function datepicker(element, block, ctx, id) {
    const input = el("input", { id, type: "date", class: "bk-date", value: element.initial_date });
    if (firesOnChange(block)) {
      input.addEventListener("change", () => fire(ctx, block, element, { selected: input.value || null }));
    }
    return tagged(input, block, element);
  }

  function timepicker(element, block, ctx, id) {
    return tagged(el("input", { id, type: "time", class: "bk-date", value: element.initial_time }), block, element);
  }

  function choiceList(element, block, ctx, id) {
    const isRadio = element.type === "radio_buttons";
    const initial = new Set((element.initial_options || [element.initial_option])
      .filter(Boolean).map((o) => o.value));
    const group = el("div", { id, class: "bk-choices", role: isRadio ? "radiogroup" : "group" });
    const name = nextId("choice");
    for (const option of element.options || []) {
      const inputId = nextId("opt");
      const input = el("input", { id: inputId, type: isRadio ? "radio" : "checkbox", name,
        value: option.value, checked: initial.has(option.value) });
      if (firesOnChange(block)) {
        input.addEventListener("change", () => {
          const chosen = [...group.querySelectorAll("input:checked")].map((i) => i.value);
          fire(ctx, block, element, { selected: isRadio ? chosen[0] : chosen });
        });
      }
      const description = option.description
        ? el("span", { class: "bk-hint", html: textHtml(option.description, ctx) }) : null;
      group.append(el("div", { class: "bk-choice" }, [input,
        el("label", { for: inputId, html: textHtml(option.text, ctx) }), description]));
    }
    return tagged(group, block, element);
  }

  function textInput(element, block, ctx, id) {
    const attrs = { id, class: "bk-text", placeholder: plain(element.placeholder),
      minlength: element.min_length, maxlength: element.max_length };
    const kind = { number_input: "number", email_text_input: "email", url_text_input: "url" }[element.type];
    const input = element.multiline ? el("textarea", { ...attrs, rows: 4 })
      : el("input", { ...attrs, type: kind || "text" });
    input.value = element.initial_value || "";
    if (firesOnChange(block)) {
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !element.multiline) fire(ctx, block, element, { selected: input.value });
      });
    }
    return tagged(input, block, element);
  }

  function image(element) {
    return el("img", { class: "bk-image-element", src: element.image_url, alt: element.alt_text || "" });
  }

  function element(node, block, ctx, id = nextId("el")) {
    switch (node.type) {
      case "button": return button(node, block, ctx);
      case "static_select": return staticSelect(node, block, ctx, id, false);
      case "multi_static_select": return staticSelect(node, block, ctx, id, true);
      case "external_select": return externalSelect(node, block, ctx, id, false);
      case "multi_external_select": return externalSelect(node, block, ctx, id, true);
      case "users_select": case "multi_users_select": return usersSelect(node, block, ctx, id);
      case "overflow": return overflow(node, block, ctx);
      case "datepicker": return datepicker(node, block, ctx, id);
      case "timepicker": return timepicker(node, block, ctx, id);
      case "checkboxes": case "radio_buttons": return choiceList(node, block, ctx, id);
      case "plain_text_input": case "number_input": case "email_text_input": case "url_text_input":
        return textInput(node, block, ctx, id);
      case "image": return image(node);
      default: return el("span", { class: "bk-unsupported", text: `[${node.type}]` });
    }
  }

  const BLOCKS = {
    header: (block, ctx) => el("h3", { class: "bk-header", html: textHtml(block.text, ctx) }),
    divider: () => el("hr", { class: "bk-divider" }),
    section(block, ctx) {
      const body = el("div", { class: "bk-section-body" });
      if (block.text) body.append(el("div", { class: "bk-text-block", html: textHtml(block.text, ctx) }));
      if (block.fields) {
        body.append(el("div", { class: "bk-fields" },
          block.fields.map((f) => el("div", { class: "bk-field", html: textHtml(f, ctx) }))));
      }
      const accessory = block.accessory ? el("div", { class: "bk-accessory" }, element(block.accessory, block, ctx)) : null;
      return el("div", { class: "bk-section" }, [body, accessory]);
    },
    context: (block, ctx) => el("div", { class: "bk-context" }, (block.elements || []).map((item) =>
      item.type === "image" ? image(item) : el("span", { html: textHtml(item, ctx) }))),
    image: (block, ctx) => el("figure", { class: "bk-image" }, [
      block.title ? el("figcaption", { html: textHtml(block.title, ctx) }) : null,
      el("img", { src: block.image_url, alt: block.alt_text || "" })]),
    actions: (block, ctx) => el("div", { class: "bk-actions" },
      (block.elements || []).map((item) => element(item, block, ctx))),
    input(block, ctx) {
      const id = nextId("input");
      const error = (ctx.errors || {})[block.block_id];
      const label = el("label", { for: id, class: "bk-label", html: textHtml(block.label, ctx) },
        block.optional ? el("span", { class: "bk-optional", text: " (optional)" }) : null);
      const control = element(block.element, block, ctx, id);
      const hint = block.hint ? el("div", { class: "bk-hint", html: textHtml(block.hint, ctx) }) : null;
      const errorNode = el("div", { class: "bk-error", role: "alert", id: `${id}-error`, text: error || "" });
      if (error) control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", `${id}-error`);
      return el("div", { class: `bk-input${error ? " has-error" : ""}` }, [label, control, hint, errorNode]);
    },
    rich_text: (block) => el("div", { class: "bk-text-block", text: richText(block) }),
    markdown: (block, ctx) => el("div", { class: "bk-text-block", html: Mrkdwn.toHtml(block.text, ctx.users) }),
  };

  function richText(block) {
    const walk = (node) => node.text || (node.elements || []).map(walk).join("");
    return (block.elements || []).map(walk).join("\n");
  }

  function render(blocks, ctx) {
    const root = el("div", { class: "bk-blocks" });
    for (const block of blocks || []) {
      const renderer = BLOCKS[block.type];
      const node = renderer ? renderer(block, ctx)
        : el("div", { class: "bk-unsupported", text: `[${block.type} block]` });
      node.dataset.blockId = block.block_id || "";
      root.append(node);
    }
    return root;
  }

  function rawValue(node) {
    switch (node.dataset.type) {
      case "checkboxes": return [...node.querySelectorAll("input:checked")].map((i) => i.value);
      case "radio_buttons": { const on = node.querySelector("input:checked"); return on ? on.value : null; }
      case "multi_static_select": case "multi_external_select": case "multi_users_select":
        return [...node.selectedOptions].map((o) => o.value);
      default: return node.value === "" ? null : node.value;
    }
  }

  function collect(root) {
    const values = {};
    for (const node of root.querySelectorAll("[data-action-id][data-type]")) {
      if (!node.dataset.actionId) continue;
      const block = (values[node.dataset.blockId] ||= {});
      block[node.dataset.actionId] = rawValue(node);
    }
    return values;
  }

  function showErrors(root, errors) {
    for (const wrapper of root.querySelectorAll(".bk-input")) {
      const blockId = wrapper.dataset.blockId;
      const message = (errors || {})[blockId] || "";
      wrapper.classList.toggle("has-error", Boolean(message));
      wrapper.querySelector(".bk-error").textContent = message;
      const control = wrapper.querySelector("[data-action-id]");
      if (control) control.toggleAttribute("aria-invalid", Boolean(message));
    }
  }

  return { render, collect, showErrors, textHtml, el };
})();
