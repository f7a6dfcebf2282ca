// "Mark as read on scroll" (a setting): an unread entry that scrolls out of view above the list becomes read,
// through its own in-place read button (reader.js posts it and updates the counts). Without JavaScript nothing is
// marked on scroll; opening an entry still marks it read.

const list = document.querySelector('[data-mark-on-scroll="true"]');

if (list && 'IntersectionObserver' in window) {
  const observer = new IntersectionObserver((changes) => {
    for (const change of changes) {
      // Left through the top edge: read past, not skipped by scrolling back up.
      if (change.isIntersecting || change.boundingClientRect.bottom > (change.rootBounds?.top ?? 0)) continue;
      const item = change.target;
      observer.unobserve(item);
      const button = item.querySelector('button[data-inplace="read"][data-state="unread"]');
      button?.form?.requestSubmit(button);
    }
  });
  for (const item of list.querySelectorAll('.entry-item.is-unread')) observer.observe(item);
}
