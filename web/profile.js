// The profile page: built in the pages issue (stub).
import { h } from './dom.js';
import { t } from './i18n.js';

export function profilePage() {
  return {
    titleKey: 'nav.profile',
    node: h('section', { class: 'card' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'nav.profile' }, t('nav.profile'))),
  };
}

