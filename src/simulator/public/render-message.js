// Renders the bot's messages the way WeCom shows them: text, markdown in WeCom's limited subset
// (headings, bold, links, inline code, quotes, <font color="info|comment|warning">: no lists, tables
// or images), and button_interaction template cards, answered or not.

/** A DOM element with attributes and children; strings become text nodes (never HTML). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2).toLowerCase(), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** Inline markdown on one escaped line: code first (its content stays literal), then the rest. */
function renderInline(escaped) {
  const codes = [];
  let html = escaped.replace(/`([^`]+)`/g, (_m, code) => {
    codes.push(code);
    return `\u0000${codes.length - 1}\u0000`;
  });
  html = html
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>')
    .replace(
      /&lt;font color=(?:&quot;|&#39;)(info|comment|warning)(?:&quot;|&#39;)&gt;([\s\S]*?)&lt;\/font&gt;/g,
      '<span class="font-$1">$2</span>',
    );
  return html.replace(/\u0000(\d+)\u0000/g, (_m, index) => `<code>${codes[Number(index)]}</code>`);
}

/** WeCom markdown to safe HTML: everything is escaped first, then the supported subset applied. */
export function renderMarkdown(content) {
  const box = el('div', { className: 'bubble markdown' });
  box.innerHTML = content
    .split('\n')
    .map((line) => {
      const escaped = escapeHtml(line);
      const heading = /^(#{1,6})\s+(.*)$/.exec(escaped);
      if (heading) return `<h${heading[1].length}>${renderInline(heading[2])}</h${heading[1].length}>`;
      const quote = /^&gt;\s?(.*)$/.exec(escaped);
      if (quote) return `<blockquote>${renderInline(quote[1])}</blockquote>`;
      return `<div class="md-line">${renderInline(escaped)}</div>`;
    })
    .join('');
  return box;
}

export function renderText(content) {
  return el('div', { className: 'bubble' }, content);
}

/**
 * A button_interaction card. `view.replaceText` (from update_template_card) replaces the buttons
 * with grey text, as WeCom shows an answered card; otherwise every button of button_list is shown.
 */
export function renderCard(view, { onTap, onInspect, isInspected }) {
  const card = view.card ?? {};
  const rows = Array.isArray(card.horizontal_content_list) ? card.horizontal_content_list : [];
  const buttons = Array.isArray(card.button_list) ? card.button_list : [];
  const node = el(
    'div',
    {
      className: `wecom-card${isInspected ? ' inspected' : ''}`,
      'data-task-id': view.taskId,
      title: '点卡片空白处查看它背后的事项',
      onClick: (event) => {
        if (!event.target.closest('button')) onInspect(view);
      },
    },
    card.source?.desc ? el('div', { className: 'card-source' }, card.source.desc) : null,
    el('div', { className: 'card-title' }, card.main_title?.title ?? '（无标题）'),
    card.main_title?.desc ? el('div', { className: 'card-desc' }, card.main_title.desc) : null,
    card.sub_title_text ? el('div', { className: 'card-subtitle' }, card.sub_title_text) : null,
    rows.length > 0
      ? el(
          'div',
          { className: 'card-rows' },
          rows.flatMap((row) => [
            el('span', { className: 'card-key' }, row.keyname ?? ''),
            el('span', { className: 'card-value' }, row.value ?? ''),
          ]),
        )
      : null,
  );

  if (view.replaceText !== undefined) {
    node.append(el('div', { className: 'card-replaced' }, view.replaceText));
  } else if (buttons.length > 0) {
    node.append(
      el(
        'div',
        { className: 'card-buttons' },
        buttons.map((button) =>
          el(
            'button',
            {
              type: 'button',
              className: `card-button style-${button.style ?? 1}`,
              'data-key': button.key,
              onClick: (event) => onTap(view, button, event.currentTarget),
            },
            button.text,
          ),
        ),
      ),
    );
  }
  return node;
}

/** A file message as WeCom shows one: an icon with the extension, the name, the size; tap to download. */
export function renderFile(file) {
  const dot = file.name.lastIndexOf('.');
  const extension = dot > 0 ? file.name.slice(dot + 1, dot + 5).toUpperCase() : '文件';
  return el(
    'a',
    {
      className: 'file-bubble',
      href: `/simulator/api/files/${encodeURIComponent(file.mediaId)}`,
      download: file.name,
      title: '下载（企业微信只保留 3 天）',
    },
    el('span', { className: 'file-icon', 'aria-hidden': 'true' }, extension),
    el(
      'span',
      { className: 'file-text' },
      el('span', { className: 'file-name' }, file.name),
      el('span', { className: 'file-size' }, file.sizeText),
    ),
  );
}

/** Anything else the bot might send (textcard, news…): its type and fields, plainly. */
export function renderOther(msgtype, raw) {
  return el('div', { className: 'bubble' }, `［${msgtype} 消息］\n${JSON.stringify(raw, null, 2)}`);
}
