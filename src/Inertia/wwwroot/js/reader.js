// Inertia reader: in-place actions and keyboard shortcuts. Optional by design: every page works without it,
// forms post normally and links navigate.

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

document.documentElement.classList.add('has-js');

// The server renders UTC; the browser knows the reader's time zone.
const dateFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
for (const time of $$('time.local-time, time.local-title')) {
  const date = new Date(time.dateTime);
  if (Number.isNaN(date.getTime())) continue;
  if (time.classList.contains('local-time')) time.textContent = dateFormat.format(date);
  else time.title = dateFormat.format(date);
}

// Collapsed categories stay collapsed from page to page (the <details> work without this too).
const collapsedKey = 'inertia.collapsed';
const collapsed = new Set(JSON.parse(localStorage.getItem(collapsedKey) ?? '[]'));
for (const details of $$('details[data-category-id]')) {
  if (collapsed.has(details.dataset.categoryId)) details.open = false;
  details.addEventListener('toggle', () => {
    if (details.open) collapsed.delete(details.dataset.categoryId);
    else collapsed.add(details.dataset.categoryId);
    localStorage.setItem(collapsedKey, JSON.stringify([...collapsed]));
  });
}

// The reading pane opens scrolled to the entry being read.
const pane = $('.pane-list');
const paneCurrent = pane && $('.pane-item.current', pane);
if (pane && paneCurrent && pane.offsetParent !== null) pane.scrollTop = paneCurrent.offsetTop - pane.clientHeight / 3;

// ---------- in-place actions ----------

function setCount(element, value) {
  if (!element || typeof value !== 'number') return;
  element.textContent = String(value);
  element.hidden = value === 0;
}

// "(3) Unread · Inertia": the tab shows what is waiting.
const baseTitle = document.title;
function showUnreadInTitle() {
  const total = $('[data-unread-total]');
  const count = total && !total.hidden ? Number(total.textContent) : 0;
  document.title = count > 0 ? `(${count}) ${baseTitle}` : baseTitle;
}
showUnreadInTitle();

function updateCounts(state) {
  setCount($('[data-unread-total]'), state.unread);
  showUnreadInTitle();
  if (state.feedId != null) setCount($(`[data-unread-feed="${state.feedId}"]`), state.feedUnread);
  for (const category of $$('[data-category-id]')) {
    const sum = $$('[data-unread-feed]', category).reduce((total, el) => total + (Number(el.textContent) || 0), 0);
    setCount($('[data-unread-category]', category), sum);
  }
}

function applyToggle(button, on, onState, offState) {
  button.value = String(!on); // the next press does the opposite
  const state = on ? onState : offState;
  button.dataset.state = state;
  button.textContent = button.dataset[`label${state[0].toUpperCase()}${state.slice(1)}`] ?? button.textContent;
  if (button.hasAttribute('aria-pressed')) button.setAttribute('aria-pressed', String(on));
}

const apply = {
  read(button, state) {
    applyToggle(button, state.read, 'read', 'unread');
    const item = button.closest('.entry-item');
    item?.classList.toggle('is-read', state.read);
    item?.classList.toggle('is-unread', !state.read);
    updateCounts(state);
  },
  star(button, state) {
    applyToggle(button, state.starred, 'starred', 'unstarred');
  },
  'mark-all'(button) {
    location.assign(button.form.elements.returnUrl?.value || location.href);
  },
  // Every entry listed above this one is now read.
  'mark-above'(button, state) {
    const item = button.closest('.entry-item');
    for (const above of items()) {
      if (above === item) break;
      above.classList.replace('is-unread', 'is-read');
      const read = $('button[data-inplace="read"]', above);
      if (read) applyToggle(read, true, 'read', 'unread');
    }
    for (const [feedId, count] of Object.entries(state.feeds ?? {})) setCount($(`[data-unread-feed="${feedId}"]`), count);
    updateCounts(state);
  },
  'keep-unread'(button, state) {
    button.value = String(!state.keepUnread);
    button.setAttribute('aria-pressed', String(state.keepUnread));
    const read = $('button[data-inplace="read"]', button.form);
    if (read) applyToggle(read, state.read, 'read', 'unread');
    updateCounts(state);
  },
  // The sanitized article replaces the feed's content; the button then switches between the two versions.
  'full-article'(button, state) {
    const error = $('[data-testid="full-article-error"]');
    if (!state.ok) {
      if (error) { error.textContent = state.error; error.hidden = false; }
      return;
    }
    if (error) error.hidden = true;
    const content = $('[data-testid="entry-content"]');
    const versions = { feed: content.innerHTML, full: state.content };
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'action';
    toggle.dataset.articleToggle = '';
    const show = (view) => {
      content.innerHTML = versions[view];
      content.dataset.view = view;
      toggle.dataset.testid = view === 'full' ? 'show-feed-version' : 'show-full-article';
      toggle.textContent = view === 'full' ? button.dataset.labelFeed : button.dataset.labelFull;
    };
    toggle.addEventListener('click', () => show(content.dataset.view === 'full' ? 'feed' : 'full'));
    button.replaceWith(toggle);
    show('full');
  },
};

// Set on a form while it is re-submitted the plain way after an in-place attempt failed.
const plain = new WeakSet();

// In-place actions are submit buttons with data-inplace (their own formaction, name and value), or forms with it.
document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || plain.has(form)) return;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  const submitter = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
  const kind = submitter?.dataset.inplace ?? form.dataset.inplace;
  if (!kind || !apply[kind]) return;
  event.preventDefault();
  const button = submitter ?? $('button[type="submit"]', form);
  const action = submitter?.hasAttribute('formaction') ? submitter.formAction : form.action;
  button.setAttribute('data-busy', '');
  try {
    const response = await fetch(action, {
      method: 'POST',
      body: new FormData(form, submitter), // the form's antiforgery field and returnUrl, the button's name=value
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (response.status === 401) {
      location.assign(`/signin?returnUrl=${encodeURIComponent(location.pathname + location.search)}`);
      return;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    apply[kind](button, await response.json());
  } catch {
    plain.add(form); // the plain post still works
    form.requestSubmit(submitter);
  } finally {
    button.removeAttribute('data-busy');
  }
});

// The Clipboard API exists only in secure contexts; a reader served over plain HTTP on a LAN falls back to a selection.
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

document.addEventListener('click', async (event) => {
  const copy = event.target.closest('[data-copy]');
  if (copy) {
    if (await copyText(copy.dataset.copy)) {
      const label = copy.textContent;
      copy.textContent = copy.dataset.copied || label;
      setTimeout(() => { copy.textContent = label; }, 1500);
    }
    return;
  }
  if (event.target.closest('[data-action="help"]')) {
    showHelp();
    return;
  }
  const toggle = event.target.closest('.menu-toggle');
  if (toggle) {
    event.preventDefault();
    $('#sidebar')?.classList.toggle('open');
    return;
  }
  if (event.target.closest('.sidebar-close')) {
    event.preventDefault();
    $('#sidebar')?.classList.remove('open');
    if (location.hash === '#sidebar') history.replaceState(null, '', location.pathname + location.search);
  }
});

// ---------- keyboard ----------

const items = () => $$('.entry-item');
let current = -1;

function select(index) {
  const list = items();
  if (list.length === 0) return;
  current = Math.max(0, Math.min(index, list.length - 1));
  list.forEach((item, i) => item.classList.toggle('is-current', i === current));
  const link = $('[data-testid="entry-link"]', list[current]);
  link?.focus({ preventScroll: true });
  list[current].scrollIntoView({ block: 'nearest' });
}

function currentItem() {
  const list = items();
  if (list.length === 0) return null;
  if (current < 0) {
    const focused = document.activeElement?.closest?.('.entry-item');
    current = focused ? list.indexOf(focused) : 0;
  }
  return list[current] ?? null;
}

// On an entry page the "current item" is the entry itself.
const scope = () => $('[data-testid="entry"]') ?? currentItem();

function follow(selector) {
  const link = $(selector);
  if (link) location.assign(link.href);
}

function move(step) {
  if ($('[data-testid="entry"]')) {
    follow(step > 0 ? '.entry-nav [rel="next"]' : '.entry-nav [rel="prev"]');
    return;
  }
  select(current < 0 && step > 0 ? 0 : current + step);
}

function submitIn(root, kind) {
  const button = root && $(`button[data-inplace="${kind}"]`, root);
  button?.form?.requestSubmit(button);
}

function openOriginal() {
  const root = scope();
  const link = root && $('[data-testid="read-original"], [data-testid="item-original"]', root);
  if (link) window.open(link.href, '_blank', 'noopener,noreferrer');
}

function showHelp() {
  const dialog = $('#shortcuts');
  if (dialog && !dialog.open) dialog.showModal();
}

const go = { u: '/reader/unread', s: '/reader/starred', a: '/reader/all' };
let awaitingGo = false;
let goTimer;

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  const target = event.target;
  if (target instanceof Element && target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], dialog[open]')) return;

  if (awaitingGo) {
    awaitingGo = false;
    clearTimeout(goTimer);
    if (go[event.key]) {
      event.preventDefault();
      location.assign(go[event.key]);
    }
    return;
  }

  const onControl = target instanceof Element && target.closest('a, button');
  switch (event.key) {
    case 'j': move(1); break;
    case 'k': move(-1); break;
    case 'o': {
      const link = currentItem() && $('[data-testid="entry-link"]', currentItem());
      if (link) location.assign(link.href);
      break;
    }
    case 'Enter': {
      if (onControl) return; // the focused link or button does its own thing
      const link = currentItem() && $('[data-testid="entry-link"]', currentItem());
      if (link) location.assign(link.href);
      else return;
      break;
    }
    case 'v': openOriginal(); break;
    case 'm': submitIn(scope(), 'read'); break;
    case 's': submitIn(scope(), 'star'); break;
    case 'A': $('form[data-inplace="mark-all"]')?.requestSubmit(); break;
    case 'M': submitIn(currentItem(), 'mark-above'); break;
    case 'u': submitIn($('[data-testid="entry"]'), 'keep-unread'); break;
    case 'f': {
      const entry = $('[data-testid="entry"]');
      const fetchButton = entry && $('button[data-inplace="full-article"]', entry);
      const toggle = entry && $('[data-article-toggle]', entry);
      if (fetchButton) fetchButton.form.requestSubmit(fetchButton);
      else if (toggle) toggle.click();
      else return;
      break;
    }
    case 'c': {
      const root = scope();
      const copy = root && $('[data-copy]', root);
      if (copy) copy.click();
      else return;
      break;
    }
    case 't': {
      const tagInput = $('[data-testid="tag-input"]');
      if (tagInput) tagInput.focus();
      else return;
      break;
    }
    case 'g':
      awaitingGo = true;
      goTimer = setTimeout(() => { awaitingGo = false; }, 2000);
      break;
    case '/': {
      const search = $$('[data-testid="search-page-input"], [data-testid="search-input"]').find((el) => el.offsetParent !== null);
      if (search) search.focus();
      else location.assign('/reader/search');
      break;
    }
    case '?': showHelp(); break;
    default: return;
  }
  event.preventDefault();
});

// ---------- OPML import progress ----------

// Without JS the status page reloads itself (meta refresh in <noscript>); with JS the status block is re-read and
// swapped in place until the import is done.
const importStatus = $('[data-import-status]');
if (importStatus && importStatus.dataset.importStatus !== 'done') {
  const poll = async () => {
    try {
      const response = await fetch(location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      if (response.ok) {
        const fresh = $('[data-import-status]', new DOMParser().parseFromString(await response.text(), 'text/html'));
        const current = $('[data-import-status]');
        if (fresh && current) {
          current.replaceWith(fresh);
          if (fresh.dataset.importStatus === 'done') return;
        }
      }
    } catch { /* a missed poll: try again */ }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
}
// Offline reading and installation (Reader/Offline/service-worker.js); without it everything works online.
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});

// Module scripts run after the page is parsed: a key pressed before this line has no listener yet. Browser tests
// wait for this mark before they press keys on a freshly loaded page.
document.documentElement.dataset.scriptReady = 'true';
