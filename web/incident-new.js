// The new-incident form: built in the pages issue (stub).
import { h } from './dom.js';
import { t } from './i18n.js';

export function newIncidentPage() {
  return {
    titleKey: 'nav.new_incident',
    node: h('section', { class: 'card' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'nav.new_incident' }, t('nav.new_incident'))),
  };
}

