// The incident list: built in the pages issue (stub).
import { h } from './dom.js';
import { t } from './i18n.js';

export function incidentListPage() {
  return {
    titleKey: 'nav.incidents',
    node: h('section', { class: 'card' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'nav.incidents' }, t('nav.incidents'))),
  };
}

